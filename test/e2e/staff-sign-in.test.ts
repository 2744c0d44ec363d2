import { resolve } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_CLIENT_ID } from '../../infra/local/identity-provider.ts';
import { desktopContext, launchBrowser } from '../support/browser.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { answerSignInPages, signIn } from '../support/staff-sign-in.ts';

/**
 * Staff sign-in end to end in Chromium: the console's OpenID Connect flow (code + PKCE through oidc-client-ts)
 * against the local provider with a password and a TOTP code, silent renewal, sign-out at the provider, a
 * foreign token sent back to sign-in keeping the page, and a disabled account refused within the cache window.
 */

let runtime: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  // Short lives, so renewal and the staff-record cache show within a test (defaults: 1 h and 5 min).
  process.env.STAFF_STATUS_CACHE_SECONDS = '2';
  runtime = await startTestRuntime({
    staticRoot: resolve(import.meta.dirname, '../../web/dist'),
    accessTokenTtlSeconds: 75,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

async function assignedCase(categoryCode: string) {
  const response = await runtime.postJson('/api/petitions', petitionBody({ categoryCode }));
  const created = (await response.json()) as { caseId: string; trackingCode: string };
  await eventually(
    async () => ((await runtime.caseStore.get(created.caseId))?.status === 'assigned' ? true : undefined),
    10_000,
  );
  return created;
}

/** oidc-client-ts's user entry in sessionStorage. */
async function storedUser(page: Page): Promise<{ access_token: string; refresh_token: string } | null> {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((candidate) => candidate.startsWith('huiyin.oidc.user:'));
    return key ? JSON.parse(sessionStorage.getItem(key) ?? 'null') : null;
  });
}

const me = (token: string) =>
  runtime.request('/api/staff/me', { headers: { authorization: `Bearer ${token}` } });

describe('staff sign-in', () => {
  it('signs a handler in with password and TOTP, back on the page they opened; works a case; signs out at the provider', async () => {
    const created = await assignedCase('transport');
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();

    // A link to a case, opened signed out.
    await page.goto(`/console.html#/case/${created.caseId}`);
    await page.click('#sign-in');
    await page.locator('#username').waitFor();
    const providerPage = { url: page.url(), title: await page.title() };
    await answerSignInPages(page, 'handler-dept-transport');
    await page.locator('#tracking-code').waitFor();
    const landed = page.url();
    const storage = await page.evaluate(() => ({
      session: Object.keys(sessionStorage),
      local: Object.entries(localStorage)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
    }));
    const user = await storedUser(page);

    await page.click('[data-action="acknowledge"]');
    await page.locator('#case-status', { hasText: '办理中' }).waitFor();
    await page.click('[data-action="reply"]');
    await page.fill('#reply-text', '站牌已于今日修复，感谢您的反映。');
    await page.click('form[data-form="reply"] button[type="submit"]');
    await page.locator('#case-status', { hasText: '已答复' }).waitFor();

    await page.click('#logout');
    await page.locator('#sign-in-notice', { hasText: '您已安全退出' }).waitFor();
    const afterSignOut = { url: page.url(), user: await storedUser(page) };
    const refreshAfterSignOut = await fetch(`${runtime.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: user?.refresh_token ?? '',
        client_id: STAFF_CLIENT_ID,
      }).toString(),
    });
    // The session at the provider has ended: signing in again asks for the password.
    await page.click('#sign-in');
    await page.locator('#password').waitFor();
    const askedAgain = page.url();
    await context.close();

    expect(providerPage.url).toMatch(new RegExp(`^${runtime.url}/oidc/interaction/`));
    expect(providerPage.title).toBe('回音 · 工作人员登录');
    expect(landed).toBe(`${runtime.url}/console.html#/case/${created.caseId}`);
    expect(storage.session.some((key) => key.startsWith('huiyin.oidc.user:'))).toBe(true);
    expect(storage.local).not.toMatch(/ey[\w-]+\.ey[\w-]+\./);
    expect(user?.access_token).toMatch(/^ey/);
    expect(user?.refresh_token).toBeTruthy();
    expect((await runtime.caseStore.get(created.caseId))?.status).toBe('replied');
    expect(afterSignOut.url).toBe(`${runtime.url}/console.html`);
    expect(afterSignOut.user).toBeNull();
    expect(refreshAfterSignOut.status).toBe(400);
    expect(askedAgain).toMatch(/\/oidc\/interaction\//);
  }, 120_000);

  it('renews the access token silently before it expires, and keeps working with the new one', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'supervisor');
    const first = (await storedUser(page))?.access_token;
    // With 75-second tokens oidc-client-ts renews (refresh token grant) from 60 seconds before expiry.
    const renewed = await eventually(
      async () => {
        const current = (await storedUser(page))?.access_token;
        return current && current !== first ? current : undefined;
      },
      45_000,
      500,
    );
    await page.click('nav a[href="#/cases?flag=extension"]');
    await page.locator('main#view table, main#view .empty, main#view p').first().waitFor();
    const stillSignedIn = await page.locator('header.topbar').count();
    await context.close();

    expect(renewed).not.toBe(first);
    expect((await me(renewed)).status).toBe(200);
    expect(stillSignedIn).toBe(1);
  }, 120_000);

  it('sends a foreign token back to sign-in, keeping the page, and returns there after sign-in', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'handler-dept-housing');
    await page.goto('/console.html#/cases?status=acknowledged');
    await page.locator('header.topbar').waitFor();
    // A well-formed token for this client and subject, issued by someone else.
    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ client_id: STAFF_CLIENT_ID })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'foreign' })
      .setIssuer('https://issuer.example.org/oidc')
      .setAudience(STAFF_CLIENT_ID)
      .setSubject('handler-dept-housing')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    await page.evaluate((token) => {
      const key = Object.keys(sessionStorage).find((candidate) => candidate.startsWith('huiyin.oidc.user:'))!;
      sessionStorage.setItem(
        key,
        JSON.stringify({ ...JSON.parse(sessionStorage.getItem(key)!), access_token: token }),
      );
    }, foreign);
    await page.reload();
    await page.locator('#sign-in-notice', { hasText: '登录已过期，请重新登录' }).waitFor();
    const hashWhileSignedOut = await page.evaluate(() => location.hash);
    // The provider's session still stands: no password this time, straight back to the page.
    await page.click('#sign-in');
    await page.locator('header.topbar').waitFor();
    const back = page.url();
    await context.close();

    expect((await me(foreign)).status).toBe(401);
    expect(hashWhileSignedOut).toBe('#/cases?status=acknowledged');
    expect(back).toBe(`${runtime.url}/console.html#/cases?status=acknowledged`);
  });

  it('refuses a disabled handler within the staff-record cache window, in the API and at the provider', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'handler-dept-environment');
    const token = (await storedUser(page))!.access_token;
    const before = await me(token);
    const admin = await runtime.tokenFor('admin');
    const disabled = await runtime.request('/api/admin/users/handler-dept-environment', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    // STAFF_STATUS_CACHE_SECONDS=2 here: the token it holds stops working once the record is read again.
    const refused = await eventually(
      async () => ((await me(token)).status === 401 ? true : undefined),
      15_000,
      200,
    );
    await page.reload();
    await page.locator('#sign-in-notice', { hasText: '登录已过期' }).waitFor();
    await page.click('#sign-in');
    await page.locator('#password').waitFor();
    await page.fill('#username', 'handler-dept-environment');
    await page.fill('#password', 'huiyin-demo');
    await page.click('#submit');
    const answer = await page.locator('#error').textContent();
    await context.close();

    expect(before.status).toBe(200);
    expect(disabled.status).toBe(200);
    expect(refused).toBe(true);
    expect(answer).toBe('用户名或密码错误');
  });
});
