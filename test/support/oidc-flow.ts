import { createHash, randomBytes } from 'node:crypto';
import { TOTP } from 'otpauth';
import {
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  STAFF_CLIENT_ID,
  STAFF_SCOPE,
} from '../../infra/local/identity-provider.ts';
import { codeStep } from '../../infra/local/oidc-sign-in.ts';

/**
 * A relying party written out by hand for protocol tests: fetch with a cookie jar, PKCE (S256), the local
 * provider's sign-in forms, the token endpoint. The browser tests sign in through oidc-client-ts instead.
 */

export class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, setting] = attribute.split('=').map((part) => part.trim());
        return (
          (key?.toLowerCase() === 'expires' && Date.parse(setting ?? '') < Date.now()) ||
          (key?.toLowerCase() === 'max-age' && Number(setting) <= 0)
        );
      });
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

export interface Browserless {
  readonly jar: CookieJar;
  get(url: string): Promise<Response>;
  post(url: string, form: Record<string, string>): Promise<Response>;
}

export function browserless(): Browserless {
  const jar = new CookieJar();
  const send = async (url: string, init: RequestInit) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(response);
    return response;
  };
  return {
    jar,
    get: (url) => send(url, { method: 'GET' }),
    post: (url, form) =>
      send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }),
  };
}

export const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** The demo TOTP code for a given time step offset (0 = now). */
export function demoCode(offsetSteps = 0, secret = DEMO_TOTP_SECRET): string {
  return new TOTP({ secret, digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

/**
 * A six-digit code the demo account does not accept now or in the next minute: the provider takes the codes of
 * three time steps, and a code picked at random is one of them once in about 300,000 tries.
 */
export function wrongDemoCode(secret = DEMO_TOTP_SECRET): string {
  for (let offset = 10; ; offset++) {
    const code = demoCode(offset, secret);
    if (codeStep(secret, code, Date.now()) === null && codeStep(secret, code, Date.now() + 60_000) === null)
      return code;
  }
}

export const absolute = (base: string, location: string | null) => new URL(location ?? '', base).href;

export interface AuthorizeStart {
  readonly client: Browserless;
  readonly verifier: string;
  readonly state: string;
  /** The sign-in page's URL (`/oidc/interaction/<uid>`). */
  readonly interaction: string;
}

/** Starts an authorization request and follows it to the sign-in page. */
export async function startAuthorization(
  issuer: string,
  redirectUri: string,
  client: Browserless = browserless(),
): Promise<AuthorizeStart> {
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  const query = new URLSearchParams({
    client_id: STAFF_CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: STAFF_SCOPE,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const response = await client.get(`${issuer}/auth?${query}`);
  if (response.status !== 303) throw new Error(`authorize: ${response.status} ${await response.text()}`);
  return { client, verifier, state, interaction: absolute(issuer, response.headers.get('location')) };
}

/** Posts the sign-in steps; returns the redirect back to the console (with `code`) or the last page. */
export async function submitSteps(
  start: AuthorizeStart,
  steps: readonly Record<string, string>[],
): Promise<Response> {
  let response: Response | undefined;
  for (const step of steps) response = await start.client.post(start.interaction, step);
  if (response?.status !== 303) return response!;
  // Back to the authorization endpoint, which redirects to the console with the code.
  return start.client.get(absolute(start.interaction, response.headers.get('location')));
}

export async function exchangeCode(
  issuer: string,
  redirectUri: string,
  start: AuthorizeStart,
  callback: Response,
) {
  const location = new URL(callback.headers.get('location') ?? '', redirectUri);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.href}`);
  return fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: STAFF_CLIENT_ID,
      code_verifier: start.verifier,
    }).toString(),
  });
}

export interface Tokens {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly id_token: string;
  readonly expires_in: number;
}

/**
 * A demo account signed in the whole way (password, then the demo TOTP code); returns its tokens. A test that
 * must know which code was used (to replay it) passes the code itself.
 */
export async function signInDemo(
  issuer: string,
  redirectUri: string,
  username: string,
  codeOffset = 0,
  code = demoCode(codeOffset),
): Promise<Tokens & { client: Browserless }> {
  const start = await startAuthorization(issuer, redirectUri);
  const callback = await submitSteps(start, [
    { step: 'password', username, password: DEMO_PASSWORD },
    { step: 'totp', code },
  ]);
  const response = await exchangeCode(issuer, redirectUri, start, callback);
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return { ...((await response.json()) as Tokens), client: start.client };
}
