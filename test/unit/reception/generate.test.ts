import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../../shared/domain/calendar/index.ts';
import { parseLocalDate } from '../../../shared/domain/calendar/shanghai-time.ts';
import {
  applyMoveRule,
  defaultRoster,
  generateReceptionDays,
  nextMonth,
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
        fc.constantFrom('nextWorkday', 'previousWorkday', 'keep' as const),
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
