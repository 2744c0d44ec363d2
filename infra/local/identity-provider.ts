import type { IncomingMessage } from 'node:http';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { DynamoUserStore } from '../../shared/adapters/dynamo/dynamo-user-store.ts';
import { isCloudStage, type Stage } from '../../shared/config/env.ts';
import type { Catalog } from '../../shared/domain/reference/model.ts';
import type { StoredStaffUser } from '../../shared/domain/users/model.ts';
import { hashPassword, verifyPassword } from '../../shared/domain/users/password.ts';
import { fieldErrorsFromZod } from '../../shared/http/zod-errors.ts';
import { StartupError } from './errors.ts';
import type { JwtVerifier, LocalRoute } from './gateway.ts';
import type { HttpReply } from './gateway-events.ts';

/**
 * The local stand-in for Cognito: `POST /api/auth/token` checks a username and password (scrypt) and issues
 * an ES256 JWT with the claims the staff functions read (sub, role, unitId, studioId; plus
 * `cognito:groups` like Cognito). The gateway verifies it before any staff function runs, as API
 * Gateway's JWT authorizer does in the cloud. It refuses to exist in a cloud stage.
 */

export const DEMO_PASSWORD = 'huiyin-demo';
export const TOKEN_LIFETIME_SECONDS = 4 * 3600;
const ISSUER = 'huiyin-local-idp';
const AUDIENCE = 'huiyin-staff';
/** Failed logins allowed per username and address in the window, before 429. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;

const loginSchema = z.strictObject({
  username: z.string().min(1).max(60),
  password: z.string().min(1).max(200),
});

export interface LocalIdentityProvider {
  readonly route: LocalRoute;
  readonly verify: JwtVerifier;
  /** Issues a token without a password (tests and tools). */
  tokenFor(username: string): Promise<string>;
  seedDemoUsers(catalog: Catalog): Promise<string[]>;
}

function reply(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  const problem = statusCode >= 400;
  return {
    statusCode,
    headers: {
      'content-type': problem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

export function demoUsers(catalog: Catalog): Omit<StoredStaffUser, 'passwordHash'>[] {
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
    ...catalog.studios.map((studio) => ({
      username: `liaison-${studio.studioId}`,
      displayName: `${studio.nameZh}联络员`,
      role: 'liaison' as const,
      unitId: studio.triageUnitId,
      studioId: studio.studioId,
      disabled: false,
    })),
    { username: 'supervisor', displayName: '督办员', role: 'supervisor' as const, disabled: false },
    { username: 'admin', displayName: '系统管理员', role: 'admin' as const, disabled: false },
  ];
}

export async function createLocalIdentityProvider(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  stage: Stage;
}): Promise<LocalIdentityProvider> {
  if (isCloudStage(options.stage)) {
    throw new StartupError(
      `The local identity provider and its demo logins refuse to run in the ${options.stage} stage; use Cognito.`,
    );
  }
  const users = new DynamoUserStore(options);
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const failures = new Map<string, number[]>();

  const sign = (user: StoredStaffUser) =>
    new SignJWT({
      role: user.role,
      username: user.username,
      name: user.displayName,
      'cognito:groups': [user.role],
      ...(user.unitId ? { unitId: user.unitId } : {}),
      ...(user.studioId ? { studioId: user.studioId } : {}),
    })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(user.username)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
      .sign(privateKey);

  const recentFailures = (key: string, now: number) =>
    (failures.get(key) ?? []).filter((at) => now - at < FAILURE_WINDOW_MS);

  const login = async (request: IncomingMessage, body: Buffer): Promise<HttpReply> => {
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(400, {
        type: 'urn:huiyin:problem:validation-error',
        title: '提交的内容不是有效的 JSON',
        status: 400,
        errors: [],
      });
    }
    const parsed = loginSchema.safeParse(input);
    if (!parsed.success) {
      return reply(400, {
        type: 'urn:huiyin:problem:validation-error',
        title: '提交的内容有误',
        status: 400,
        errors: fieldErrorsFromZod(parsed.error),
      });
    }
    const now = Date.now();
    const key = `${parsed.data.username}|${request.socket.remoteAddress ?? ''}`;
    const recent = recentFailures(key, now);
    if (recent.length >= MAX_FAILURES) {
      const retryAfter = Math.ceil((FAILURE_WINDOW_MS - (now - recent[0]!)) / 1000);
      return reply(
        429,
        { type: 'urn:huiyin:problem:too-many-requests', title: '登录失败次数过多，请稍后再试', status: 429 },
        { 'retry-after': String(retryAfter) },
      );
    }
    const user = await users.get(parsed.data.username);
    // Same answer and comparable work for an unknown user and a wrong password.
    let valid = false;
    if (user) valid = await verifyPassword(parsed.data.password, user.passwordHash);
    else await hashPassword(parsed.data.password);
    if (!user || !valid || user.disabled) {
      failures.set(key, [...recent, now]);
      return reply(401, {
        type: 'urn:huiyin:problem:invalid-credentials',
        title: '用户名或密码错误',
        status: 401,
      });
    }
    failures.delete(key);
    return reply(200, {
      token: await sign(user),
      expiresIn: TOKEN_LIFETIME_SECONDS,
      user: {
        id: user.username,
        role: user.role,
        displayName: user.displayName,
        ...(user.unitId ? { unitId: user.unitId } : {}),
        ...(user.studioId ? { studioId: user.studioId } : {}),
      },
    });
  };

  return {
    route: async (request, url, body) => {
      if (url.pathname !== '/api/auth/token') return null;
      if (request.method !== 'POST')
        return reply(
          405,
          { type: 'urn:huiyin:problem:method-not-allowed', title: 'Method Not Allowed', status: 405 },
          { allow: 'POST' },
        );
      return login(request, body);
    },
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['ES256'],
        });
        return payload as JWTPayload & Record<string, string | number | boolean | string[]>;
      } catch {
        return null;
      }
    },
    tokenFor: async (username) => {
      const user = await users.get(username);
      if (!user) throw new Error(`no user ${username}`);
      return sign(user);
    },
    seedDemoUsers: async (catalog) => {
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const created: string[] = [];
      for (const user of demoUsers(catalog)) {
        if (await users.get(user.username)) continue;
        await users.save({ ...user, passwordHash });
        created.push(user.username);
      }
      return created;
    },
  };
}
