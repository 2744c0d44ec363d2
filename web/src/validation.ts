import { isValidPhone } from '../../shared/schemas/phone-format.ts';
import { checkText, type TextProblem } from '../../shared/schemas/text-rules.ts';

/**
 * The form's own checks, the same rules as the API's schemas (shared/schemas/petition.ts, text.ts, phone.ts)
 * so that people see a mistake before they send: the phone and text rules are the very same
 * modules (test/unit/public/validation.test.ts proves the form and the API agree).
 */

export const TITLE_MIN = 2;
export const TITLE_MAX = 60;
export const CONTENT_MIN = 5;
export const CONTENT_MAX = 2000;
export const NAME_MAX = 30;

export type { TextProblem } from '../../shared/schemas/text-rules.ts';
export { characterCount } from '../../shared/schemas/text-rules.ts';

/** Like `lineText(min, max)`: the same rules, run by the same module. */
export function checkLine(value: string, min: number, max: number): TextProblem {
  return checkText(value, 'line', min, max);
}

/** Like `paragraphText(min, max)`: newlines allowed. */
export function checkParagraph(value: string, min: number, max: number): TextProblem {
  return checkText(value, 'paragraph', min, max);
}

export { isValidPhone };

/** A mainland mobile (codes go by SMS): what `normalizePhone` turns into 11 digits starting with 1. */
export function isMobile(value: string): boolean {
  return isValidPhone(value) && /^(?:\+?86)?1[3-9]\d{9}$/.test(value.replace(/[\s()-]/g, ''));
}
