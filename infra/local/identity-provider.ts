import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { importJWK, SignJWT } from 'jose';
import type { Configuration, KoaContextWithOIDC, default as OidcProvider } from 'oidc-provider';
import * as z from 'zod';
import { DynamoStaffRecords } from '../../shared/adapters/dynamo/dynamo-staff-records.ts';
import { DynamoLocalAccounts } from '../../shared/adapters/dynamo/dynamo-user-accounts.ts';
import { type SiteConfig, siteConfig, siteConfigPath, staffPageUrls } from '../../shared/auth/site-config.ts';
import { isCloudStage, type Stage } from '../../shared/config/env.ts';
import type { Catalog } from '../../shared/domain/reference/model.ts';
import type { StaffRecord } from '../../shared/domain/users/model.ts';
import { hashPassword } from '../../shared/domain/users/password.ts';
import { passwordProblems } from '../../shared/domain/users/password-policy.ts';
import { fieldErrorsFromZod } from '../../shared/http/zod-errors.ts';
import { StartupError } from './errors.ts';
import type { JwtVerifier, LocalRoute, RawRoute } from './gateway.ts';
import type { HttpReply } from './gateway-events.ts';
import { dynamoOidcAdapter } from './oidc-adapter.ts';
import { jwtAuthorizer } from './oidc-authorizer.ts';
import { localOidcKeys } from './oidc-keys.ts';
import {
  enrolPage,
  errorPage,
  type Language,
  languageOf,
  lockedMessage,
  messages,
  newPasswordPage,
  type Page,
  passwordPage,
  passwordProblemsMessage,
  restartPage,
  type StepView,
  signedOutPage,
  signingOutPage,
  totpPage,
  wrongCodeMessage,
} from './oidc-pages.ts';
import { LocalSignIn, MAX_TOTP_FAILURES, type SignInError, type SignInStep, totpOf } from './oidc-sign-in.ts';

/**
 * The local OpenID Connect provider, Cognito's stand-in on one machine: `oidc-provider` (a certified OpenID
 * Provider implementation) mounted under `/oidc` on the gateway, with discovery, authorization code + PKCE (S256,
 * required), token with refresh (rotated), JWKS, RP-initiated logout, and sign-in pages in Chinese (English on
 * request) with a password, a forced change of temporary passwords, and TOTP. Access tokens are RS256 JWTs
 * (`typ: at+jwt`) whose `aud` and `client_id` are the console's client id, so the gateway verifies them with the
 * rule API Gateway's JWT authorizer applies to Cognito's. It refuses to exist in a cloud stage.
 */

export const DEMO_PASSWORD = 'huiyin-demo';
/** The demo accounts' shared TOTP secret (base32), printed by `npm start`; `/_local/totp` shows its code. */
export const DEMO_TOTP_SECRET = 'HUIYINQINGXIDEMOSTAFFTOTPKEY2345';
export const STAFF_CLIENT_ID = 'huiyin-console';
/** What the console asks for, at Cognito too. */
export const STAFF_SCOPE = 'openid profile email';
export const OIDC_MOUNT = '/oidc';
const ACCESS_TOKEN_TTL_SECONDS = 3600;
const SESSION_TTL_SECONDS = 12 * 3600;
const FORM_LIMIT_BYTES = 16 * 1024;

export interface LocalIdentityProvider {
  readonly issuer: string;
  /** The provider itself, under `/oidc` (raw Node handler: it reads its own bodies). */
  readonly mount: RawRoute;
  /** `POST /api/auth/token` (scripts and tests) and `GET /config.json`. */
  readonly routes: readonly LocalRoute[];
  /** The gateway's JWT authorizer for staff routes. */
  readonly verify: JwtVerifier;
  readonly siteConfig: SiteConfig;
  /**
   * An access token as the provider issues them, without a sign-in (tests and tools). `claims` replaces or
   * (with `undefined`) drops claims, so tests can prove the authorizer checks each one under a valid signature.
   */
  tokenFor(username: string, claims?: TokenClaimChanges): Promise<string>;
  seedDemoUsers(catalog: Catalog): Promise<string[]>;
}

export interface TokenClaimChanges {
  readonly iss?: string;
  readonly aud?: string | undefined;
  readonly client_id?: string | undefined;
}

export function demoUsers(catalog: Catalog): Omit<StaffRecord, 'subject'>[] {
  return [
    ...catalog.units
      .filter((unit) => unit.kind !== 'studio')
      .map((unit) => ({
        username: `handler-${unit.unitId}`,
        displayName: `${unit.nameZh}承办人`,
        role: 'handler' as const,
        unitId: unit.unitId,
        disabled: false,
      })),
    // A second handler in 县交通运输局, its lead: shares the unit's cases out to its people (ownership.ts).
    ...catalog.units
      .filter((unit) => unit.unitId === 'dept-transport')
      .map((unit) => ({
        username: `lead-${unit.unitId}`,
        displayName: `${unit.nameZh}负责人`,
        role: 'handler' as const,
        unitId: unit.unitId,
        unitLead: true,
        disabled: false,
      })),
    ...catalog.studios.map((studio) => ({
      username: `liaison-${studio.studioId}`,
      displayName: `${studio.nameZh}联络员`,
      role: 'liaison' as const,
      unitId: studio.triageUnitId,
      studioId: studio.studioId,
      disabled: false,
    })),
    { username: 'supervisor', displayName: '督办人员', role: 'supervisor' as const, disabled: false },
    { username: 'admin', displayName: '系统管理员', role: 'admin' as const, disabled: false },
  ];
}

/**
 * oidc-provider warns on import under any Node.js older than 22 LTS, though its package declares Node ≥ 20.19
 * and runs there (the local runtime uses Node 20; Lambda, which never loads it, runs 22). That one notice is
 * dropped; any other warning passes.
 */
async function loadOidcProvider(): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

function reply(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return {
    statusCode,
    headers: {
      'content-type':
        statusCode >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

function send(response: ServerResponse, page: Page): void {
  response.writeHead(page.status, {
    ...page.headers,
    'content-length': String(Buffer.byteLength(page.body)),
  });
  response.end(page.body);
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > FORM_LIMIT_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const tokenRequestSchema = z.strictObject({
  username: z.string().min(1).max(60),
  password: z.string().min(1).max(200),
  /** Required when the password is temporary (an admin just set it), as Cognito requires a new one. */
  newPassword: z.string().min(1).max(200).optional(),
});

export async function createLocalIdentityProvider(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  stage: Stage;
  /** Where the site is reached: the issuer is `<publicBaseUrl>/oidc`, the console's redirect URIs are on it. */
  publicBaseUrl: string;
  /** Keeps the signing key across restarts (`npm start`); without it a key per run (tests). */
  dataDirectory?: string;
  /** Tests only: a short access-token life, so silent renewal happens within a test. */
  accessTokenTtlSeconds?: number;
  log?: (line: string) => void;
}): Promise<LocalIdentityProvider> {
  if (isCloudStage(options.stage)) {
    throw new StartupError(
      `The local identity provider and its demo logins refuse to run in the ${options.stage} stage; use Cognito.`,
    );
  }
  const log = options.log ?? (() => undefined);
  const { default: Provider, errors, interactionPolicy } = await loadOidcProvider();
  const accounts = new DynamoLocalAccounts(options);
  const records = new DynamoStaffRecords(options);
  const signIn = new LocalSignIn({ accounts });
  const keys = localOidcKeys(options.dataDirectory);
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const issuer = `${base}${OIDC_MOUNT}`;
  /** The resource indicator of the staff API; its tokens are JWTs for the console's client id. */
  const apiResource = `${base}/api`;
  const accessTokenTtl = options.accessTokenTtlSeconds ?? ACCESS_TOKEN_TTL_SECONDS;
  const pages = staffPageUrls(base);
  const config = siteConfig({ siteUrl: base, issuer, clientId: STAFF_CLIENT_ID, scope: STAFF_SCOPE });

  // A session whose account can no longer sign in (disabled, or its password was reset) must sign in again.
  const policy = interactionPolicy.base();
  policy
    .get('login')!
    .checks.add(
      new interactionPolicy.Check(
        'account_unavailable',
        'the account of this session can no longer sign in',
        (ctx) =>
          ctx.oidc.session?.accountId && !ctx.oidc.account
            ? interactionPolicy.Check.REQUEST_PROMPT
            : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
    );

  const languageFromContext = (ctx: KoaContextWithOIDC) =>
    languageOf(String(ctx.oidc?.params?.ui_locales ?? ctx.query?.ui_locales ?? ''));

  const configuration: Configuration = {
    adapter: dynamoOidcAdapter(options),
    clients: [
      {
        client_id: STAFF_CLIENT_ID,
        client_name: '回音工作台',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: pages,
        post_logout_redirect_uris: pages,
        scope: STAFF_SCOPE,
      },
    ],
    jwks: { keys: [keys.signingKey as unknown as import('jose').JWK] },
    cookies: {
      keys: [...keys.cookieKeys],
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'profile', 'email'],
    extraParams: ['lang'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          const page = signingOutPage(languageFromContext(ctx), form);
          ctx.set(page.headers);
          ctx.body = page.body;
        },
        postLogoutSuccessSource: async (ctx) => {
          const page = signedOutPage(languageFromContext(ctx));
          ctx.set(page.headers);
          ctx.body = page.body;
        },
      },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => apiResource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (resource !== apiResource) throw new errors.InvalidTarget();
          return {
            scope: '',
            audience: STAFF_CLIENT_ID,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // Authorization code only, as on the Cognito app client (no implicit or hybrid responses).
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Cognito issues a refresh token with every code; so does this provider. Tokens die with the session, so
    // signing out at the provider (end_session) revokes them.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => true,
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    interactions: {
      url: async (_ctx, interaction) => `${OIDC_MOUNT}/interaction/${interaction.uid}`,
      policy,
    },
    ttl: {
      AccessToken: () => accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      Interaction: 3600,
      Session: SESSION_TTL_SECONDS,
      Grant: SESSION_TTL_SECONDS,
      RefreshToken: (ctx) =>
        (ctx?.oidc?.entities?.RotatedRefreshToken as { remainingTTL?: number } | undefined)?.remainingTTL ??
        SESSION_TTL_SECONDS,
    },
    findAccount: async (ctx, sub, token) => {
      const account = await accounts.get(sub);
      if (!account?.enabled) return undefined;
      // Disabling and password resets void what was issued before them (Cognito's global sign-out).
      const validAfter = account.sessionsValidAfter
        ? Math.floor(Date.parse(account.sessionsValidAfter) / 1000)
        : 0;
      const issuedAt = (token as { iat?: number } | undefined)?.iat ?? ctx.oidc?.session?.loginTs;
      if (typeof issuedAt === 'number' && issuedAt < validAfter) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: account.displayName,
          preferred_username: account.username,
          ...(account.email ? { email: account.email, email_verified: true } : {}),
        }),
      };
    },
    // The console is this provider's own client: staff are never asked to consent to it.
    loadExistingGrant: async (ctx) => {
      const clientId = ctx.oidc.client!.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(clientId);
      const found = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      const grant =
        found && found.accountId === ctx.oidc.session!.accountId
          ? found
          : new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      grant.addResourceScope(apiResource, '');
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      const page = errorPage(
        languageFromContext(ctx),
        out as unknown as Record<string, string>,
        ctx.status || 400,
      );
      ctx.set(page.headers);
      ctx.type = 'html';
      ctx.body = page.body;
    },
  };

  const provider: OidcProvider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx, error) => log(`[oidc] ${(error as Error).message}`));
  const callback = provider.callback();

  // Where each sign-in stands, by interaction (they expire with it, after an hour).
  const pending = new Map<string, { step: SignInStep; language: Language; expiresAt: number }>();

  const errorText = (error: SignInError | undefined, language: Language): string | undefined => {
    if (!error) return undefined;
    switch (error.kind) {
      case 'message':
        return messages[error.key][language === 'en' ? 1 : 0];
      case 'locked':
        return lockedMessage(error.until, MAX_TOTP_FAILURES, language);
      case 'wrong-code':
        return wrongCodeMessage(error.remaining, language);
      case 'password-policy':
        return passwordProblemsMessage(error.problems, language);
    }
  };

  const render = (uid: string, step: SignInStep, language: Language, error?: string, username?: string) => {
    const action = `${OIDC_MOUNT}/interaction/${uid}`;
    const view: StepView = {
      action,
      language,
      ...(error ? { error } : {}),
      switchLanguage: `${action}?lang=${language === 'en' ? 'zh' : 'en'}`,
    };
    switch (step.kind) {
      case 'new-password':
        return newPasswordPage(view);
      case 'enrol':
        return enrolPage(view, step.secret, totpOf(step.username, step.secret).toString());
      case 'totp':
        return totpPage(view);
      default:
        return passwordPage(view, username);
    }
  };

  const interaction = async (request: IncomingMessage, response: ServerResponse, uid: string) => {
    const url = new URL(request.url ?? '/', base);
    let details: Awaited<ReturnType<OidcProvider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(request, response);
    } catch {
      const language = languageOf(url.searchParams.get('lang'));
      return send(
        response,
        restartPage(language, messages.interactionLost[language === 'en' ? 1 : 0], pages[0]!),
      );
    }
    if (details.uid !== uid) {
      return send(response, restartPage('zh', messages.interactionLost[0], pages[0]!));
    }
    const now = Date.now();
    for (const [key, entry] of pending) if (entry.expiresAt <= now) pending.delete(key);
    const current = pending.get(uid);
    const requested = url.searchParams.get('lang');
    const language = requested
      ? languageOf(requested)
      : (current?.language ?? languageOf(String(details.params.ui_locales ?? details.params.lang ?? '')));
    const step: SignInStep = current?.step ?? { kind: 'password' };
    const remember = (next: SignInStep) =>
      pending.set(uid, { step: next, language, expiresAt: (details.exp ?? now / 1000 + 3600) * 1000 });

    if (request.method !== 'POST') {
      remember(step);
      return send(response, render(uid, step, language));
    }
    const form = await readForm(request);
    if (!form)
      return send(response, render(uid, step, language, messages.interactionLost[language === 'en' ? 1 : 0]));
    const submitted = form.get('step');
    if (submitted !== step.kind) return send(response, render(uid, step, language));
    const address = request.socket.remoteAddress ?? '';
    const result =
      step.kind === 'new-password'
        ? await signIn.newPassword(step, form.get('newPassword') ?? '', form.get('confirmPassword') ?? '')
        : step.kind === 'enrol'
          ? await signIn.enrol(step, form.get('code') ?? '')
          : step.kind === 'totp'
            ? await signIn.totp(step, form.get('code') ?? '')
            : await signIn.password((form.get('username') ?? '').trim(), form.get('password') ?? '', address);
    if (result.step.kind === 'done') {
      pending.delete(uid);
      return provider.interactionFinished(
        request,
        response,
        { login: { accountId: result.step.username, amr: ['pwd', 'otp'] } },
        { mergeWithLastSubmission: false },
      );
    }
    remember(result.step);
    const username = result.step.kind === 'password' ? (form.get('username') ?? '').trim() : undefined;
    return send(response, render(uid, result.step, language, errorText(result.error, language), username));
  };

  const mount: RawRoute = {
    prefix: OIDC_MOUNT,
    handle: async (request, response) => {
      const path = new URL(request.url ?? '/', base).pathname.slice(OIDC_MOUNT.length) || '/';
      const match = /^\/interaction\/([\w-]+)$/.exec(path);
      if (match) return interaction(request, response, match[1]!);
      // Mounted under a path, as oidc-provider documents for connect/express: it reads the prefix from originalUrl.
      const original = request.url ?? '/';
      Object.assign(request, { originalUrl: original, url: original.slice(OIDC_MOUNT.length) || '/' });
      await callback(request, response);
    },
  };

  const signingKey = await importJWK(keys.signingKey, 'RS256');
  const sign = (username: string, changes: TokenClaimChanges = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      jti: randomUUID(),
      sub: username,
      iat: now,
      exp: now + accessTokenTtl,
      client_id: STAFF_CLIENT_ID,
      iss: issuer,
      aud: STAFF_CLIENT_ID,
      ...changes,
    };
    for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name];
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: keys.signingKey.kid })
      .sign(signingKey);
  };

  const validation = (title: string, errors: unknown[] = []) =>
    reply(400, { type: 'urn:huiyin:problem:validation-error', title, status: 400, errors });

  /**
   * Password only (no TOTP): a helper for scripts and tests, refused in every cloud stage like the rest. It keeps
   * the other rules of a sign-in: throttling, the TOTP lockout, and the forced change of a temporary password.
   */
  const tokenRoute: LocalRoute = async (request, url, body) => {
    if (url.pathname !== '/api/auth/token') return null;
    if (request.method !== 'POST')
      return reply(
        405,
        { type: 'urn:huiyin:problem:method-not-allowed', title: 'Method Not Allowed', status: 405 },
        { allow: 'POST' },
      );
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return validation('提交的内容不是有效的 JSON');
    }
    const parsed = tokenRequestSchema.safeParse(input);
    if (!parsed.success) return validation('提交的内容有误', fieldErrorsFromZod(parsed.error));
    const { username, password, newPassword } = parsed.data;
    const checked = await signIn.checkPassword(username, password, request.socket.remoteAddress ?? '');
    if ('error' in checked) {
      return checked.error.kind === 'message' && checked.error.key === 'throttled'
        ? reply(
            429,
            {
              type: 'urn:huiyin:problem:too-many-requests',
              title: '登录失败次数过多，请稍后再试',
              status: 429,
            },
            { 'retry-after': '900' },
          )
        : reply(401, {
            type: 'urn:huiyin:problem:invalid-credentials',
            title: '用户名或密码错误',
            status: 401,
          });
    }
    const { lockedUntil } = checked.account;
    if (lockedUntil && Date.parse(lockedUntil) > Date.now())
      return reply(403, {
        type: 'urn:huiyin:problem:sign-in-locked',
        title: lockedMessage(lockedUntil, MAX_TOTP_FAILURES, 'zh'),
        status: 403,
        lockedUntil,
      });
    if (checked.account.passwordTemporary) {
      if (!newPassword)
        return reply(403, {
          type: 'urn:huiyin:problem:password-change-required',
          title: '临时密码须先改为新密码（newPassword）',
          status: 403,
        });
      const problems = passwordProblems(newPassword);
      if (problems.length > 0)
        return validation('提交的内容有误', [
          { field: 'newPassword', message: passwordProblemsMessage(problems, 'zh') },
        ]);
      await accounts.setPassword(username, await hashPassword(newPassword), false);
    }
    const record = await records.get(username);
    if (!record || record.disabled)
      return reply(401, {
        type: 'urn:huiyin:problem:invalid-credentials',
        title: '用户名或密码错误',
        status: 401,
      });
    return reply(200, {
      token: await sign(username),
      expiresIn: accessTokenTtl,
      user: {
        id: record.username,
        role: record.role,
        displayName: record.displayName,
        ...(record.unitId ? { unitId: record.unitId } : {}),
        ...(record.studioId ? { studioId: record.studioId } : {}),
      },
    });
  };

  const configRoute: LocalRoute = async (request, url) => {
    if (url.pathname !== siteConfigPath || (request.method !== 'GET' && request.method !== 'HEAD'))
      return null;
    return {
      ...reply(200, config),
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' },
    };
  };

  return {
    issuer,
    mount,
    routes: [tokenRoute, configRoute],
    verify: jwtAuthorizer({ issuer, audiences: [STAFF_CLIENT_ID], jwksUri: `${issuer}/jwks` }),
    siteConfig: config,
    tokenFor: async (username, claims) => {
      if (!(await accounts.get(username))) throw new Error(`no local account ${username}`);
      return sign(username, claims);
    },
    seedDemoUsers: async (catalog) => {
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const created: string[] = [];
      for (const user of demoUsers(catalog)) {
        const account = {
          username: user.username,
          displayName: user.displayName,
          passwordHash,
          passwordTemporary: false,
          enabled: true,
          totpSecret: DEMO_TOTP_SECRET,
          totpFailures: 0,
        };
        if (await accounts.createIfAbsent(account)) created.push(user.username);
        if (!(await records.get(user.username))) await records.put({ ...user, subject: user.username });
      }
      return created;
    },
  };
}
