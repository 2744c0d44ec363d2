/**
 * Personal data never reaches a log line (DESIGN §6). Two layers: keys known to hold personal data are
 * replaced wholesale, and any string that still looks like a mainland phone or resident ID number is masked,
 * in case it arrived inside free text or an error message.
 *
 * A bare `name` key is deliberately not on the list: serialised errors carry their class in `name`, and the
 * petitioner's name only ever travels inside `petitioner`, which is redacted as a whole.
 */

const sensitiveKeys = new Set([
  'phone',
  'mobile',
  'idnumber',
  'idcard',
  'petitioner',
  'petitionername',
  'fullname',
  'content',
  'title',
  'text',
  'reply',
  'comment',
  'summary',
  'reason',
  'email',
  'address',
  'body',
  'password',
  'authorization',
  'token',
]);

// 18-digit resident ID (last char may be X), 11-digit mobiles starting with 1, landlines like 0571-88886666.
const idNumberPattern = /\b\d{17}[\dXx]\b/g;
const mobilePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const landlinePattern = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;

export const REDACTED = '[redacted]';

export function redactString(value: string): string {
  return value
    .replace(idNumberPattern, '[id-number]')
    .replace(mobilePattern, '[phone]')
    .replace(landlinePattern, '[phone]');
}

export function isSensitiveKey(key: string): boolean {
  return sensitiveKeys.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/** A `JSON.stringify` replacer: usable by any logger that serialises with JSON. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && isSensitiveKey(key) && value !== null && value !== undefined) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  return value;
}
