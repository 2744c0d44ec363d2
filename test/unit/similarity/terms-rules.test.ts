import { describe, expect, it } from 'vitest';
import {
  buildLexicon,
  builtInComplaintTerms,
  wordListEntrySchema,
  wordListSchema,
} from '../../../shared/domain/similarity/lexicon.ts';
import {
  extractTerms,
  isPlace,
  type Segmenter,
  stopWords,
  withoutPersonalData,
} from '../../../shared/domain/similarity/terms.ts';

/** A stand-in segmenter: the text is already cut, words separated by spaces or line breaks. */
const spaced: Segmenter = { cut: (text) => text.split(/[ \n]/) };
/**
 * Built in each test, not at load: a mutant that breaks `buildLexicon` or the built-in list then fails tests,
 * where a throw at load would only fail the file's import, which Stryker's vitest runner does not count as a kill.
 */
const countyLexicon = () => buildLexicon({ towns: ['城关镇'], units: ['县交通运输局'] });
const terms = (content: string, names?: readonly string[]) =>
  extractTerms({ title: '', content, ...(names ? { names } : {}) }, spaced, countyLexicon());

describe('place names the word list does not know', () => {
  it.each(['路', '街', '村', '巷', '弄', '大道', '小区', '社区', '组'])(
    'join a word with the suffix %s',
    (suffix) => {
      expect(terms(`幸福 ${suffix} 垃圾`)).toEqual([`幸福${suffix}`, '垃圾'].sort());
      expect(isPlace(`幸福${suffix}`, countyLexicon())).toBe(true);
    },
  );

  it('are not joined from a single character, a county word, a place already, a stop word or a non-Han word', () => {
    expect(terms('东 路 垃圾')).toEqual(['垃圾']);
    expect(terms('路灯 路 坏掉')).toEqual(['坏掉', '路灯']);
    expect(terms('人民路 村 垃圾')).toEqual(['人民路', '垃圾']);
    expect(terms('我们 村 垃圾')).toEqual(['垃圾']);
    expect(terms('K12 路 公交')).toEqual(['K12', '公交']);
    expect(terms('人民x 路')).toEqual(['人民x']);
    expect(terms('x人民 路')).toEqual(['x人民']);
  });

  it('are places by shape, unless the word list says what the word is', () => {
    const lexicon = countyLexicon();

    expect(isPlace('城关镇', lexicon)).toBe(true);
    expect(isPlace('人民路', lexicon)).toBe(true);
    expect(isPlace('一二三四五六七路', lexicon)).toBe(false);
    expect(isPlace('路', lexicon)).toBe(false);
    expect(isPlace('一二三四五六路', lexicon)).toBe(true);
    expect(isPlace('某某路x', lexicon)).toBe(false);
    expect(isPlace('x某某路', lexicon)).toBe(false);
    expect(isPlace('垃圾', lexicon)).toBe(false);
    expect(isPlace('县交通运输局', lexicon)).toBe(false);
    expect(isPlace('水渠', buildLexicon({ admin: [{ term: '水渠', kind: 'place', aliases: [] }] }))).toBe(
      true,
    );
    const shapedLikeAPlace = buildLexicon({ admin: [{ term: '上学路', kind: 'complaint', aliases: [] }] });
    expect(isPlace('上学路', shapedLikeAPlace)).toBe(false);
  });
});

describe('terms of a petition', () => {
  it('skip numbers, stop words, single characters and words without a Han character or a code', () => {
    expect(terms('12.5 3，4 的 我们 希望 灯 x -- ab 垃圾')).toEqual(['ab', '垃圾']);
  });

  it('skip a number of digits only, keep a code of letters and digits, and drop a code with other signs', () => {
    expect(terms('2026 12ab 垃圾')).toEqual(['12ab', '垃圾']);
    expect(terms('-ab ab- 垃圾')).toEqual(['垃圾']);
  });

  it('keep a single character the word list names, as its canonical term', () => {
    expect(terms('桥 坏了')).toEqual(['坏了', '桥梁']);
  });

  it('read the title as well as the content', () => {
    expect(extractTerms({ title: '垃圾', content: '噪音' }, spaced, countyLexicon())).toEqual([
      '噪音',
      '垃圾',
    ]);
  });

  it('trim what the segmenter returns', () => {
    const padded: Segmenter = { cut: () => [' 垃圾 ', '\t噪音'] };

    expect(extractTerms({ title: '', content: '' }, padded, countyLexicon())).toEqual(['噪音', '垃圾']);
  });

  it('leave out the names the petitioner gave, but not a one-character name', () => {
    expect(terms('张三丰 垃圾', ['张三丰'])).toEqual(['垃圾']);
    expect(terms('张三丰 垃圾', [' 张三丰 '])).toEqual(['垃圾']);
    expect(withoutPersonalData('王 垃圾', ['王'])).toBe('王 垃圾');
  });
});

describe('personal data', () => {
  it('takes introduced names out at the end of a sentence or the text, with any separator', () => {
    expect(withoutPersonalData('姓名:赵六')).not.toContain('赵六');
    expect(withoutPersonalData('信访人 钱七，反映')).not.toContain('钱七');
    expect(withoutPersonalData('署名孙八；')).not.toContain('孙八');
    expect(withoutPersonalData('刘阿姨和赵大爷')).not.toMatch(/刘|赵/);
    expect(withoutPersonalData('电话 13812345678 号')).not.toContain('[phone]');
    expect(withoutPersonalData('我叫张三 反映')).not.toContain('张三');
  });

  it('leaves a space where personal data was, so the words around it are not joined into one', () => {
    expect(withoutPersonalData('电话13812345678号')).toBe('电话 号');
    expect(withoutPersonalData('张三丰垃圾', ['张三丰'])).toBe(' 垃圾');
    expect(withoutPersonalData('我叫张三，门口')).toBe(' ，门口');
    expect(withoutPersonalData('找王师傅修')).toBe('找 修');
  });
});

describe('the built-in word list', () => {
  it('is Han words only, each claimed by one term', () => {
    const words = builtInComplaintTerms.flatMap((entry) => [entry.term, ...entry.aliases]);

    for (const entry of builtInComplaintTerms) expect(entry.kind).toBe('complaint');
    for (const each of words) expect(each).toMatch(/^\p{Script=Han}+$/u);
    expect(new Set(words).size).toBe(words.length);
    expect(builtInComplaintTerms.length).toBeGreaterThan(20);
  });

  it('turns everyday ways of saying a problem into its term', () => {
    expect(terms('黑灯瞎火 没水 跳闸 坑坑洼洼')).toEqual(['停水', '停电', '路灯', '路面']);
  });

  it('holds the stop words petitions share whatever they are about', () => {
    for (const each of ['的', '我们', '一个', '希望', '谢谢', '没有', '多次', '路段', '好多年'])
      expect(stopWords.has(each)).toBe(true);
    expect(stopWords.has('路灯')).toBe(false);
    expect(stopWords.has('')).toBe(false);
  });
});

describe('the admins’ word list', () => {
  it('accepts two to twenty Han characters, letters or digits, trimmed', () => {
    const parse = (term: string) => wordListEntrySchema.safeParse({ term, kind: 'place' });

    expect(parse(' 人民路 ').data).toEqual({ term: '人民路', kind: 'place', aliases: [] });
    expect(parse('K1').success).toBe(true);
    expect(parse('桥').success).toBe(false);
    expect(parse('汉'.repeat(20)).success).toBe(true);
    expect(parse('汉'.repeat(21)).success).toBe(false);
    expect(parse('人民-路').success).toBe(false);
    expect(wordListEntrySchema.safeParse({ term: '人民路', kind: 'road' }).success).toBe(false);
    expect(wordListEntrySchema.safeParse({ term: '县水利局', kind: 'unit' }).success).toBe(true);
    expect(wordListEntrySchema.safeParse({ term: '垃圾', kind: 'complaint' }).success).toBe(true);
    expect(wordListEntrySchema.safeParse({ term: '人民路', kind: 'place', extra: 1 }).success).toBe(false);
  });

  it('says in both languages why a word or a list is refused', () => {
    const message = (result: { error?: { issues: { message: string }[] } }) =>
      result.error?.issues.map((issue) => issue.message);
    const parse = (term: string) => wordListEntrySchema.safeParse({ term, kind: 'place' });

    expect(message(parse('桥'))).toEqual(['至少两个字 / at least two characters']);
    expect(message(parse('汉'.repeat(21)))).toEqual(['最多二十个字 / at most 20 characters']);
    expect(message(parse('人民-路'))).toEqual([
      '只能包含汉字、字母和数字 / Han characters, letters and digits only',
    ]);
    const twice = { term: '人民路', kind: 'place', aliases: [] };
    expect(message(wordListSchema.safeParse({ entries: [twice, twice] }))).toEqual([
      '每个词只能出现一次 / each term once',
    ]);
  });

  it('holds at most 30 aliases per entry and 500 entries, each term once', () => {
    const entry = (term: string, aliases: string[] = []) => ({ term, kind: 'place', aliases });
    const aliases = (count: number) => Array.from({ length: count }, (_, index) => `别名${index}`);
    const list = (count: number) => Array.from({ length: count }, (_, index) => entry(`地名${index}`));

    expect(wordListSchema.safeParse({ entries: [entry('人民路', aliases(30))] }).success).toBe(true);
    expect(wordListSchema.safeParse({ entries: [entry('人民路', aliases(31))] }).success).toBe(false);
    expect(wordListSchema.safeParse({ entries: list(500) }).success).toBe(true);
    expect(wordListSchema.safeParse({ entries: list(501) }).success).toBe(false);
    expect(wordListSchema.safeParse({ entries: [entry('人民路'), entry('人民路')] }).success).toBe(false);
  });

  it('is merged over the built-in list: places, units and complaints by kind, later entries winning', () => {
    const merged = buildLexicon({
      towns: ['溪口镇'],
      units: ['县水利局'],
      admin: [
        { term: '水渠', kind: 'place', aliases: ['大水渠'] },
        { term: '路灯', kind: 'complaint', aliases: ['灯笼'] },
      ],
    });

    expect([...merged.places].sort()).toEqual(['水渠', '溪口镇']);
    expect(merged.complaints.has('路灯')).toBe(true);
    expect(merged.complaints.has('县水利局')).toBe(false);
    expect(merged.canonical.get('县水利局')).toBe('县水利局');
    expect(merged.canonical.get('大水渠')).toBe('水渠');
    expect(merged.canonical.get('灯笼')).toBe('路灯');
    const builtIn = new Set(buildLexicon().words);
    expect([...builtIn].sort()).toEqual(
      builtInComplaintTerms.flatMap((entry) => [entry.term, ...entry.aliases]).sort(),
    );
    expect(merged.words.filter((each) => !builtIn.has(each)).sort()).toEqual(
      ['大水渠', '溪口镇', '灯笼', '县水利局'].sort(),
    );
    expect(buildLexicon({ towns: ['溪口镇'] }).words.filter((each) => !builtIn.has(each))).toEqual([
      '溪口镇',
    ]);
    expect(buildLexicon({ units: ['县水利局'] }).words.filter((each) => !builtIn.has(each))).toEqual([
      '县水利局',
    ]);
    expect(merged.words).toContain('大水渠');
    expect(merged.words).toContain('县水利局');
    expect(buildLexicon().places.size).toBe(0);
  });
});
