import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../../shared/domain/calendar/index.ts';
import { parseLocalDate } from '../../../shared/domain/calendar/shanghai-time.ts';
import {
  applyMoveRule,
  defaultRoster,
  fairRotation,
  generateReceptionDays,
  nextMonth,
  receptionRuleText,
} from '../../../shared/domain/reception/generate.ts';
import {
  type ReceptionRule,
  receptionRuleSchema,
  type StudioRepresentative,
} from '../../../shared/domain/reception/model.ts';

const calendar = createWorkCalendar({ overrides: [] });
const representatives: StudioRepresentative[] = ['甲', '乙', '丙', '丁', '戊'].map((name, index) => ({
  representativeId: `rep-${index + 1}`,
  name,
  title: '县党代表',
  active: true,
}));
const rule = (overrides: Partial<ReceptionRule> = {}) => receptionRuleSchema.parse(overrides);
const datesOf = (month: string, overrides: Partial<ReceptionRule> = {}) =>
  generateReceptionDays(
    { studioId: 's', representatives, receptionRule: rule(overrides) },
    month,
    calendar,
  ).map((day) => day.date);

describe('reception days from the rule (10th and 20th, next working day by default)', () => {
  it('keeps days that fall on working days', () => {
    expect(datesOf('2026-03')).toEqual(['2026-03-10', '2026-03-20']);
  });

  it('moves a Saturday to Monday and says why', () => {
    const [moved] = generateReceptionDays({ studioId: 's', representatives }, '2026-01', calendar);
    expect(moved).toMatchObject({
      date: '2026-01-12',
      nominalDate: '2026-01-10',
      note: '原定1月10日逢周末，顺延至1月12日',
    });
  });

  it('moves a Spring Festival day past the whole holiday', () => {
    // 2026 Spring Festival: 15–23 February off; 20 February moves to Tuesday 24 February.
    const days = generateReceptionDays({ studioId: 's', representatives }, '2026-02', calendar);
    expect(days.map((day) => day.date)).toEqual(['2026-02-10', '2026-02-24']);
    expect(days[1]!.note).toBe('原定2月20日逢春节，顺延至2月24日');
  });

  it('keeps 2026-10-10: a Saturday, but a make-up working day (调休) after National Day', () => {
    const [tenth] = generateReceptionDays({ studioId: 's', representatives }, '2026-10', calendar);
    expect(tenth).toMatchObject({ date: '2026-10-10', note: '10月10日为调休工作日，照常接待' });
    expect(tenth!.nominalDate).toBeUndefined();
  });

  it('moves to the previous working day under that rule, which may be a make-up Saturday', () => {
    expect(datesOf('2026-02', { onNonWorkday: 'previousWorkday' })).toEqual(['2026-02-10', '2026-02-14']);
    expect(datesOf('2026-05', { onNonWorkday: 'previousWorkday' })).toEqual(['2026-05-09', '2026-05-20']);
  });

  it('keeps a holiday under the keep rule, with a note that reception takes place', () => {
    const days = generateReceptionDays(
      { studioId: 's', representatives, receptionRule: rule({ onNonWorkday: 'keep' }) },
      '2026-01',
      calendar,
    );
    expect(days[0]).toMatchObject({ date: '2026-01-10', note: '1月10日逢周末，照常接待' });
  });

  it('honours configured days, clamps the 31st to the month’s last day and merges days that collide', () => {
    expect(datesOf('2026-04', { daysOfMonth: [5, 31] })).toEqual(['2026-04-07', '2026-04-30']);
    // 4 and 5 April 2026 (清明 weekend) both move to Tuesday 7 April: one reception day.
    expect(datesOf('2026-04', { daysOfMonth: [4, 5] })).toEqual(['2026-04-07']);
  });

  it('lets a day move into the next month, where it belongs', () => {
    // 30 January 2027 is a Saturday (provisional year: weekends and fixed holidays only).
    const days = generateReceptionDays(
      { studioId: 's', representatives, receptionRule: rule({ daysOfMonth: [31] }) },
      '2027-01',
      calendar,
    );
    expect(days.map((day) => day.date)).toEqual(['2027-02-01']);
    expect(days[0]!.provisional).toBe(true);
  });

  it('marks days of a year without an official schedule as provisional', () => {
    const days = generateReceptionDays({ studioId: 's', representatives }, '2027-03', calendar);
    expect(days.every((day) => day.provisional === true)).toBe(true);
    expect(
      generateReceptionDays({ studioId: 's', representatives }, '2026-03', calendar)[0]!.provisional,
    ).toBe(undefined);
  });

  it('generates unpublished days with the rule’s hours', () => {
    const days = generateReceptionDays(
      { studioId: 's', representatives, receptionRule: rule({ hours: '08:30-11:30' }) },
      '2026-03',
      calendar,
    );
    expect(days.every((day) => !day.published && day.hours === '08:30-11:30')).toBe(true);
  });

  it('refuses something that is not a month', () => {
    expect(() => generateReceptionDays({ studioId: 's' }, '2026-13', calendar)).toThrow(RangeError);
  });

  it('lands every nominal day on a working day (or keeps it) for any month and rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2004, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('nextWorkday', 'previousWorkday', 'keep', 'skip' as const),
        (year, month, daysOfMonth, onNonWorkday) => {
          const days = generateReceptionDays(
            { studioId: 's', representatives, receptionRule: rule({ daysOfMonth, onNonWorkday }) },
            `${year}-${String(month).padStart(2, '0')}`,
            calendar,
          );
          expect(new Set(days.map((day) => day.date)).size).toBe(days.length);
          for (const day of days) {
            if (onNonWorkday !== 'keep') expect(calendar.isWorkday(parseLocalDate(day.date))).toBe(true);
            if (day.nominalDate)
              expect(day.nominalDate.slice(0, 7)).toBe(`${year}-${String(month).padStart(2, '0')}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the move rule', () => {
  it('never moves a working day', () => {
    const monday = parseLocalDate('2026-03-09');
    for (const rule of ['nextWorkday', 'previousWorkday', 'keep'] as const)
      expect(applyMoveRule(calendar, monday, rule)).toBe(monday);
  });
});

describe('the default duty roster', () => {
  it('rotates through the active representatives so everyone sits equally often', () => {
    const counts = new Map<string, number>();
    for (let slot = 0; slot < 50; slot++)
      for (const representative of defaultRoster(representatives, slot, 2))
        counts.set(representative.representativeId, (counts.get(representative.representativeId) ?? 0) + 1);
    expect([...counts.values()]).toEqual([20, 20, 20, 20, 20]);
  });

  it('skips inactive representatives and never rosters more than there are', () => {
    const some = representatives.map((representative, index) => ({ ...representative, active: index < 1 }));
    expect(defaultRoster(some, 3, 2)).toEqual([{ representativeId: 'rep-1', name: '甲', title: '县党代表' }]);
    expect(defaultRoster([], 3, 2)).toEqual([]);
  });

  it('puts no phone or e-mail on the (public) day', () => {
    const withContact = representatives.map((representative) => ({
      ...representative,
      phone: '13800000101',
      email: 'rep@example.cn',
    }));
    const [day] = generateReceptionDays({ studioId: 's', representatives: withContact }, '2026-03', calendar);
    expect(JSON.stringify(day)).not.toMatch(/13800000101|rep@example/);
  });
});

describe('months', () => {
  it('rolls over the year', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextMonth('2026-09')).toBe('2026-10');
  });
});

describe('the fair rotation over a year', () => {
  const studio = (count: number, perDay = 2) => ({
    studioId: 's',
    representatives: representatives.slice(0, count),
    receptionRule: rule({ representativesPerDay: perDay }),
  });
  const yearOf = (count: number, perDay = 2) =>
    Array.from({ length: 12 }, (_, index) => `2026-${String(index + 1).padStart(2, '0')}`).flatMap((month) =>
      generateReceptionDays(studio(count, perDay), month, calendar),
    );
  const pairKey = (day: { representatives: { representativeId: string }[] }) =>
    day.representatives
      .map((representative) => representative.representativeId)
      .sort()
      .join('+');

  it.each([3, 4, 5])('spreads duty evenly (max - min ≤ 1) with %i representatives, two a day', (count) => {
    const duties = new Map<string, number>();
    for (const day of yearOf(count))
      for (const representative of day.representatives)
        duties.set(representative.representativeId, (duties.get(representative.representativeId) ?? 0) + 1);
    expect(duties.size).toBe(count);
    expect(Math.max(...duties.values()) - Math.min(...duties.values())).toBeLessThanOrEqual(1);
  });

  it('never keeps a fixed pair: with four representatives every pair sits together, none more than its share', () => {
    const days = yearOf(4);
    const pairs = new Map<string, number>();
    for (const day of days) pairs.set(pairKey(day), (pairs.get(pairKey(day)) ?? 0) + 1);
    // 24 reception days, 6 possible pairs: each exactly 4 times.
    expect(pairs.size).toBe(6);
    expect([...pairs.values()]).toEqual([4, 4, 4, 4, 4, 4]);
    // Two days in a row never have the same pair.
    for (let index = 1; index < days.length; index++)
      expect(pairKey(days[index]!)).not.toBe(pairKey(days[index - 1]!));
  });

  it('is deterministic and needs no stored state: a month generated alone equals the same month of the year', () => {
    const alone = generateReceptionDays(studio(4), '2026-07', calendar).map(pairKey);
    const inYear = yearOf(4)
      .filter((day) => day.date.startsWith('2026-07'))
      .map(pairKey);
    expect(alone).toEqual(inYear);
  });

  it('keeps counts even for any number of representatives and roster size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), (count, perDay) => {
        const many = Array.from({ length: count }, (_, index) => ({
          representativeId: `r${index}`,
          name: `代表${index}`,
          title: '',
          active: true,
        }));
        const rosters = fairRotation(many, 24, perDay);
        const duties = many.map(
          (representative) =>
            rosters.flat().filter((onDuty) => onDuty.representativeId === representative.representativeId)
              .length,
        );
        expect(Math.max(...duties) - Math.min(...duties)).toBeLessThanOrEqual(1);
        for (const roster of rosters) {
          expect(roster).toHaveLength(Math.min(perDay, count));
          expect(new Set(roster.map((onDuty) => onDuty.representativeId)).size).toBe(roster.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('the skip rule and the rule in words', () => {
  it('skips a reception day that falls on a holiday under the skip rule', () => {
    // 10 January 2026 is a Saturday; 20 February 2026 is in the Spring Festival holiday.
    expect(datesOf('2026-01', { onNonWorkday: 'skip' })).toEqual(['2026-01-20']);
    expect(datesOf('2026-02', { onNonWorkday: 'skip' })).toEqual(['2026-02-10']);
    expect(applyMoveRule(calendar, parseLocalDate('2026-01-10'), 'skip')).toBeNull();
  });

  it('states each studio’s own rule, so the page never promises a move the studio does not make', () => {
    expect(receptionRuleText(rule()).zh).toBe(
      '每月10日、20日接待（09:00-11:30），逢周末或节假日顺延至下一个工作日',
    );
    expect(receptionRuleText(rule({ onNonWorkday: 'previousWorkday' })).zh).toContain('提前至前一个工作日');
    expect(receptionRuleText(rule({ onNonWorkday: 'keep', hours: '08:30-11:30' })).zh).toBe(
      '每月10日、20日接待（08:30-11:30），逢周末或节假日照常接待',
    );
    expect(receptionRuleText(rule({ onNonWorkday: 'skip', daysOfMonth: [31, 15] }))).toEqual({
      zh: '每月15日、月末接待（09:00-11:30），逢周末或节假日当次不接待',
      en: 'Reception on the 15th and last day of each month (09:00-11:30), not held when it falls on a weekend or holiday',
    });
  });

  it('states the rule in English with the right ordinals and the studio’s move', () => {
    const en = (change: Partial<ReceptionRule>) => receptionRuleText(rule(change)).en;

    expect(en({ daysOfMonth: [1, 2, 3, 4] })).toBe(
      'Reception on the 1st and 2nd and 3rd and 4th of each month (09:00-11:30), moved to the next working day when it falls on a weekend or holiday',
    );
    expect(en({ daysOfMonth: [11, 12, 13, 21, 22, 23, 30] })).toMatch(
      /^Reception on the 11th and 12th and 13th and 21st and 22nd and 23rd and 30th of each month /,
    );
    expect(en({ onNonWorkday: 'previousWorkday' })).toBe(
      'Reception on the 10th and 20th of each month (09:00-11:30), moved to the previous working day when it falls on a weekend or holiday',
    );
    expect(en({ onNonWorkday: 'keep' })).toBe(
      'Reception on the 10th and 20th of each month (09:00-11:30), held even on weekends and holidays',
    );
  });
});
