import { describe, expect, it } from 'vitest';
import {
  BANDS,
  bandKeys,
  minhashSignature,
  ROWS,
  SIGNATURE_LENGTH,
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
