import { type AuthStart, type StaffAuth, startStaffAuth } from '../staff-auth.ts';
import { language } from './i18n.ts';

/**
 * The signed-in user of the console. Sign-in itself is OpenID Connect (../staff-auth.ts): tokens in
 * sessionStorage, renewed silently, never sent anywhere but our own API and the provider. Who the user is to
 * Huiyin (name, role, unit, studio) comes from `GET /api/staff/me`, kept in memory for the page's life.
 */

export type Role = 'liaison' | 'handler' | 'supervisor' | 'admin';

export interface SessionUser {
  readonly id: string;
  readonly role: Role;
  readonly displayName: string;
  readonly unitId?: string;
  readonly studioId?: string;
  /** Handlers who lead their unit: they assign its cases to people. */
  readonly unitLead?: boolean;
}

let auth: StaffAuth | null = null;
let user: SessionUser | null = null;
let onExpired: (() => void) | undefined;

/** Sets up sign-in for the page; see `AuthStart` for what the page shows next. */
export async function startSession(): Promise<AuthStart> {
  const started = await startStaffAuth();
  auth = started.auth;
  auth?.whenExpired(() => {
    user = null;
    onExpired?.();
  });
  return started.start;
}

export function currentUser(): SessionUser | null {
  return user;
}

export function setCurrentUser(signedIn: SessionUser): void {
  user = signedIn;
}

export function accessToken(): Promise<string | null> {
  return auth ? auth.accessToken() : Promise.resolve(null);
}

/** To the provider, coming back to the page the user is on. */
export function signIn(): Promise<void> {
  return auth ? auth.signIn(location.hash, language()) : Promise.resolve();
}

/** Ends the session here and at the provider. */
export function signOut(): Promise<void> {
  user = null;
  return auth ? auth.signOut(language()) : Promise.resolve();
}

/** The token expired or the server refused it: forget it and let the app show the sign-in screen. */
export function expire(): void {
  if (auth) auth.expire();
  else {
    user = null;
    onExpired?.();
  }
}

export function whenExpired(callback: () => void): void {
  onExpired = callback;
}
