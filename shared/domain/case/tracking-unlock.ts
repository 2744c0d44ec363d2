import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * After too many wrong phone digits a tracking code is locked; the petitioner is sent a link that lifts the
 * lock: `<expiry in epoch seconds>.<mac>`, an HMAC-SHA256 over code and expiry with a backend secret. Only
 * someone holding the petitioner's phone or mailbox has it, and nothing stores it.
 */

export const MAX_TRACKING_FAILURES = 5;
export const TRACKING_LOCK_SECONDS = 24 * 3600;
const MAC_LENGTH = 32;

const mac = (secret: string, code: string, expires: number) =>
  createHmac('sha256', secret).update(`unlock\n${code}\n${expires}`).digest('base64url').slice(0, MAC_LENGTH);

export function unlockToken(secret: string, code: string, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + TRACKING_LOCK_SECONDS;
  return `${expires}.${mac(secret, code, expires)}`;
}

export function verifyUnlockToken(secret: string, code: string, token: string, now: Date): boolean {
  const [expiresText, given, extra] = token.split('.');
  if (!expiresText || !given || extra !== undefined || !/^\d{1,12}$/.test(expiresText)) return false;
  const expires = Number(expiresText);
  if (expires * 1000 < now.getTime()) return false;
  const expected = Buffer.from(mac(secret, code, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function unlockUrl(publicBaseUrl: string, code: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/track.html?code=${encodeURIComponent(code)}&unlock=${token}`;
}
