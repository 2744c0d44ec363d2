import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categorySchema, routingRuleSchema } from '../../../shared/domain/reference/model.ts';
import { submitPetitionSchema } from '../../../shared/schemas/petition.ts';
import { staffActionSchemas } from '../../../shared/schemas/staff-actions.ts';
import { lineText, paragraphText } from '../../../shared/schemas/text.ts';
import { surveyAnswerSchema } from '../../../shared/use-cases/surveys.ts';

/** Text that looks empty, broken text, and separators that break a single line (docs/security.md). */

const invisibleCharacters = [
  '\u200B', // zero-width space
  '\u200C',
  '\u200D',
  '\u2060', // word joiner
  '\uFEFF',
  '\u00AD', // soft hyphen
  '\u034F', // combining grapheme joiner
  '\u200E', // LRM
  '\u200F',
  '\u061C',
  '\uFE0F', // variation selector
  '\u{E0100}', // variation selector supplement
  '\u{E0041}', // tag
  '\u3164', // Hangul filler
  '\uFFA0',
  '\u115F',
  '\u2800', // Braille blank
  '\u3000', // ideographic space
  '\u00A0',
  '\u2028',
  '\u2029',
  '\u0085',
  ' ',
];

const invisibleText = fc
  .array(fc.constantFrom(...invisibleCharacters), { minLength: 1, maxLength: 30 })
  .map((parts) => parts.join(''));

const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? null : result.error!.issues.map((issue) => issue.message).join(' | ');

describe('text that looks empty is refused', () => {
  it('in single lines and paragraphs, whatever invisible characters make it up', () => {
    fc.assert(
      fc.property(invisibleText, (value) => {
        expect(lineText(1, 60).safeParse(value).success).toBe(false);
        expect(paragraphText(1, 2000).safeParse(value).success).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('says why in Chinese', () => {
    expect(message(lineText(2, 60).safeParse('\u200B\u200B\u200B'))).toMatch(/^内容不能只有空白或不可见字符/);
  });

  it('counts only visible characters towards the minimum', () => {
    expect(lineText(2, 60).safeParse('a\u200B').success).toBe(false);
    expect(lineText(2, 60).safeParse('ab\u200B').success).toBe(true);
    expect(paragraphText(5, 100).safeParse('一二三四\uFE0F\uFE0F').success).toBe(false);
  });

  it('even where the field may be empty', () => {
    expect(lineText(0, 80).safeParse('').success).toBe(true);
    expect(lineText(0, 80).safeParse('\u2800').success).toBe(false);
  });
});

describe('broken and disguising characters', () => {
  it('refuses lone surrogates, once, in Chinese', () => {
    for (const value of ['标题\uD800', '\uDC00标题', '标\uDBFF题']) {
      const result = lineText(1, 60).safeParse(value);
      expect(message(result)).toBe('含有无法识别的字符，请重新输入 / the text contains broken characters');
      expect(paragraphText(1, 60).safeParse(value).success).toBe(false);
    }
    // A real surrogate pair is one character.
    expect(lineText(1, 1).parse('𠀀')).toBe('𠀀');
  });

  it('strips bidi controls and line separators from single-line fields', () => {
    expect(lineText(1, 60).parse('\u202E反转标题\u202C')).toBe('反转标题');
    expect(lineText(1, 60).parse('第一行\u2028第二行\u2029第三\u0085行')).toBe('第一行第二行第三行');
    expect(lineText(1, 60).parse('\u2066隔离\u2069 \u200E标记')).toBe('隔离 标记');
  });

  it('keeps line breaks in paragraphs as newlines and still refuses overrides there', () => {
    expect(paragraphText(1, 60).parse('第一段\u2028第二段\u0085第三段')).toBe('第一段\n第二段\n第三段');
    expect(paragraphText(1, 60).safeParse('\u202E一二三四五').success).toBe(false);
  });

  it('refuses C1 control characters', () => {
    expect(lineText(1, 60).safeParse('标题\u009B').success).toBe(false);
    expect(paragraphText(1, 60).safeParse('标题内容\u0080').success).toBe(false);
  });

  it('stores NFC', () => {
    const decomposed = 'Cafe\u0301 路口';
    expect(lineText(1, 60).parse(decomposed)).toBe('Café 路口');
    expect(paragraphText(1, 60).parse(decomposed)).toBe('Café 路口');
  });
});

describe('every schema that takes text runs these rules', () => {
  const zeroWidth = '\u200B\u200B\u200B\u200B\u200B\u200B';

  it('the petition', () => {
    const petition = {
      jurisdictionCode: 'chengguan',
      title: zeroWidth,
      content: zeroWidth,
      petitioner: { name: '\u3164', phone: '13812345678' },
    };
    const result = submitPetitionSchema.safeParse(petition);
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['title', 'content', 'petitioner.name']));
  });

  it('staff actions, survey comments, reference data and routing keywords', () => {
    expect(staffActionSchemas.reject.safeParse({ expectedVersion: 1, reason: zeroWidth }).success).toBe(
      false,
    );
    expect(staffActionSchemas.reply.safeParse({ expectedVersion: 1, text: zeroWidth }).success).toBe(false);
    expect(surveyAnswerSchema.safeParse({ rating: 'satisfied', comment: zeroWidth }).success).toBe(false);
    expect(
      categorySchema.safeParse({ code: 'x1', nameZh: zeroWidth, nameEn: 'X', descriptionZh: '' }).success,
    ).toBe(false);
    expect(
      routingRuleSchema.safeParse({ ruleId: 'R9', unitId: 'dept-housing', priority: 1, keywords: ['\u3000'] })
        .success,
    ).toBe(false);
  });
});
