import { randomInt } from 'node:crypto';

/**
 * Tracking codes like `HY-7K3Q-9MXD`: read over the phone and typed on cheap keyboards, so the alphabet has
 * no 0/O/1/I. 32 symbols × 8 positions = 40 random bits; uniqueness is enforced by a conditional write,
 * not by hoping.
 */
export const trackingAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const codeLength = 8;

export const trackingCodePattern = /^HY-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

export function newTrackingCode(random: (max: number) => number = randomInt): string {
  let symbols = '';
  for (let i = 0; i < codeLength; i++) symbols += trackingAlphabet[random(trackingAlphabet.length)];
  return `HY-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

/** Accepts what people actually type: lower case, spaces, missing dashes or a missing `HY` prefix. */
export function normalizeTrackingCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const body = compact.startsWith('HY') ? compact.slice(2) : compact;
  if (body.length !== codeLength) return null;
  const code = `HY-${body.slice(0, 4)}-${body.slice(4)}`;
  return trackingCodePattern.test(code) ? code : null;
}
