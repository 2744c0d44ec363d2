/**
 * Mainland phone numbers: mobiles (11 digits starting 13–19, optional +86 prefix) and landlines
 * (area code 0XX or 0XXX, then 7–8 digits, optional extension is not accepted on the public form).
 * Normalised so that the last four digits can be compared for tracking look-ups.
 *
 * No dependencies (no zod): the public form imports this very file to check numbers as people type, with the
 * same rules as the API (`phone.ts` builds the schema on it).
 */
export const PHONE_MAX_LENGTH = 20;

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

/** What `phoneSchema` accepts: at most 20 characters that normalise to a mobile or landline number. */
export function isValidPhone(input: string): boolean {
  return input.length <= PHONE_MAX_LENGTH && normalizePhone(input) !== null;
}
