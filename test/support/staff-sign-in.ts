import { TOTP } from 'otpauth';
import type { Cookie, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../infra/local/identity-provider.ts';

/**
 * Signs a staff member in the way a person does: the page's sign-in button, the local OIDC provider's sign-in
 * page (username, password), then the one-time code computed from the account's TOTP secret (the demo secret
 * for the seeded accounts). The provider accepts each code once per account, so a second sign-in of the same
 * account uses the next code (the provider accepts one step ahead), and waits for the clock beyond that.
 */

const PERIOD_MS = 30_000;
const lastStep = new Map<string, number>();

export function totpCode(secret: string, step: number): string {
  return new TOTP({ secret, digits: 6, period: 30 }).generate({ timestamp: step * PERIOD_MS });
}

/** A code for `username` that the provider has not seen yet. */
export async function freshCode(username: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  const key = `${username}|${secret}`;
  const needed = (lastStep.get(key) ?? -1) + 1;
  // The provider accepts the current step and the one after it; beyond that, wait for the clock.
  while (Math.floor(Date.now() / PERIOD_MS) + 1 < needed) {
    await new Promise((resolve) =>
      setTimeout(resolve, (Math.floor(Date.now() / PERIOD_MS) + 1) * PERIOD_MS - Date.now() + 50),
    );
  }
  const step = Math.max(Math.floor(Date.now() / PERIOD_MS), needed);
  lastStep.set(key, step);
  return totpCode(secret, step);
}

/** From the provider's password page on: username and password, then the code. */
export async function answerSignInPages(
  page: Page,
  username: string,
  options: { password?: string; secret?: string } = {},
): Promise<void> {
  await page.locator('#username').waitFor();
  await page.fill('#username', username);
  await page.fill('#password', options.password ?? DEMO_PASSWORD);
  await page.click('#submit');
  await page.locator('#code').waitFor();
  await page.fill('#code', await freshCode(username, options.secret));
  await page.click('#submit');
}

/**
 * The provider's session cookies of each account this test file has signed in, by site and username. A person
 * who signs in again in the same browser is not asked for a password while the provider's session lasts (as with
 * Cognito's hosted sign-in); reusing it spares a test the wait for the next TOTP step, which the provider accepts
 * once per account. The console's own flow (authorize, code, token) still runs in full on every sign-in.
 */
const providerSessions = new Map<string, Cookie[]>();

/**
 * Opens `path` (the console by default) and signs in through the provider: with the account's provider session
 * if this file has one and the provider still honours it, else with username, password and a fresh code. Waits
 * for the page to be ready.
 */
export async function signIn(
  page: Page,
  username: string,
  options: { path?: string; ready?: string; password?: string; secret?: string } = {},
): Promise<void> {
  const context = page.context();
  await page.goto(options.path ?? '/console.html');
  const origin = new URL(page.url()).origin;
  const key = `${origin}|${username}`;
  const session = providerSessions.get(key);
  if (session) await context.addCookies(session);
  await page.click('#sign-in');
  const ready = page.locator(options.ready ?? 'header.topbar');
  // The provider asks for the password when it has no session, or no longer honours it (a disabled account, a
  // reset password, a sign-out).
  const passwordPage = page.locator('#username');
  await passwordPage.or(ready).first().waitFor();
  if (await passwordPage.isVisible()) await answerSignInPages(page, username, options);
  await ready.waitFor();
  providerSessions.set(key, await context.cookies(origin));
}
