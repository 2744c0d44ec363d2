import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, STAFF_CLIENT_ID } from '../../infra/local/identity-provider.ts';
import { MAX_TOTP_FAILURES } from '../../infra/local/oidc-sign-in.ts';
import { DynamoLocalAccounts } from '../../shared/adapters/dynamo/dynamo-user-accounts.ts';
import {
  absolute,
  demoCode,
  exchangeCode,
  signInDemo,
  startAuthorization,
  submitSteps,
  wrongDemoCode,
} from '../support/oidc-flow.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { createStaffAccount } from '../support/staff-accounts.ts';
import { totpCode } from '../support/staff-sign-in.ts';

/**
 * The local OIDC provider speaks the protocol a real one does, driven here by a hand-written relying party:
 * discovery, authorization code with PKCE only, the sign-in steps (password, forced change, TOTP enrolment
 * and codes, lockout), JWT access tokens the gateway accepts, refresh, and sign-out that ends the session.
 */

let runtime: TestRuntime;
let accounts: DynamoLocalAccounts;
let console$: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  accounts = new DynamoLocalAccounts({ client: runtime.clients.document, tableName: runtime.tables.main });
  console$ = `${runtime.url}/console.html`;
});

afterAll(async () => {
  await runtime?.stop();
});

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const text = async (response: Response) => response.text();
const formPost = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

describe('the protocol', () => {
  it('publishes discovery and keys, and offers the authorization code flow only, with PKCE S256', async () => {
    const discovery = (await (
      await runtime.request('/oidc/.well-known/openid-configuration')
    ).json()) as Record<string, unknown>;
    const jwks = (await (await runtime.request('/oidc/jwks')).json()) as { keys: Record<string, unknown>[] };
    const config = (await (await runtime.request('/config.json')).json()) as {
      staffSignIn: { issuer: string; clientId: string; redirectUris: string[] };
    };
    const withoutPkce = await runtime.request(
      `/oidc/auth?${new URLSearchParams({ client_id: STAFF_CLIENT_ID, redirect_uri: console$, response_type: 'code', scope: 'openid' })}`,
      { redirect: 'manual' },
    );
    const implicit = await runtime.request(
      `/oidc/auth?${new URLSearchParams({ client_id: STAFF_CLIENT_ID, redirect_uri: console$, response_type: 'id_token', scope: 'openid', nonce: 'n' })}`,
      { redirect: 'manual' },
    );

    expect(discovery).toMatchObject({
      issuer: runtime.issuer,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint'])
      expect(String(discovery[endpoint])).toMatch(new RegExp(`^${runtime.url}/oidc/`));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(config.staffSignIn).toMatchObject({ issuer: runtime.issuer, clientId: STAFF_CLIENT_ID });
    expect(config.staffSignIn.redirectUris).toContain(console$);
    // Errors go back to the client: to the redirect URI, never a token or code.
    expect(new URL(withoutPkce.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_request',
    );
    // (an implicit request's answer is in the fragment, where its tokens would have been)
    expect(implicit.headers.get('location')).toMatch(/[#&]error=unsupported_response_type/);
  });

  it('signs a demo handler in with password and TOTP; the access token is a JWT the staff API accepts', async () => {
    const start = await startAuthorization(runtime.issuer, console$);
    const loginPage = await text(await start.client.get(start.interaction));
    const englishPage = await text(await start.client.get(`${start.interaction}?lang=en`));
    await start.client.get(`${start.interaction}?lang=zh`);
    const codePage = await start.client.post(start.interaction, {
      step: 'password',
      username: 'handler-dept-transport',
      password: DEMO_PASSWORD,
    });
    const codeHtml = await text(codePage);
    const callback = await submitSteps(start, [{ step: 'totp', code: demoCode() }]);
    const redirect = new URL(callback.headers.get('location') ?? '');
    const tokens = (await (await exchangeCode(runtime.issuer, console$, start, callback)).json()) as {
      access_token: string;
      id_token: string;
      refresh_token: string;
      token_type: string;
    };
    const me = await runtime.request('/api/staff/me', bearer(tokens.access_token));

    expect(loginPage).toContain('回音 · 工作人员登录');
    expect(loginPage).toContain('用户名');
    expect(englishPage).toContain('Huiyin · staff sign-in');
    expect(codeHtml).toContain('输入动态验证码');
    expect(redirect.origin + redirect.pathname).toBe(console$);
    expect(redirect.searchParams.get('state')).toBe(start.state);
    expect(redirect.searchParams.get('iss')).toBe(runtime.issuer);
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      iss: runtime.issuer,
      sub: 'handler-dept-transport',
      aud: STAFF_CLIENT_ID,
      client_id: STAFF_CLIENT_ID,
    });
    expect(decodeJwt(tokens.id_token)).toMatchObject({ sub: 'handler-dept-transport', aud: STAFF_CLIENT_ID });
    expect(tokens.refresh_token).toBeTruthy();
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'handler-dept-transport', role: 'handler' });
  });

  it('refuses a code exchange without the PKCE verifier, and a code used twice', async () => {
    const start = await startAuthorization(runtime.issuer, console$);
    const callback = await submitSteps(start, [
      { step: 'password', username: 'supervisor', password: DEMO_PASSWORD },
      { step: 'totp', code: demoCode() },
    ]);
    const code = new URL(callback.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = (verifier: string) =>
      formPost(`${runtime.issuer}/token`, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: console$,
        client_id: STAFF_CLIENT_ID,
        code_verifier: verifier,
      });
    const wrongVerifier = await token('x'.repeat(43));
    // A failed attempt does not burn the code; the right verifier works once.
    const right = await token(start.verifier);
    const again = await token(start.verifier);

    expect(wrongVerifier.status).toBe(400);
    expect(((await wrongVerifier.json()) as { error: string }).error).toBe('invalid_grant');
    expect(right.status).toBe(200);
    expect(again.status).toBe(400);
  });

  it('renews with the refresh token (rotated), and signing out at end_session revokes it', async () => {
    const tokens = await signInDemo(runtime.issuer, console$, 'handler-dept-housing');
    const refresh = (refreshToken: string) =>
      formPost(`${runtime.issuer}/token`, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: STAFF_CLIENT_ID,
      });
    const renewed = await refresh(tokens.refresh_token);
    const renewedBody = (await renewed.json()) as { access_token: string; refresh_token: string };
    const reused = await refresh(tokens.refresh_token);
    const staffCall = await runtime.request('/api/staff/me', bearer(renewedBody.access_token));

    const { client } = tokens;
    const end = await client.get(
      `${runtime.issuer}/session/end?${new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: console$, state: 'bye', client_id: STAFF_CLIENT_ID })}`,
    );
    const endHtml = await text(end);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(endHtml)?.[1] ?? '';
    const confirmed = await client.post(`${runtime.issuer}/session/end/confirm`, { xsrf, logout: 'yes' });
    const afterLogout = await refresh(renewedBody.refresh_token);
    // The provider's session is gone: a new authorization request asks for the password again.
    const again = await startAuthorization(runtime.issuer, console$, client);

    expect(renewed.status).toBe(200);
    expect(renewedBody.refresh_token).not.toBe(tokens.refresh_token);
    expect(reused.status).toBe(400);
    expect(staffCall.status).toBe(200);
    expect(endHtml).toContain('正在退出');
    expect(confirmed.status).toBe(303);
    expect(absolute(runtime.issuer, confirmed.headers.get('location'))).toBe(`${console$}?state=bye`);
    expect(afterLogout.status).toBe(400);
    expect(again.interaction).toMatch(/\/oidc\/interaction\//);
    expect(await text(await client.get(again.interaction))).toContain('id="password"');
  });
});

describe('the sign-in steps', () => {
  it('locks sign-in for 15 minutes after five wrong codes in a row, saying until when (Beijing time)', async () => {
    const start = await startAuthorization(runtime.issuer, console$);
    await start.client.post(start.interaction, {
      step: 'password',
      username: 'liaison-studio-xikou',
      password: DEMO_PASSWORD,
    });
    const wrong = wrongDemoCode();
    const pages: string[] = [];
    for (let attempt = 0; attempt < MAX_TOTP_FAILURES; attempt++)
      pages.push(await text(await start.client.post(start.interaction, { step: 'totp', code: wrong })));
    const account = await accounts.get('liaison-studio-xikou');
    // Locked: even the right password and then the right code are refused.
    const retry = await startAuthorization(runtime.issuer, console$);
    const lockedAtPassword = await text(
      await retry.client.post(retry.interaction, {
        step: 'password',
        username: 'liaison-studio-xikou',
        password: DEMO_PASSWORD,
      }),
    );
    const api = await runtime.postJson('/api/auth/token', {
      username: 'liaison-studio-xikou',
      password: DEMO_PASSWORD,
    });

    expect(pages[0]).toContain('动态验证码不正确，再错 4 次将暂停登录 15 分钟');
    expect(pages[3]).toContain('再错 1 次');
    expect(pages[4]).toMatch(/动态验证码连续输错 5 次，该账号已暂停登录，请于 .+（北京时间）后再试/);
    expect(pages[4]).toContain('id="password"');
    const lockedFor = Date.parse(account?.lockedUntil ?? '') - Date.now();
    expect(lockedFor).toBeGreaterThan(14 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(15 * 60_000);
    expect(lockedAtPassword).toContain('该账号已暂停登录');
    expect(lockedAtPassword).not.toContain('id="code"');
    // Nor does the password-only helper of scripts and tests get round it.
    expect(api.status).toBe(403);
  });

  it('accepts each code once', async () => {
    // One code for both: a 30-second step may end between the two sign-ins on a loaded machine.
    const code = demoCode();
    const first = await signInDemo(runtime.issuer, console$, 'handler-dept-environment', 0, code);
    const start = await startAuthorization(runtime.issuer, console$);
    await start.client.post(start.interaction, {
      step: 'password',
      username: 'handler-dept-environment',
      password: DEMO_PASSWORD,
    });
    const replay = await text(await start.client.post(start.interaction, { step: 'totp', code }));

    expect(first.access_token).toBeTruthy();
    expect(replay).toContain('该验证码已用过');
  });

  it('takes an admin-created account through a new password and TOTP enrolment, then signs it in', async () => {
    const created = await createStaffAccount(runtime, {
      username: 'handler-transport-new',
      displayName: '新承办人',
      role: 'handler',
      unitId: 'dept-transport',
    });
    const start = await startAuthorization(runtime.issuer, console$);
    const changePage = await text(
      await start.client.post(start.interaction, {
        step: 'password',
        username: 'handler-transport-new',
        password: created.temporaryPassword,
      }),
    );
    const weak = await text(
      await start.client.post(start.interaction, {
        step: 'new-password',
        newPassword: 'short',
        confirmPassword: 'short',
      }),
    );
    const enrolPage = await text(
      await start.client.post(start.interaction, {
        step: 'new-password',
        newPassword: 'Qingxi-Bus-Stop-9',
        confirmPassword: 'Qingxi-Bus-Stop-9',
      }),
    );
    const secret = (/id="totp-secret">([A-Z2-7 ]+)</.exec(enrolPage)?.[1] ?? '').replace(/ /g, '');
    const uri = /id="otpauth-uri">([^<]+)</.exec(enrolPage)?.[1] ?? '';
    const step = Math.floor(Date.now() / 30_000);
    const callback = await submitSteps(start, [{ step: 'enrol', code: totpCode(secret, step) }]);
    const tokens = await exchangeCode(runtime.issuer, console$, start, callback);
    const stored = await accounts.get('handler-transport-new');

    expect(changePage).toContain('请设置新密码');
    expect(weak).toContain('新密码不符合要求');
    expect(enrolPage).toContain('绑定身份验证器');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri.replace(/&amp;/g, '&')).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    expect(tokens.status).toBe(200);
    expect(stored).toMatchObject({ passwordTemporary: false, totpSecret: secret });
  });

  it('refuses a disabled account at the password step with the same answer as a wrong password', async () => {
    const adminToken = await runtime.tokenFor('admin');
    await runtime.request('/api/admin/users/handler-team-medical', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    const start = await startAuthorization(runtime.issuer, console$);
    const page = await text(
      await start.client.post(start.interaction, {
        step: 'password',
        username: 'handler-team-medical',
        password: DEMO_PASSWORD,
      }),
    );

    expect(page).toContain('用户名或密码错误');
    expect(page).not.toContain('id="code"');
  });
});
