import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { lineText } from '../../schemas/text.ts';

/**
 * Open311 client systems (a FixMyStreet install, a 12345 hotline's platform, …) and their API keys. An admin
 * issues one key per system with the towns it may file for and its own request limit. Keys are high-entropy
 * random strings shown once; only their SHA-256 is stored (a slow password hash buys nothing against 256 bits
 * of entropy), compared in constant time, and a revoked key stops working at once. Pure apart from the random
 * bytes of a new key.
 */

export const clientIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,39}$/, 'lower-case letters, digits, dashes');

export const open311ClientPathSchema = z.object({ clientId: clientIdSchema });

const jurisdictionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,59}$/, 'a town code or the county id');

export const clientRateLimitSchema = z.object({
  max: z.number().int().min(1).max(100_000),
  windowSeconds: z.number().int().min(1).max(86_400),
});

/** What an admin writes when registering or changing a client system. */
export const open311ClientInputSchema = z.strictObject({
  name: lineText(1, 60),
  /** Who runs the client system: a person, a mailbox, a phone number (shown to admins only). */
  contact: lineText(1, 120),
  /** Town codes it may file for; the county-wide id allows every town. */
  jurisdictions: z.array(jurisdictionIdSchema).min(1).max(50),
  /** Requests per window for this client's key; absent: the `open311` class default. */
  rateLimit: clientRateLimitSchema.optional(),
});
export type Open311ClientInput = z.infer<typeof open311ClientInputSchema>;

export const newOpen311ClientSchema = open311ClientInputSchema.extend({ clientId: clientIdSchema });
export const open311ClientPatchSchema = open311ClientInputSchema.partial();

export interface Open311Client extends Open311ClientInput {
  readonly clientId: string;
  /** SHA-256 (base64url) of the current key. */
  readonly keyHash: string;
  /** The key's first characters, so admins can tell keys apart without seeing them. */
  readonly keyPrefix: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly keyIssuedAt: string;
  readonly revokedAt?: string;
}

/** What admins see of a client: everything but the key's hash. */
export type Open311ClientView = Omit<Open311Client, 'keyHash'>;

export function clientView(client: Open311Client): Open311ClientView {
  const { keyHash: _hash, ...view } = client;
  return view;
}

const KEY_PREFIX = 'hy311';
const keyPattern = /^hy311\.([a-z0-9][a-z0-9-]{2,39})\.([A-Za-z0-9_-]{43})$/;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** A new key for a client: `hy311.<clientId>.<32 random bytes, base64url>`. */
export function newApiKey(clientId: string): { key: string; keyHash: string; keyPrefix: string } {
  const key = `${KEY_PREFIX}.${clientId}.${randomBytes(32).toString('base64url')}`;
  return { key, keyHash: hashKey(key), keyPrefix: key.slice(0, KEY_PREFIX.length + clientId.length + 6) };
}

/** The client a key names (before it is checked), or null for something that is not a key at all. */
export function clientIdOfKey(key: string): string | null {
  return keyPattern.exec(key)?.[1] ?? null;
}

export type KeyCheck =
  | { readonly ok: true; readonly client: Open311Client }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid' | 'revoked' };

/** Whether `key` is the current key of `client` (constant-time comparison of the hashes). */
export function checkKey(key: string | undefined, client: Open311Client | null): KeyCheck {
  if (!key) return { ok: false, reason: 'missing' };
  if (!client) return { ok: false, reason: 'invalid' };
  const given = Buffer.from(hashKey(key));
  const stored = Buffer.from(client.keyHash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored))
    return { ok: false, reason: 'invalid' };
  if (client.revokedAt) return { ok: false, reason: 'revoked' };
  return { ok: true, client };
}

/** May the client file for this town? The county-wide id among its jurisdictions allows every town. */
export function mayFileFor(
  client: Pick<Open311Client, 'jurisdictions'>,
  town: string,
  countyId: string,
): boolean {
  return client.jurisdictions.includes(countyId) || client.jurisdictions.includes(town);
}
