import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../errors/index.ts';

/**
 * Opaque pagination cursors. DynamoDB's LastEvaluatedKey holds key values of other cases, so it is never
 * handed out raw: it is serialised, bound to the query it came from (`scope`), and signed with HMAC. A
 * cursor that was altered, or replayed against another query (another unit's inbox), is refused.
 */

export type PageKey = Record<string, unknown>;

function sign(secret: string, scope: string, payload: string): string {
  return createHmac('sha256', secret)
    .update(scope)
    .update('\n')
    .update(payload)
    .digest('base64url')
    .slice(0, 22);
}

export function encodeCursor(key: PageKey | undefined, secret: string, scope: string): string | null {
  if (!key) return null;
  const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
  return `${payload}.${sign(secret, scope, payload)}`;
}

const invalid = () =>
  new ValidationError([{ field: 'cursor', message: '翻页参数无效 / invalid or tampered cursor' }], {
    zh: '翻页参数无效',
    en: 'Invalid cursor',
  });

export function decodeCursor(cursor: string | undefined, secret: string, scope: string): PageKey | undefined {
  if (!cursor) return undefined;
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(secret, scope, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  try {
    const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalid();
    return key as PageKey;
  } catch {
    throw invalid();
  }
}

/**
 * A cursor key, or how to get it: stores read it only when they page, so a function that never pages needs no
 * cursor secret (shared/config/secrets.ts hands each function only the secrets it reads).
 */
export type CursorSecret = string | (() => string);

export function cursorKey(secret: CursorSecret): string {
  return typeof secret === 'function' ? secret() : secret;
}
