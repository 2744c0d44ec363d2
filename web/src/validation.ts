import { isValidPhone } from '../../shared/schemas/phone-format.ts';

/**
 * The form's own checks, the same rules as the API's schemas (shared/schemas/petition.ts, text.ts, phone.ts)
 * so that people see a mistake before they send: the phone rules are the very same module; the text rules are
 * mirrored here without zod (test/unit/public/validation.test.ts proves they agree).
 */

export const TITLE_MIN = 2;
export const TITLE_MAX = 60;
export const CONTENT_MIN = 5;
export const CONTENT_MAX = 2000;
export const NAME_MAX = 30;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const forbiddenControls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const forbiddenInLine = /[\r\n\t]/;

export type TextProblem = 'length' | 'controls' | null;

/** Characters as zod 4 counts them: Unicode code points (an emoji or a rare CJK character is one). */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** Like `lineText(min, max)`: trimmed length in characters, no control characters. */
export function checkLine(value: string, min: number, max: number): TextProblem {
  const trimmed = value.trim();
  const length = characterCount(trimmed);
  if (length < min || length > max) return 'length';
  return forbiddenControls.test(trimmed) || forbiddenInLine.test(trimmed) ? 'controls' : null;
}

/** Like `paragraphText(min, max)`: newlines allowed. */
export function checkParagraph(value: string, min: number, max: number): TextProblem {
  const trimmed = value.trim();
  const length = characterCount(trimmed);
  if (length < min || length > max) return 'length';
  return forbiddenControls.test(trimmed) ? 'controls' : null;
}

export { isValidPhone };

/** A mainland mobile (codes go by SMS): what `normalizePhone` turns into 11 digits starting with 1. */
export function isMobile(value: string): boolean {
  return isValidPhone(value) && /^(?:\+?86)?1[3-9]\d{9}$/.test(value.replace(/[\s()-]/g, ''));
}
