import { describe, expect, it } from 'vitest';
import {
  type CalendarOverride,
  createWorkCalendar,
  InvalidCalendarOverrideError,
  InvalidDayCountError,
  parseLocalDate,
} from '../../../shared/domain/calendar/index.ts';

const d = parseLocalDate;
/** The end of a Shanghai day as an ISO instant (a deadline). */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+08:00`).toISOString();

describe('overrides stored twice for one day', () => {
  it('keep the named entry, whichever order storage returns them in', () => {
    const unnamed: CalendarOverride = { date: d('2026-06-01'), kind: 'holiday' };
    const named: CalendarOverride = { date: d('2026-06-01'), kind: 'holiday', name: '儿童节调休' };
    const other: CalendarOverride = { date: d('2026-06-01'), kind: 'holiday', name: '另一个名字' };

    expect(createWorkCalendar({ overrides: [unnamed, named] }).dayInfo(d('2026-06-01')).name).toBe(
      '儿童节调休',
    );
    expect(createWorkCalendar({ overrides: [named, unnamed] }).dayInfo(d('2026-06-01')).name).toBe(
      '儿童节调休',
    );
    expect(createWorkCalendar({ overrides: [named, other] }).dayInfo(d('2026-06-01')).name).toBe(
      '儿童节调休',
    );
  });

  it('name the conflicting day and keep the entry in the error', () => {
    const workday = { date: d('2026-06-01'), kind: 'workday' } as const;
    let error: unknown;
    try {
      createWorkCalendar({ overrides: [{ date: d('2026-06-01'), kind: 'holiday' }, workday] });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(InvalidCalendarOverrideError);
    expect((error as InvalidCalendarOverrideError).override).toBe(workday);
    expect((error as Error).message).toBe(
      'Invalid calendar override {"date":"2026-06-01","kind":"workday"}: conflicts with another override for 2026-06-01',
    );
    expect((error as Error).name).toBe('InvalidCalendarOverrideError');
  });

  it('say what is wrong with a malformed entry', () => {
    const message = (override: unknown) => {
      try {
        createWorkCalendar({ overrides: [override as CalendarOverride] });
      } catch (caught) {
        return (caught as Error).message;
      }
      return 'accepted';
    };

    expect(message({ date: '2026-6-1', kind: 'holiday' })).toMatch(/: date must be YYYY-MM-DD$/);
    expect(message({ date: '2026-06-01', kind: 'rest' })).toMatch(/: kind must be 'workday' or 'holiday'$/);
    expect(message({ date: '2026-06-01', kind: 'workday' })).toBe('accepted');
  });
});

describe('overridden days', () => {
  it('carry no name unless the admin gave one, and are never provisional, even in a provisional year', () => {
    const calendar = createWorkCalendar({
      overrides: [
        { date: d('2027-03-03'), kind: 'holiday' },
        { date: d('2027-03-06'), kind: 'workday' },
        { date: d('2027-03-08'), kind: 'workday' },
      ],
    });

    expect(calendar.dayInfo(d('2027-03-03'))).toEqual({
      date: '2027-03-03',
      workday: false,
      kind: 'holiday',
      provisional: false,
      source: 'override',
    });
    expect(calendar.dayInfo(d('2027-03-06'))).toEqual({
      date: '2027-03-06',
      workday: true,
      kind: 'makeUpWorkday',
      provisional: false,
      source: 'override',
    });
    for (const date of ['2027-03-03', '2027-03-06', '2027-03-08'])
      expect(calendar.dayInfo(d(date))).not.toHaveProperty('name');
    expect(calendar.dayInfo(d('2027-03-08'))).toEqual({
      date: '2027-03-08',
      workday: true,
      kind: 'workday',
      provisional: false,
      source: 'override',
    });
  });
});

describe('days the calendar works out itself', () => {
  it('an ordinary day and weekend of an official year come from chinese-days, without a name', () => {
    const calendar = createWorkCalendar({ overrides: [] });

    expect(calendar.dayInfo(d('2026-03-10'))).toEqual({
      date: '2026-03-10',
      workday: true,
      kind: 'workday',
      provisional: false,
      source: 'chinese-days',
    });
    expect(calendar.dayInfo(d('2026-03-14'))).toEqual({
      date: '2026-03-14',
      workday: false,
      kind: 'weekend',
      provisional: false,
      source: 'chinese-days',
    });
    expect(calendar.dayInfo(d('2026-10-01'))).toEqual({
      date: '2026-10-01',
      workday: false,
      kind: 'holiday',
      name: '国庆节',
      nameEn: 'National Day',
      provisional: false,
      source: 'chinese-days',
    });
  });

  it('a make-up working day comes from chinese-days with the holiday it pays back', () => {
    const calendar = createWorkCalendar({ overrides: [] });

    expect(calendar.dayInfo(d('2026-02-14'))).toEqual({
      date: '2026-02-14',
      workday: true,
      kind: 'makeUpWorkday',
      name: '春节',
      nameEn: 'Spring Festival',
      provisional: false,
      source: 'chinese-days',
    });
  });

  it('a provisional year’s weekend is a provisional weekend', () => {
    const calendar = createWorkCalendar({ overrides: [] });

    expect(calendar.dayInfo(d('2027-03-06'))).toEqual({
      date: '2027-03-06',
      workday: false,
      kind: 'weekend',
      provisional: true,
      source: 'provisional',
    });
  });

  it('a year the admins entered is weekends plus overrides, its last days provisional while the next is unknown', () => {
    const calendar = createWorkCalendar({ overrides: [], officialYears: [2027] });

    expect(calendar.dayInfo(d('2027-03-06'))).toEqual({
      date: '2027-03-06',
      workday: false,
      kind: 'weekend',
      provisional: false,
      source: 'admin-schedule',
    });
    expect(calendar.dayInfo(d('2027-12-28')).provisional).toBe(false);
    expect(calendar.dayInfo(d('2027-12-29'))).toEqual({
      date: '2027-12-29',
      workday: true,
      kind: 'workday',
      provisional: true,
      source: 'admin-schedule',
    });
    expect(calendar.dayInfo(d('2027-11-30')).provisional).toBe(false);
    expect(
      createWorkCalendar({ overrides: [], officialYears: [2027, 2028] }).dayInfo(d('2027-12-29')).provisional,
    ).toBe(false);
  });

  it('the last supported year’s tail does not depend on a year beyond the range', () => {
    const calendar = createWorkCalendar({ overrides: [] });

    expect(calendar.provisionalYearsIn(d('2099-12-01'), d('2099-12-31'))).toEqual([2099]);
    expect(calendar.provisionalYearsIn(d('2027-12-01'), d('2027-12-29'))).toEqual([2027, 2028]);
    expect(calendar.provisionalYearsIn(d('2026-11-29'), d('2026-11-30'))).toEqual([]);
    expect(
      createWorkCalendar({ overrides: [], officialYears: [2027] }).provisionalYearsIn(
        d('2026-12-01'),
        d('2026-12-31'),
      ),
    ).toEqual([]);
    expect(calendar.provisionalYearsIn(d('2026-12-30'), d('2026-12-30'))).toEqual([2027]);
    // A range that ends before it starts is empty, even when its end reaches into the next year's notice.
    expect(calendar.provisionalYearsIn(d('2027-01-05'), d('2026-12-30'))).toEqual([]);
  });

  it('looks days up across year ends in either direction', () => {
    const calendar = createWorkCalendar({ overrides: [] });
    const days = [
      '2025-12-31',
      '2026-01-01',
      '2025-12-31',
      '2024-12-31',
      '2026-12-31',
      '2027-01-01',
      '2026-01-01',
    ];

    expect(days.map((date) => calendar.dayInfo(d(date)).date)).toEqual(days);
    expect(days.map((date) => calendar.isWorkday(d(date)))).toEqual([
      true,
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('deadline arithmetic', () => {
  it('counts working days over several years, from any day of a year', () => {
    const calendar = createWorkCalendar({ overrides: [] });

    // 248 working days in 2025 and in 2026.
    expect(calendar.workingDaysBetween(endOf('2024-12-31'), endOf('2026-12-31'))).toBe(496);
    expect(calendar.workingDaysBetween(endOf('2025-01-01'), endOf('2025-01-03'))).toBe(2);
    expect(calendar.workingDaysBetween(endOf('2025-06-30'), endOf('2025-07-02'))).toBe(2);
    // 31 December, the make-up Sunday 4 January and Monday 5 January; 1–3 January are off.
    expect(calendar.workingDaysBetween(endOf('2025-12-30'), endOf('2026-01-05'))).toBe(3);
  });

  it('counts the last day exactly at its last millisecond, not a millisecond before', () => {
    const calendar = createWorkCalendar({ overrides: [] });
    const from = endOf('2026-03-09');
    const lastMillisecond = endOf('2026-03-10');
    const justBefore = new Date(Date.parse(lastMillisecond) - 1).toISOString();

    expect(calendar.workingDaysBetween(from, lastMillisecond)).toBe(1);
    expect(calendar.workingDaysBetween(from, justBefore)).toBe(0);
  });

  it('agrees with addWorkingDays for deadlines within a year and across one', () => {
    const calendar = createWorkCalendar({ overrides: [] });
    for (const [start, n] of [
      ['2026-03-02T10:00:00+08:00', 1],
      ['2026-03-02T10:00:00+08:00', 17],
      ['2025-12-20T10:00:00+08:00', 30],
    ] as const) {
      const deadline = calendar.addWorkingDays(start, n);
      expect(calendar.workingDaysBetween(start, deadline.at)).toBe(n);
    }
  });

  it('refuses a negative, fractional or unsafe day count', () => {
    const calendar = createWorkCalendar({ overrides: [] });
    for (const n of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => calendar.addWorkingDays('2026-03-02T10:00:00+08:00', n)).toThrow(InvalidDayCountError);
      expect(() => calendar.addCalendarDays('2026-03-02T10:00:00+08:00', n)).toThrow(InvalidDayCountError);
    }
    expect(calendar.addCalendarDays('2026-03-02T10:00:00+08:00', 0).at).toBe(endOf('2026-03-02'));
    expect(() => calendar.addWorkingDays('2026-03-02T10:00:00+08:00', -1)).toThrow(
      'Invalid day count -1: must be a non-negative integer',
    );
  });

  it('finds the next working day across a year end and into a provisional year', () => {
    const calendar = createWorkCalendar({ overrides: [] });

    expect(calendar.nextWorkday(d('2026-12-31'))).toBe('2027-01-04');
    expect(calendar.addWorkingDays('2026-12-30T10:00:00+08:00', 1)).toEqual({
      at: endOf('2026-12-31'),
      provisional: true,
    });
    expect(calendar.addWorkingDays('2026-12-10T10:00:00+08:00', 1)).toEqual({
      at: endOf('2026-12-11'),
      provisional: false,
    });
  });
});
