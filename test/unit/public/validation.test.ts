import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../../shared/domain/attachments/limits.ts';
import {
  CONTENT_MAX as SERVER_CONTENT_MAX,
  TITLE_MAX as SERVER_TITLE_MAX,
} from '../../../shared/schemas/petition.ts';
import { phoneSchema } from '../../../shared/schemas/phone.ts';
import { lineText, paragraphText } from '../../../shared/schemas/text.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '../../../web/src/photos.ts';
import {
  CONTENT_MAX,
  CONTENT_MIN,
  checkLine,
  checkParagraph,
  isMobile,
  isValidPhone,
  TITLE_MAX,
  TITLE_MIN,
} from '../../../web/src/validation.ts';

/** The form checks what the API checks, so a petition the form lets through is not refused for its shape. */

const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .tuple(
      fc.string({ maxLength: 20 }),
      fc.integer({ min: 0, max: 0x2070 }).map((code) => String.fromCharCode(code)),
      fc.string({ maxLength: 20 }),
    )
    .map((parts) => parts.join('')),
  fc.constantFrom('  标题  ', '\t标题', '标题\n第二行', '\u202e反转', 'a\u2066b', '\u0000'),
  // Invisible, broken and separator characters (text-rules.ts).
  fc
    .array(
      fc.constantFrom('\u200b', '\u2028', '\u0085', '\ud800', '\u3164', '\ufe0f', '字', 'e\u0301', ' '),
      {
        maxLength: 12,
      },
    )
    .map((parts) => parts.join('')),
);

describe('text rules agree with the API schemas', () => {
  it('single lines (titles, names)', () => {
    const server = lineText(TITLE_MIN, TITLE_MAX);
    fc.assert(
      fc.property(text, (value) => {
        expect(checkLine(value, TITLE_MIN, TITLE_MAX) === null).toBe(server.safeParse(value).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('paragraphs (the petition text)', () => {
    const server = paragraphText(CONTENT_MIN, 60);
    fc.assert(
      fc.property(text, (value) => {
        expect(checkParagraph(value, CONTENT_MIN, 60) === null).toBe(server.safeParse(value).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('use the same limits as the schema and the page', () => {
    const page = readFileSync(resolve(import.meta.dirname, '../../../web/index.html'), 'utf8');

    expect([TITLE_MAX, CONTENT_MAX]).toEqual([SERVER_TITLE_MAX, SERVER_CONTENT_MAX]);
    expect(page).toMatch(new RegExp(`id="title"[^>]*maxlength="${TITLE_MAX}"`));
    expect(page).toMatch(new RegExp(`id="content"[^>]*maxlength="${CONTENT_MAX}"`));
    expect([MAX_PHOTOS, MAX_PHOTO_BYTES]).toEqual([MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES]);
  });
});

describe('phone numbers: the form runs the API’s own rules', () => {
  const phoneLike = fc.oneof(
    fc.stringMatching(/^(\+?86)?1[0-9]\d{9}$/),
    fc.stringMatching(/^0\d{2,3}-?\d{6,9}$/),
    fc.stringMatching(/^[\d ()+-]{0,24}$/),
    fc.string({ maxLength: 24 }),
  );

  it('accepts exactly what phoneSchema accepts', () => {
    fc.assert(
      fc.property(phoneLike, (value) => {
        expect(isValidPhone(value)).toBe(phoneSchema.safeParse(value).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('knows a mobile when it sees one (codes go by SMS only)', () => {
    fc.assert(
      fc.property(phoneLike, (value) => {
        const parsed = phoneSchema.safeParse(value);
        expect(isMobile(value)).toBe(parsed.success && /^1\d{10}$/.test(parsed.data));
      }),
      { numRuns: 3000 },
    );
  });
});
