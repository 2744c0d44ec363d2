import { beforeAll, describe, expect, it } from 'vitest';
import { jiebaSegmenter } from '../../../shared/adapters/jieba-segmenter.ts';
import { buildLexicon, wordListSchema } from '../../../shared/domain/similarity/lexicon.ts';
import {
  extractTerms,
  type Segmenter,
  withoutPersonalData,
} from '../../../shared/domain/similarity/terms.ts';

const lexicon = buildLexicon({
  towns: ['城关镇', '溪口镇'],
  units: ['县交通运输局'],
  admin: [{ term: '人民路', kind: 'place', aliases: ['人民大道'] }],
});
let segmenter: Segmenter;

beforeAll(async () => {
  segmenter = await jiebaSegmenter(lexicon.words);
});

describe('personal data is removed before segmentation', () => {
  it('drops phones, resident ID numbers, given names and names introduced or addressed in the text', () => {
    const text = withoutPersonalData(
      '我叫张三，联系人：李四，王先生也反映过。电话13812345678，座机0571-88886666，身份证110101199003077777。张三家门口',
      ['张三'],
    );
    for (const gone of ['张三', '李四', '王先生', '13812345678', '88886666', '110101199003077777'])
      expect(text).not.toContain(gone);
    expect(text).toContain('门口');
  });

  it('never yields a name, phone or ID number as a term', () => {
    const terms = extractTerms(
      { title: '路灯不亮', content: '本人赵六，手机13912345678，身份证11010119900307777X', names: ['赵六'] },
      segmenter,
      lexicon,
    );
    expect(terms).toEqual(['路灯']);
  });
});

describe('terms', () => {
  it('maps paraphrases of one complaint to its canonical term', () => {
    const plain = extractTerms({ title: '路灯不亮', content: '人民路的路灯不亮了' }, segmenter, lexicon);
    const spoken = extractTerms(
      { title: '晚上那段路黑灯瞎火', content: '人民大道晚上那段路黑灯瞎火，走路很危险' },
      segmenter,
      lexicon,
    );
    expect(plain).toEqual(['人民路', '路灯']);
    expect(spoken).toContain('路灯');
    expect(spoken).toContain('人民路');
  });

  it('keeps county words whole and drops stop words, punctuation, numbers and single characters', () => {
    const terms = extractTerms(
      { title: '希望尽快解决', content: '县交通运输局：城关镇公交站牌被撞坏了3次，希望政府尽快解决！' },
      segmenter,
      lexicon,
    );
    expect(terms).toContain('县交通运输局');
    expect(terms).toContain('城关镇');
    expect(terms).toContain('公交');
    for (const noise of ['希望', '政府', '尽快', '解决', '3', '！', '了', '被'])
      expect(terms).not.toContain(noise);
  });

  it('is unique and sorted, so the same text always gives the same terms', () => {
    const input = { title: '停水', content: '溪口镇停水，停水三天，没水用' };
    const terms = extractTerms(input, segmenter, lexicon);
    expect(terms).toEqual([...new Set(terms)].sort());
    expect(extractTerms(input, segmenter, lexicon)).toEqual(terms);
  });
});

describe('the county word list', () => {
  it('lets an admin entry re-point a built-in alias and adds places', () => {
    const custom = buildLexicon({ admin: [{ term: '照明设施', kind: 'complaint', aliases: ['照明'] }] });
    expect(custom.canonical.get('照明')).toBe('照明设施');
    expect(lexicon.places.has('人民路')).toBe(true);
    expect(lexicon.places.has('城关镇')).toBe(true);
    expect(lexicon.places.has('路灯')).toBe(false);
  });

  it('refuses entries that could not be matched or repeat a term', () => {
    const problems = wordListSchema.safeParse({
      entries: [
        { term: '灯', kind: 'complaint', aliases: [] },
        { term: '路灯', kind: 'complaint', aliases: ['a b'] },
        { term: '路灯', kind: 'place', aliases: [] },
      ],
    });
    expect(problems.success).toBe(false);
    const paths = problems.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['entries.0.term', 'entries.1.aliases.0', 'entries']));
  });
});
