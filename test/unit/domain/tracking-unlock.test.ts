import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MAX_TRACKING_FAILURES,
  MAX_UNLOCK_CODE_ATTEMPTS,
  TRACKING_LOCK_SECONDS,
  unlockCode,
  unlockToken,
  unlockUrl,
  verifyUnlockCode,
  verifyUnlockToken,
} from '../../../shared/domain/case/tracking-unlock.ts';

/** The two ways to lift a tracking lock: the link's token and the six-digit code (DESIGN: tracking). */

const secret = 'unit-test-unlock-secret';
const code = 'HY-2222-2222';
const now = new Date('2026-03-02T01:00:00.000Z');

describe('the unlock link', () => {
  it('is the expiry in epoch seconds, 24 hours on, and a 32-character HMAC-SHA256 over code, window and expiry', () => {
    const token = unlockToken(secret, code, 'window-a', now);
    const expires = now.getTime() / 1000 + 24 * 3600;
    const mac = createHmac('sha256', secret)
      .update(`unlock\n${code}\nwindow-a\n${expires}`)
      .digest('base64url')
      .slice(0, 32);

    expect(TRACKING_LOCK_SECONDS).toBe(86_400);
    expect(token).toBe(`${expires}.${mac}`);
  });

  it('holds until its expiry second and not after', () => {
    const token = unlockToken(secret, code, 'window-a', now);
    const expiry = new Date(now.getTime() + 86_400_000);

    expect(verifyUnlockToken(secret, code, 'window-a', token, expiry)).toBe(true);
    expect(verifyUnlockToken(secret, code, 'window-a', token, new Date(expiry.getTime() + 1))).toBe(false);
  });

  it('refuses tokens that are not exactly `<digits>.<mac>`', () => {
    const token = unlockToken(secret, code, 'window-a', now);
    const [expires = '', mac = ''] = token.split('.');

    expect(verifyUnlockToken(secret, code, 'window-a', `${token}.extra`, now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `${expires}.`, now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `.${mac}`, now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `${expires}`, now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `x${expires}.${mac}`, now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `${expires}x.${mac}`, now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `${mac}`, now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `${mac.slice(1)}`, now)).toBe(false);
  });

  it('refuses an expiry of more than twelve digits, even with its own valid MAC', () => {
    const expires = 1_000_000_000_000;
    const mac = createHmac('sha256', secret)
      .update(`unlock\n${code}\nwindow-a\n${expires}`)
      .digest('base64url')
      .slice(0, 32);
    const twelve = 999_999_999_999;
    const twelveMac = createHmac('sha256', secret)
      .update(`unlock\n${code}\nwindow-a\n${twelve}`)
      .digest('base64url')
      .slice(0, 32);

    expect(verifyUnlockToken(secret, code, 'window-a', `${expires}.${mac}`, now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `${twelve}.${twelveMac}`, now)).toBe(true);
  });

  it('refuses a MAC one character short or long', () => {
    const token = unlockToken(secret, code, 'window-a', now);

    expect(verifyUnlockToken(secret, code, 'window-a', token.slice(0, -1), now)).toBe(false);
    expect(verifyUnlockToken(secret, code, 'window-a', `${token}A`, now)).toBe(false);
  });

  it('builds the tracking page URL with the code encoded, with or without a trailing slash on the base', () => {
    expect(unlockUrl('https://huiyin.example/', 'HY-2222 2222', 'tok.en')).toBe(
      'https://huiyin.example/track.html?code=HY-2222%202222&unlock=tok.en',
    );
    expect(unlockUrl('https://huiyin.example', code, 'tok.en')).toBe(
      `https://huiyin.example/track.html?code=${code}&unlock=tok.en`,
    );
    expect(unlockUrl('https://huiyin.example/a/', code, 't')).toBe(
      `https://huiyin.example/a/track.html?code=${code}&unlock=t`,
    );
  });
});

describe('the unlock code', () => {
  it('is six digits from an HMAC domain-separated from the link', () => {
    const digest = createHmac('sha256', secret).update(`unlock-code\n${code}\nwindow-a`).digest();
    const expected = String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');

    expect(unlockCode(secret, code, 'window-a')).toBe(expected);
  });

  it('keeps leading zeros, so it is always six digits', () => {
    const codes = Array.from({ length: 3000 }, (_, n) => unlockCode(secret, code, `w${n}`));

    expect(codes.every((digits) => /^\d{6}$/.test(digits))).toBe(true);
    expect(codes.some((digits) => digits.startsWith('0'))).toBe(true);
  });

  it('accepts the code of the lock and nothing longer or shorter', () => {
    const digits = unlockCode(secret, code, 'window-a');

    expect(verifyUnlockCode(secret, code, 'window-a', digits)).toBe(true);
    expect(verifyUnlockCode(secret, code, 'window-a', `${digits}0`)).toBe(false);
    expect(verifyUnlockCode(secret, code, 'window-a', '')).toBe(false);
  });

  it('five wrong answers lock the code; five tries at the unlock code per lock', () => {
    expect(MAX_TRACKING_FAILURES).toBe(5);
    expect(MAX_UNLOCK_CODE_ATTEMPTS).toBe(5);
  });
});
