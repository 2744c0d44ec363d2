import { describe, expect, it } from 'vitest';
import {
  BANDS,
  bandKeys,
  minhashSignature,
  ROWS,
  SIGNATURE_LENGTH,
  termBandKeys,
} from '../../../shared/domain/similarity/minhash.ts';
import {
  maskedTitle,
  type SimilarCaseView,
  similarCaseView,
  similarFlag,
} from '../../../shared/domain/similarity/views.ts';

describe('MinHash signatures and band keys', () => {
  it('are pinned: band keys stored with old cases must match those computed for new ones', () => {
    const signature = minhashSignature(['路灯', '坏了', 'wifi']);

    expect(signature).toEqual([
      3487918338, 1313093329, 66228723, 770051843, 1478718841, 695000478, 606625706, 522656336, 1356038738,
      13181034, 502135270, 2770520475, 1035827679, 2320160790, 315181310, 1260278566,
    ]);
    expect(bandKeys(signature!)).toEqual([
      '00:8dee2bca',
      '01:b17ba43c',
      '02:bd6dee50',
      '03:b5ed2b6b',
      '04:ce4ba89e',
      '05:a93009ee',
      '06:776840e5',
      '07:f866803c',
      '08:6abc9f2d',
      '09:59036651',
      '10:ca39b4b6',
      '11:674c4545',
      '12:a442b27e',
      '13:74637576',
      '14:aa293ab4',
      '15:ec232058',
    ]);
  });

  it('zero-pad the band hash to eight hex digits', () => {
    const keys = bandKeys(minhashSignature(['a'])!);

    expect(keys[4]).toBe('04:08c0a62d');
    expect(keys[9]).toBe('09:0401ba0c');
    for (const key of keys) expect(key).toMatch(/^\d{2}:[0-9a-f]{8}$/);
  });

  it('do not depend on the order or repetition of terms; an empty set has no signature', () => {
    expect(minhashSignature(['wifi', '路灯', '坏了', '路灯'])).toEqual(
      minhashSignature(['路灯', '坏了', 'wifi']),
    );
    expect(minhashSignature([])).toBeNull();
  });

  it('has one value per band row', () => {
    expect([BANDS, ROWS, SIGNATURE_LENGTH]).toEqual([16, 1, 16]);
    expect(minhashSignature(['x'])).toHaveLength(16);
  });
});

describe('the similar-case index keys (termBandKeys)', () => {
  it('are pinned: keys stored with old cases must match those computed for new ones', () => {
    expect(termBandKeys(['路灯', '坏了', 'wifi'])).toEqual(['t:02dad7e3', 't:3807fca8', 't:07286448']);
    expect(termBandKeys(['a'])).toEqual(['t:e40c292c']);
  });

  it('are the terms some MinHash function ranks lowest, each once, in the order of the functions', () => {
    const terms = ['路灯', '坏了', 'wifi', '人民路', '晚上', '不亮', '三个', '月'];
    // Of the eight terms, the sixteen functions rank these lowest (two terms are never lowest).
    expect(termBandKeys(terms)).toEqual([
      't:50663ec5',
      't:07286448',
      't:0d9ed0b7',
      't:a6fa90c2',
      't:02dad7e3',
      't:3807fca8',
      't:8aebc20a',
      't:d345e641',
    ]);
    // Each key is the key of one of the terms on its own.
    const ownKeys = new Set(terms.flatMap((term) => termBandKeys([term])));
    for (const key of termBandKeys(terms)) expect(ownKeys.has(key)).toBe(true);
  });

  it('never exceed one per function, however many terms', () => {
    const many = Array.from({ length: 200 }, (_, index) => `term${index}`);
    const keys = termBandKeys(many);
    expect(keys.length).toBeLessThanOrEqual(16);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^t:[0-9a-f]{8}$/);
  });

  it('do not depend on the order or repetition of terms; an empty set has none', () => {
    expect(termBandKeys(['wifi', '路灯', '坏了', '路灯']).sort()).toEqual(
      termBandKeys(['路灯', '坏了', 'wifi']).sort(),
    );
    expect(termBandKeys([])).toEqual([]);
  });

  it('are shared by every pair of term sets that shares a classic band (one row per band)', () => {
    // Pairs drawn from a small vocabulary, so that many share bands: the index must find at least those.
    const vocabulary = [
      '路灯',
      '坏了',
      '人民路',
      '噪音',
      '晚上',
      '施工',
      '停水',
      '小区',
      '垃圾',
      '漏水',
      '物业',
      '占道',
    ];
    let random = 7;
    const next = () => {
      random = (Math.imul(random, 1103515245) + 12345) >>> 0;
      return random;
    };
    const draw = () => vocabulary.filter(() => next() % 3 === 0);
    let sharingBand = 0;
    for (let pair = 0; pair < 500; pair++) {
      const [a, b] = [draw(), draw()];
      const bandsA = new Set(bandKeys(minhashSignature(a) ?? []));
      if (!bandKeys(minhashSignature(b) ?? []).some((band) => bandsA.has(band))) continue;
      sharingBand++;
      const keysA = new Set(termBandKeys(a));
      expect(termBandKeys(b).some((key) => keysA.has(key))).toBe(true);
    }
    expect(sharingBand).toBeGreaterThan(100);
  });
});

describe('what people see of a similar case', () => {
  const item = {
    caseId: 'C2',
    trackingCode: 'HY-AAAA-BBBB',
    title: '13812345678 反映路灯坏了',
    status: 'assigned' as const,
    unitId: 'dept-a',
    createdAt: '2026-03-01T00:00:00.000Z',
  };
  const match = { kind: 'related' as const, score: 0.5, matched: ['路灯'] };

  it('masks phone numbers and ID numbers in titles', () => {
    expect(maskedTitle('电话13812345678，身份证110101199003077777')).toBe('电话***，身份证***');
    expect(maskedTitle('路灯坏了')).toBe('路灯坏了');
  });

  it('shows the masked title, the match and the decision, and leaves out what is absent', () => {
    expect(similarCaseView(item, match, 'duplicate')).toEqual({
      caseId: 'C2',
      trackingCode: 'HY-AAAA-BBBB',
      title: '*** 反映路灯坏了',
      status: 'assigned',
      unitId: 'dept-a',
      createdAt: '2026-03-01T00:00:00.000Z',
      kind: 'related',
      score: 0.5,
      matched: ['路灯'],
      decision: 'duplicate',
    });
    const bare = similarCaseView({ ...item, unitId: undefined }, match, undefined);
    expect(bare).not.toHaveProperty('unitId');
    expect(bare).not.toHaveProperty('decision');
  });

  it('flags 可能重复 for an undecided duplicate, else 相关诉求 for anything undecided, else nothing', () => {
    const view = (kind: SimilarCaseView['kind'], decision?: SimilarCaseView['decision']) =>
      similarCaseView(item, { ...match, kind }, decision);

    expect(similarFlag([view('related'), view('duplicate')])).toBe('duplicate');
    expect(similarFlag([view('related'), view('duplicate', 'dismissed')])).toBe('related');
    expect(similarFlag([view('duplicate', 'related')])).toBeNull();
    expect(similarFlag([])).toBeNull();
  });
});
