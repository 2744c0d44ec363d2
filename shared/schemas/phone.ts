import * as z from 'zod';

/**
 * Mainland phone numbers: mobiles (11 digits starting 13–19, optional +86 prefix) and landlines
 * (area code 0XX or 0XXX, then 7–8 digits, optional extension is not accepted on the public form).
 * Normalised so that the last four digits can be compared for tracking look-ups.
 */
const mobile = /^(?:\+?86)?(1[3-9]\d{9})$/;
// Area codes: 010 and 020–029 have three digits, all others four; the number has 7–8 digits.
const landline = /^(0[12]\d|0[3-9]\d{2})(\d{7,8})$/;

export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s()-]/g, '');
  const mobileMatch = mobile.exec(compact);
  if (mobileMatch) return mobileMatch[1]!;
  const landlineMatch = landline.exec(compact.replace(/^\+?86/, '0').replace(/^00/, '0'));
  if (landlineMatch) return `${landlineMatch[1]}-${landlineMatch[2]}`;
  return null;
}

export const phoneSchema = z
  .string()
  .max(20, '电话号码格式不正确 / invalid phone number')
  .transform((value, context) => {
    const normalized = normalizePhone(value);
    if (!normalized) {
      context.addIssue({
        code: 'custom',
        message: '请填写正确的手机或固定电话号码 / enter a valid mainland mobile or landline number',
      });
      return z.NEVER;
    }
    return normalized;
  });

export function lastFourDigits(phone: string): string {
  return phone.replace(/\D/g, '').slice(-4);
}

/** `13812345678` → `138****5678`; landlines keep the area code and the last four digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  const [area, number] = phone.split('-');
  if (area && number) return `${area}-${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`;
  return `****${digits.slice(-4)}`;
}
