import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { SiteConfig, StaffSignInConfig } from '../../shared/auth/site-config.ts';

/**
 * Staff sign-in for the console and the dashboard: OpenID Connect authorization code with PKCE through
 * oidc-client-ts, against the issuer named in `/config.json` (Cognito's managed login in the cloud, the local
 * provider on one machine). Tokens live in sessionStorage, never localStorage: they end with the tab. The access
 * token renews silently with the refresh token before it expires; signing out ends the session at the provider.
 * The hash the user was on goes through the sign-in as OIDC state and is restored afterwards.
 */

export type SignInNotice = 'expired' | 'signed-out' | 'failed' | null;

export type AuthStart =
  | { readonly kind: 'signed-in' }
  | { readonly kind: 'signed-out'; readonly notice: SignInNotice }
  /** `/config.json` says staff sign-in is not configured for this deployment. */
  | { readonly kind: 'unconfigured' }
  /** The page is moving (to the configured site address, or the provider). */
  | { readonly kind: 'redirecting' };

interface ReturnState {
  readonly returnTo: string;
}

const storage = () => new WebStorageStateStore({ store: window.sessionStorage, prefix: 'huiyin.oidc.' });

function isSignInConfig(value: unknown): value is StaffSignInConfig {
  const config = value as Partial<StaffSignInConfig> | null;
  return (
    typeof config?.issuer === 'string' &&
    typeof config.clientId === 'string' &&
    typeof config.scope === 'string' &&
    Array.isArray(config.redirectUris) &&
    Array.isArray(config.postLogoutRedirectUris)
  );
}

async function loadConfig(): Promise<StaffSignInConfig | null> {
  const response = await fetch('/config.json', {
    headers: { accept: 'application/json' },
    cache: 'no-cache',
  });
  if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
  const config = (await response.json()) as Partial<SiteConfig>;
  if (config.staffSignIn === null) return null;
  if (!isSignInConfig(config.staffSignIn)) throw new Error('/config.json: staffSignIn is malformed');
  return config.staffSignIn;
}

/** This page's entry in a list of configured URIs (same path), or undefined. */
const forThisPage = (uris: readonly string[]) =>
  uris.find((uri) => new URL(uri).pathname === location.pathname);

export class StaffAuth {
  readonly #manager: UserManager;
  readonly #config: StaffSignInConfig;
  readonly #postLogoutUri: string;
  #onExpired: () => void = () => undefined;

  constructor(config: StaffSignInConfig, redirectUri: string) {
    this.#config = config;
    this.#postLogoutUri = forThisPage(config.postLogoutRedirectUris) ?? redirectUri;
    this.#manager = new UserManager({
      authority: config.issuer,
      client_id: config.clientId,
      redirect_uri: redirectUri,
      post_logout_redirect_uri: this.#postLogoutUri,
      response_type: 'code',
      scope: config.scope,
      userStore: storage(),
      stateStore: storage(),
      automaticSilentRenew: true,
      loadUserInfo: false,
      monitorSession: false,
      ...(config.endSessionEndpoint
        ? { metadataSeed: { end_session_endpoint: config.endSessionEndpoint } }
        : {}),
    });
    this.#manager.events.addAccessTokenExpired(() => this.expire());
    this.#manager.events.addSilentRenewError(() => this.expire());
  }

  /** Called when the session is gone (expired, renewal failed, or the API answered 401). */
  whenExpired(callback: () => void): void {
    this.#onExpired = callback;
  }

  async accessToken(): Promise<string | null> {
    const user = await this.#manager.getUser();
    return user && !user.expired ? user.access_token : null;
  }

  /** Forgets the tokens (the provider session may live on: the next sign-in may not need a password). */
  expire(): void {
    void this.#manager.removeUser().then(() => this.#onExpired());
  }

  #languageParameters(language: 'zh' | 'en'): Record<string, string> {
    const value = language === 'en' ? 'en' : 'zh-CN';
    return this.#config.languageParameter
      ? { [this.#config.languageParameter]: value }
      : { ui_locales: value };
  }

  /** To the provider; back to `returnTo` (a hash of this page) after sign-in. */
  signIn(returnTo: string, language: 'zh' | 'en'): Promise<void> {
    const state: ReturnState = { returnTo: returnTo.startsWith('#') ? returnTo : '' };
    return this.#manager.signinRedirect({ state, extraQueryParams: this.#languageParameters(language) });
  }

  /** Ends the session at the provider (its end-session endpoint) and comes back signed out. */
  signOut(language: 'zh' | 'en'): Promise<void> {
    const extra: Record<string, string> = { ...this.#languageParameters(language) };
    if (this.#config.logoutUriParameter) {
      extra[this.#config.logoutUriParameter] = this.#postLogoutUri;
      extra.client_id = this.#config.clientId;
    }
    return this.#manager.signoutRedirect({ state: 'signed-out', extraQueryParams: extra });
  }

  /** The page load: finishes a sign-in or sign-out coming back from the provider, or restores the session. */
  async start(): Promise<AuthStart> {
    const params = new URLSearchParams(location.search);
    if (params.has('code') || params.has('error')) {
      try {
        const user = await this.#manager.signinCallback();
        const returnTo = (user?.state as ReturnState | undefined)?.returnTo ?? '';
        history.replaceState(null, '', `${location.pathname}${returnTo}`);
        return { kind: 'signed-in' };
      } catch {
        history.replaceState(null, '', location.pathname);
        return { kind: 'signed-out', notice: 'failed' };
      }
    }
    if (params.has('state')) {
      await this.#manager.signoutCallback().catch(() => undefined);
      history.replaceState(null, '', location.pathname);
      return { kind: 'signed-out', notice: 'signed-out' };
    }
    const user: User | null = await this.#manager.getUser();
    if (user && !user.expired) return { kind: 'signed-in' };
    if (user?.refresh_token) {
      const renewed = await this.#manager.signinSilent().catch(() => null);
      if (renewed) return { kind: 'signed-in' };
      await this.#manager.removeUser();
      return { kind: 'signed-out', notice: 'expired' };
    }
    return { kind: 'signed-out', notice: null };
  }
}

/**
 * Reads `/config.json` and sets up sign-in for this page. A page reached at another address than the one the
 * provider redirects to (e.g. localhost instead of 127.0.0.1) moves there first: sign-in state is per origin.
 */
export async function startStaffAuth(): Promise<{ auth: StaffAuth | null; start: AuthStart }> {
  const config = await loadConfig();
  if (!config) return { auth: null, start: { kind: 'unconfigured' } };
  const redirectUri = forThisPage(config.redirectUris);
  if (!redirectUri) return { auth: null, start: { kind: 'unconfigured' } };
  const configured = new URL(redirectUri);
  if (configured.origin !== location.origin) {
    location.replace(`${configured.origin}${location.pathname}${location.search}${location.hash}`);
    return { auth: null, start: { kind: 'redirecting' } };
  }
  const auth = new StaffAuth(config, redirectUri);
  return { auth, start: await auth.start() };
}
