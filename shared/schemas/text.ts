import * as z from 'zod';
import {
  characterCount,
  cleanText,
  isWellFormed,
  type TextKind,
  textProblem,
  textProblemMessages,
  visibleCount,
} from './text-rules.ts';

/**
 * Every schema that takes free text uses these two (the rules themselves are in `text-rules.ts`, shared with
 * the public form). The stored value is the cleaned one: NFC, separators handled, trimmed.
 */
function text(kind: TextKind, min: number, max: number) {
  // One `.check()` with every rule, not a chain of five: each chained call clones the schema, and the cloning
  // (about 0.15 ms a schema) is paid at every cold start for each of the dozens of text fields.
  return z.string().check(
    // Before anything else: normalising or trimming a broken string would hide where it broke.
    z.refine(isWellFormed, { message: textProblemMessages.encoding, abort: true }),
    z.overwrite((value) => cleanText(value, kind)),
    z.minLength(min, `至少 ${min} 个字 / at least ${min} characters`),
    z.maxLength(max, `最多 ${max} 个字 / at most ${max} characters`),
    z.superRefine((value, context) => {
      const problem = textProblem(value, kind, 0, max);
      if (problem && problem !== 'length') {
        context.addIssue({ code: 'custom', message: textProblemMessages[problem] });
        return;
      }
      // The minimum counts what people can see: "a" followed by a zero-width space is one character.
      if (characterCount(value) >= min && visibleCount(value) < min)
        context.addIssue({ code: 'custom', message: `至少 ${min} 个字 / at least ${min} characters` });
    }),
  );
}

/** Single-line text (titles, names, reasons): no line breaks, tabs or bidi controls. */
export function lineText(min: number, max: number) {
  return text('line', min, max);
}

/** Multi-line text (petition text, replies): line breaks allowed. */
export function paragraphText(min: number, max: number) {
  return text('paragraph', min, max);
}
