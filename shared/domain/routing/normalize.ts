/**
 * How routing compares text: Unicode NFKC folding (full-width → half-width), lower case, no white space and
 * no invisible characters (a zero-width space inside 灌溉 must not hide it from the rule).
 * Chinese needs no word segmentation: the words a rule cares about (灌溉, 路灯) are matched as substrings.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{Default_Ignorable_Code_Point}]+/gu, '');
}

/** A keyword shorter than this after folding matches far too much (one character, or nothing at all). */
export const MIN_KEYWORD_LENGTH = 2;
