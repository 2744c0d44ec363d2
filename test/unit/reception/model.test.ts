import { describe, expect, it } from 'vitest';
import {
  defaultReceptionRule,
  receptionDaySchema,
  receptionMoveRules,
  receptionRuleSchema,
  representativeSchema,
  studioRepresentativeSchema,
} from '../../../shared/domain/reception/model.ts';

describe('reception days and rules', () => {
  it('holds the studios’ custom as the default rule: the 10th and 20th, next working day, two on duty', () => {
    expect(defaultReceptionRule).toEqual({
      daysOfMonth: [10, 20],
      onNonWorkday: 'nextWorkday',
      representativesPerDay: 2,
      hours: '09:00-11:30',
    });
    expect(receptionMoveRules).toEqual(['nextWorkday', 'previousWorkday', 'keep', 'skip']);
  });

  it('limits the days of the month, the roster and the hours', () => {
    const ok = (rule: unknown) => receptionRuleSchema.safeParse(rule).success;
    expect(ok({ daysOfMonth: [1, 31] })).toBe(true);
    expect(ok({ daysOfMonth: [0] })).toBe(false);
    expect(ok({ daysOfMonth: [32] })).toBe(false);
    expect(ok({ daysOfMonth: [1.5] })).toBe(false);
    expect(ok({ daysOfMonth: [] })).toBe(false);
    expect(ok({ daysOfMonth: [1, 2, 3, 4, 5, 6, 7, 8] })).toBe(true);
    expect(ok({ daysOfMonth: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(false);
    for (const onNonWorkday of receptionMoveRules) expect(ok({ onNonWorkday })).toBe(true);
    expect(ok({ onNonWorkday: 'never' })).toBe(false);
    expect(ok({ representativesPerDay: 1 })).toBe(true);
    expect(ok({ representativesPerDay: 5 })).toBe(true);
    expect(ok({ representativesPerDay: 0 })).toBe(false);
    expect(ok({ representativesPerDay: 6 })).toBe(false);
    expect(ok({ hours: '14:00-17:00' })).toBe(true);
    for (const hours of ['9:00-11:30', 'x09:00-11:30', '09:00-11:30x']) expect(ok({ hours })).toBe(false);
  });

  it('checks a representative and how the duty reminder reaches them', () => {
    const representative = { representativeId: 'r1', name: '王芳' };
    expect(representativeSchema.parse(representative)).toEqual({ ...representative, title: '' });
    expect(representativeSchema.safeParse({ ...representative, representativeId: '' }).success).toBe(false);
    expect(
      representativeSchema.safeParse({ ...representative, representativeId: 'r'.repeat(41) }).success,
    ).toBe(false);
    expect(representativeSchema.safeParse({ ...representative, name: '' }).success).toBe(false);
    expect(representativeSchema.safeParse({ ...representative, name: '王'.repeat(31) }).success).toBe(false);
    expect(representativeSchema.safeParse({ ...representative, title: '代'.repeat(41) }).success).toBe(false);
    expect(studioRepresentativeSchema.parse(representative).active).toBe(true);
    for (const phone of ['13912345678', '0574-1234567', '021-12345678'])
      expect(studioRepresentativeSchema.safeParse({ ...representative, phone }).success).toBe(true);
    for (const phone of ['12912345678', '1391234567', '0574-123456', 'x13912345678', '13912345678x'])
      expect(studioRepresentativeSchema.safeParse({ ...representative, phone }).success).toBe(false);
    expect(studioRepresentativeSchema.safeParse({ ...representative, email: 'w@example.cn' }).success).toBe(
      true,
    );
    expect(studioRepresentativeSchema.safeParse({ ...representative, email: 'w' }).success).toBe(false);
  });

  it('checks a reception day, unpublished and without a roster by default', () => {
    const day = { studioId: 'studio-cg', date: '2026-03-10' };
    expect(receptionDaySchema.parse(day)).toEqual({ ...day, representatives: [], published: false });
    const ok = (change: object) => receptionDaySchema.safeParse({ ...day, ...change }).success;
    expect(ok({ studioId: '' })).toBe(false);
    expect(ok({ studioId: 's'.repeat(40) })).toBe(true);
    expect(ok({ studioId: 's'.repeat(41) })).toBe(false);
    for (const date of ['2026-3-10', 'x2026-03-10', '2026-03-10x']) {
      expect(ok({ date })).toBe(false);
      expect(ok({ nominalDate: date })).toBe(false);
    }
    expect(ok({ nominalDate: '2026-03-10' })).toBe(true);
    const r = { representativeId: 'r1', name: '王芳' };
    expect(ok({ representatives: Array(10).fill(r) })).toBe(true);
    expect(ok({ representatives: Array(11).fill(r) })).toBe(false);
    expect(ok({ note: '备'.repeat(80) })).toBe(true);
    expect(ok({ note: '备'.repeat(81) })).toBe(false);
    expect(ok({ hours: '09:00-11:30' })).toBe(true);
    for (const hours of ['9:00-11:30', 'x09:00-11:30', '09:00-11:30x']) expect(ok({ hours })).toBe(false);
  });
});
