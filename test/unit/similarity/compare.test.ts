import { describe, expect, it } from 'vitest';
import {
  COMPLAINT_WEIGHT,
  compareTerms,
  DUPLICATE_THRESHOLD,
  differentPlaces,
  differentProblems,
  RELATED_THRESHOLD,
  similarKind,
} from '../../../shared/domain/similarity/similarity.ts';

const places = new Set(['人民路', '解放路', '城关镇']);
const isPlace = (term: string) => places.has(term);
const complaints = new Set(['路灯', '坑洼', '噪音']);
const kinds = { complaints, isPlace };

describe('different places', () => {
  it('are two petitions each naming a place the other does not', () => {
    expect(differentPlaces(['人民路', '路灯'], ['解放路', '路灯'], isPlace)).toBe(true);
    expect(differentPlaces(['人民路', '城关镇'], ['解放路', '城关镇'], isPlace)).toBe(true);
  });

  it('are not when one side’s places include the other’s, or a side names none', () => {
    expect(differentPlaces(['人民路', '城关镇'], ['人民路'], isPlace)).toBe(false);
    expect(differentPlaces(['人民路'], ['人民路', '城关镇'], isPlace)).toBe(false);
    expect(differentPlaces(['人民路'], ['人民路'], isPlace)).toBe(false);
    expect(differentPlaces(['路灯'], ['解放路'], isPlace)).toBe(false);
    expect(differentPlaces(['人民路'], ['路灯'], isPlace)).toBe(false);
  });
});

describe('different problems', () => {
  it('are two petitions both naming complaints and none in common', () => {
    expect(differentProblems(['路灯'], ['坑洼'], complaints)).toBe(true);
    expect(differentProblems(['路灯', '坑洼'], ['坑洼', '噪音'], complaints)).toBe(false);
    expect(differentProblems(['路灯'], ['人民路'], complaints)).toBe(false);
    expect(differentProblems(['人民路'], ['路灯'], complaints)).toBe(false);
  });
});

describe('comparing two petitions', () => {
  it('is a Jaccard index with complaint terms weighing three', () => {
    expect(COMPLAINT_WEIGHT).toBe(3);
    // shared: 路灯 (3) + 坏了 (1); union: 路灯 3 + 坏了 1 + 晚上 1 + 很暗 1
    expect(compareTerms(['路灯', '坏了', '晚上'], ['坏了', '路灯', '很暗', '路灯'], kinds)).toEqual({
      score: 4 / 6,
      matched: ['坏了', '路灯'],
    });
    expect(compareTerms(['a', 'b'], ['b', 'c'], kinds)).toEqual({ score: 1 / 3, matched: ['b'] });
  });

  it('is zero for different places or different problems, still listing shared words', () => {
    expect(compareTerms(['人民路', '路灯', '坏了'], ['解放路', '路灯', '坏了'], kinds)).toEqual({
      score: 0,
      matched: ['坏了', '路灯'],
    });
    expect(compareTerms(['路灯', '坏了'], ['坑洼', '坏了'], kinds)).toEqual({ score: 0, matched: ['坏了'] });
  });

  it('is zero for two empty term lists', () => {
    expect(compareTerms([], [], kinds)).toEqual({ score: 0, matched: [] });
  });
});

describe('what a score means', () => {
  it('is a possible duplicate from 0.5, related from 0.25, else nothing', () => {
    expect([RELATED_THRESHOLD, DUPLICATE_THRESHOLD]).toEqual([0.25, 0.5]);
    expect(similarKind(0.5)).toBe('duplicate');
    expect(similarKind(0.49)).toBe('related');
    expect(similarKind(0.25)).toBe('related');
    expect(similarKind(0.24)).toBeNull();
  });
});
