import * as z from 'zod';

import { normalizePhone, PHONE_MAX_LENGTH } from './phone-format.ts';

/** The rules live in `phone-format.ts` (no zod), which the public form shares. */
export { normalizePhone };

export const phoneSchema = z
  .string()
  .max(PHONE_MAX_LENGTH, '电话号码格式不正确 / invalid phone number')
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

/** `zhangsan@example.com` → `z******n@example.com`: enough to recognise, not to write to. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = [...email.slice(0, at)];
  const shown =
    local.length <= 2 ? `${local[0]}*` : `${local[0]}${'*'.repeat(local.length - 2)}${local.at(-1)}`;
  return `${shown}${email.slice(at)}`;
}
