import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * After too many wrong phone digits a tracking code is locked; the petitioner is sent two ways to lift it,
 * both derived statelessly under a backend secret (domain-separated, so neither is the other nor a survey
 * token), and only someone holding the petitioner's phone or mailbox has them:
 *
 * - a link, `<expiry in epoch seconds>.<mac>`: an HMAC-SHA256 over code, the lock's window id and expiry, for
 *   free-text channels (e-mail, SNS SMS). Bound to the window like the code below, so a link from an earlier
 *   lock cannot lift a later one, however close together they are;
 * - a six-digit unlock code, for registered SMS templates (mainland providers let no variable carry a link):
 *   an HMAC over the tracking code and the lock's window id (random, set when the window's first wrong answer
 *   opened it), so it lives exactly as long as that lock and a new lock has a new code. Six digits are safe
 *   because attempts are counted per window (`MAX_UNLOCK_CODE_ATTEMPTS`), before the code is compared.
 */

export const MAX_TRACKING_FAILURES = 5;
export const TRACKING_LOCK_SECONDS = 24 * 3600;
/** Tries at the unlock code per lock; after them only the 24 hours lift it (or the link). */
export const MAX_UNLOCK_CODE_ATTEMPTS = 5;
const MAC_LENGTH = 32;

const mac = (secret: string, code: string, window: string, expires: number) =>
  createHmac('sha256', secret)
    .update(`unlock\n${code}\n${window}\n${expires}`)
    .digest('base64url')
    .slice(0, MAC_LENGTH);

const sameText = (expected: string, given: string) => {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The link's token for the lock `window` of `code`, issued at `now` (it cannot outlive the lock's 24 hours). */
export function unlockToken(secret: string, code: string, window: string, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + TRACKING_LOCK_SECONDS;
  return `${expires}.${mac(secret, code, window, expires)}`;
}

/** True only for a token issued for the lock that stands now (`window`), before its expiry. */
export function verifyUnlockToken(
  secret: string,
  code: string,
  window: string,
  token: string,
  now: Date,
): boolean {
  const [expiresText, given, extra] = token.split('.');
  if (!expiresText || !given || extra !== undefined || !/^\d{1,12}$/.test(expiresText)) return false;
  const expires = Number(expiresText);
  if (expires * 1000 < now.getTime()) return false;
  return sameText(mac(secret, code, window, expires), given) && window !== '';
}

export function unlockUrl(publicBaseUrl: string, code: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/track.html?code=${encodeURIComponent(code)}&unlock=${token}`;
}

/** The six digits that lift the lock of `window` (a lock's random id) on `code`. */
export function unlockCode(secret: string, code: string, window: string): string {
  const digest = createHmac('sha256', secret).update(`unlock-code\n${code}\n${window}`).digest();
  // 2^32 mod 10^6 leaves a bias below 0.03 %: no digit string is meaningfully likelier than another.
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** Constant time: a wrong code costs what a right one costs. A lock without a window id has no code. */
export function verifyUnlockCode(secret: string, code: string, window: string, given: string): boolean {
  const expected = unlockCode(secret, code, window);
  return sameText(expected, given) && window !== '';
}
