/**
 * The rules for free text people type (titles, names, petition text, reasons, replies), in one place and
 * without zod, so the API's schemas (`text.ts`) and the public form (`web/src/validation.ts`) run the very
 * same code.
 *
 * - **Encoding:** a lone surrogate is not text (it cannot be stored as UTF-8 or shown); refused.
 * - **Normalisation:** NFC, so the same words are the same code points (search, duplicate detection).
 * - **Single lines** (titles, names, reasons) lose bidi controls (marks, embeddings, overrides, isolates) and the
 *   line separators U+2028, U+2029 and U+0085 (NEL): a one-line field must look like one line and cannot be
 *   made to read backwards. Tab, CR and LF stay refused there, as before.
 * - **Paragraphs** keep line breaks: U+2028, U+2029 and NEL become `\n`; bidi embeddings, overrides and
 *   isolates are refused (they disguise text, e.g. reversed file names), the plain marks (LRM/RLM/ALM) stay.
 * - **Control characters** (C0 other than tab/LF/CR, DEL, C1) are refused everywhere.
 * - **Text that looks empty** — only white space, zero-width characters, bidi controls, variation selectors,
 *   tags, fillers, the Braille blank — is refused, and the minimum length counts visible characters only.
 *
 * Lengths are counted in code points (as zod 4 does), so an emoji or a rare CJK character is one.
 */

export type TextKind = 'line' | 'paragraph';
export type TextProblem = 'encoding' | 'controls' | 'invisible' | 'length' | null;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const lineSeparators = /[\u2028\u2029\u0085]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const bidiEmbeddings = /[\u202A-\u202E\u2066-\u2069]/;
const breaksInLine = /[\r\n\t]/;
/** Everything that draws nothing: white space, default-ignorables (zero-width, variation selectors, tags,
 * Hangul fillers…), format and control characters, and the Braille blank some apps use as an "empty" name. */
const invisible = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u2800]/gu;

export function isWellFormed(value: string): boolean {
  return !loneSurrogate.test(value);
}

/** What is stored: NFC, separators handled for the kind of field, trimmed. Apply to well-formed text only. */
export function cleanText(value: string, kind: TextKind): string {
  const normalized = value.normalize('NFC');
  const cleaned =
    kind === 'line'
      ? normalized.replace(bidiControls, '').replace(lineSeparators, '')
      : normalized.replace(lineSeparators, '\n');
  return cleaned.trim();
}

/** Code points, as zod 4 counts string lengths. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

export function visibleCount(value: string): number {
  return characterCount(value.replace(invisible, ''));
}

/** The first problem of a cleaned value (null when it may be stored). */
export function textProblem(cleaned: string, kind: TextKind, min: number, max: number): TextProblem {
  if (!isWellFormed(cleaned)) return 'encoding';
  if (controls.test(cleaned)) return 'controls';
  if (kind === 'line' ? breaksInLine.test(cleaned) : bidiEmbeddings.test(cleaned)) return 'controls';
  if (cleaned.length > 0 && visibleCount(cleaned) === 0) return 'invisible';
  if (visibleCount(cleaned) < min || characterCount(cleaned) > max) return 'length';
  return null;
}

/** Clean, then check: what the form does before sending. */
export function checkText(value: string, kind: TextKind, min: number, max: number): TextProblem {
  if (!isWellFormed(value)) return 'encoding';
  return textProblem(cleanText(value, kind), kind, min, max);
}

export const textProblemMessages: Record<Exclude<TextProblem, 'length' | null>, string> = {
  encoding: '含有无法识别的字符，请重新输入 / the text contains broken characters',
  controls: '含有不允许的控制字符 / control characters are not allowed',
  invisible: '内容不能只有空白或不可见字符 / the text cannot consist of invisible characters only',
};
