import * as z from 'zod';

// C0 control characters other than tab/newline/carriage return, DEL, and the Unicode bidi overrides used
// to disguise text; refused outright rather than stored.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const forbiddenControls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const forbiddenInLine = /[\r\n\t]/;

/** Single-line text: trimmed, no control characters, length counted in characters (not bytes). */
export function lineText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, `至少 ${min} 个字 / at least ${min} characters`)
    .max(max, `最多 ${max} 个字 / at most ${max} characters`)
    .refine(
      (value) => !forbiddenControls.test(value) && !forbiddenInLine.test(value),
      '含有不允许的控制字符 / control characters are not allowed',
    );
}

/** Multi-line text: newlines allowed, other control characters refused. */
export function paragraphText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, `至少 ${min} 个字 / at least ${min} characters`)
    .max(max, `最多 ${max} 个字 / at most ${max} characters`)
    .refine(
      (value) => !forbiddenControls.test(value),
      '含有不允许的控制字符 / control characters are not allowed',
    );
}
