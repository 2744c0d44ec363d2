import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Password hashes for the local identity provider (Cognito keeps its own in the cloud): scrypt with
 * N = 2^15, r = 8, p = 1 (OWASP's minimum for scrypt), a 16-byte salt, encoded with its parameters so they
 * can be raised later without breaking stored hashes.
 */

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;

const N = 2 ** 15;
const r = 8;
const p = 1;
const keyLength = 32;
const maxmem = 64 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, keyLength, { N, r, p, maxmem });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Below these a stored hash was cut short or tampered with: a 1-byte hash would match one wrong password in 256. */
const MIN_HASH_BYTES = keyLength;
const MIN_SALT_BYTES = 16;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, blockSize, parallelism, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length < MIN_HASH_BYTES || Buffer.from(salt, 'base64url').length < MIN_SALT_BYTES)
    return false;
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(cost),
    r: Number(blockSize),
    p: Number(parallelism),
    maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
