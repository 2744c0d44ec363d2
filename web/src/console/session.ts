/**
 * The signed-in user: the token lives in sessionStorage (`huiyin.token`), so it ends with the tab and is
 * never sent anywhere but our own API. When the token expires the console goes back to the login screen.
 */

export type Role = 'liaison' | 'handler' | 'supervisor' | 'admin';

export interface SessionUser {
  readonly id: string;
  readonly role: Role;
  readonly displayName: string;
  readonly unitId?: string;
  readonly studioId?: string;
}

export const TOKEN_KEY = 'huiyin.token';
const USER_KEY = 'huiyin.user';

let expiryTimer: number | undefined;
let onExpired: (() => void) | undefined;

/** Seconds since the epoch at which the JWT stops being valid (read, not verified: the server verifies). */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}

export function currentToken(): string | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  const exp = tokenExpiry(token);
  if (exp !== null && exp * 1000 <= Date.now()) {
    signOut();
    return null;
  }
  return token;
}

export function currentUser(): SessionUser | null {
  if (!currentToken()) return null;
  try {
    return JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null') as SessionUser | null;
  } catch {
    return null;
  }
}

function armExpiry(token: string): void {
  window.clearTimeout(expiryTimer);
  const exp = tokenExpiry(token);
  if (exp === null) return;
  const wait = Math.max(0, exp * 1000 - Date.now());
  // setTimeout holds at most ~24.8 days; tokens live for hours.
  expiryTimer = window.setTimeout(() => expire(), Math.min(wait, 2 ** 31 - 1));
}

export function signIn(token: string, user: SessionUser): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  armExpiry(token);
}

export function signOut(): void {
  window.clearTimeout(expiryTimer);
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}

/** The token expired or the server refused it: clear it and let the app show the login screen. */
export function expire(): void {
  signOut();
  onExpired?.();
}

export function whenExpired(callback: () => void): void {
  onExpired = callback;
  const token = currentToken();
  if (token) armExpiry(token);
}
