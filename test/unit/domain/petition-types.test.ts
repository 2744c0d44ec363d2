import { describe, expect, it } from 'vitest';
import {
  accuses,
  isPetitionType,
  petitionTypeInfo,
  petitionTypes,
  regulationClasses,
} from '../../../shared/domain/case/petition-types.ts';

/** The 信访工作条例's three classes and the hotline words residents know, each with its class. */

describe('petition types', () => {
  it('are the three 条例 classes and the five hotline words', () => {
    expect(regulationClasses).toEqual(['opinion', 'accusation', 'claim']);
    expect(petitionTypes).toEqual([
      'opinion',
      'accusation',
      'claim',
      'inquiry',
      'help',
      'complaint',
      'report',
      'proposal',
    ]);
  });

  it('each has its own non-empty Chinese and English name', () => {
    const zh = petitionTypes.map((type) => petitionTypeInfo[type].zh);
    const en = petitionTypes.map((type) => petitionTypeInfo[type].en);

    expect(zh.every((name) => name.trim().length > 0)).toBe(true);
    expect(en.every((name) => name.trim().length > 0)).toBe(true);
    expect(new Set(zh).size).toBe(petitionTypes.length);
    expect(new Set(en).size).toBe(petitionTypes.length);
    expect(zh.every((name) => /^[\u4e00-\u9fff]+$/.test(name))).toBe(true);
    expect(en.every((name) => /^[A-Z][a-z ]+$/.test(name))).toBe(true);
    expect(petitionTypeInfo.accusation.zh).toBe('检举控告');
    expect(petitionTypeInfo.inquiry.zh).toBe('咨询');
  });

  it('belong to their class: 咨询 to none, 求助 and 投诉 to 申诉求决, 举报 to 检举控告, 建议 to 建议意见', () => {
    expect(
      Object.fromEntries(petitionTypes.map((type) => [type, petitionTypeInfo[type].regulationClass])),
    ).toEqual({
      opinion: 'opinion',
      accusation: 'accusation',
      claim: 'claim',
      inquiry: null,
      help: 'claim',
      complaint: 'claim',
      report: 'accusation',
      proposal: 'opinion',
    });
  });

  it('are recognised only as the exact strings', () => {
    for (const type of petitionTypes) expect(isPetitionType(type)).toBe(true);
    expect(isPetitionType('Complaint')).toBe(false);
    expect(isPetitionType('')).toBe(false);
    expect(isPetitionType(undefined)).toBe(false);
    expect(isPetitionType(['complaint'])).toBe(false);
    expect(isPetitionType({ toString: () => 'complaint' })).toBe(false);
  });

  it('only 检举控告 and 举报 accuse someone', () => {
    expect(petitionTypes.filter((type) => accuses(type))).toEqual(['accusation', 'report']);
    expect(accuses(undefined)).toBe(false);
  });
});
