import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CalendarOverride,
  chineseDaysYears,
  createWorkCalendar,
  InvalidCalendarOverrideError,
  InvalidLocalDateError,
  type LocalDate,
  parseLocalDate,
  UnsupportedYearError,
} from '../../../shared/domain/calendar/index.ts';

const d = parseLocalDate;

function datesFrom(first: string, last: string): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let date = d(first); date <= last; date = addDays(date, 1)) dates.push(date);
  return dates;
}

describe('official data from chinese-days', () => {
  it('detects the years chinese-days 1.5.7 covers from its data: 2004–2026', () => {
    // Prepare
    const expected = Array.from({ length: 23 }, (_, i) => 2004 + i);

    // Act
    const years = chineseDaysYears();

    // Assess (update this pin, and NOTES.md, when upgrading chinese-days)
    expect(years).toEqual(expected);
  });

  it('agrees with chinese-days’ own isWorkday on every day 2004–2026', () => {
    // Prepare: the package's functions are only right where UTC midnight is on the same local day.
    const calendar = createWorkCalendar({ overrides: [] });
    const usable = new Date('2004-01-01T00:00:00Z').getDate() === 1;

    // Act
    const disagreements = usable
      ? datesFrom('2004-01-01', '2026-12-31').filter(
          (date) => calendar.isWorkday(date) !== chineseDays.isWorkday(`${date}`),
        )
      : [];

    // Assess
    expect(disagreements).toEqual([]);
  });
});

describe('Spring Festival and National Day', () => {
  const calendar = createWorkCalendar({ overrides: [] });

  it('2025 春节: off 28 January – 4 February, make-up working days Sunday 26 January and Saturday 8 February', () => {
    // Prepare
    const days = datesFrom('2025-01-25', '2025-02-09');

    // Act
    const kinds = days.map((date) => [date, calendar.dayInfo(date).kind]);

    // Assess
    expect(kinds).toEqual([
      ['2025-01-25', 'weekend'],
      ['2025-01-26', 'makeUpWorkday'],
      ['2025-01-27', 'workday'],
      ['2025-01-28', 'holiday'],
      ['2025-01-29', 'holiday'],
      ['2025-01-30', 'holiday'],
      ['2025-01-31', 'holiday'],
      ['2025-02-01', 'holiday'],
      ['2025-02-02', 'holiday'],
      ['2025-02-03', 'holiday'],
      ['2025-02-04', 'holiday'],
      ['2025-02-05', 'workday'],
      ['2025-02-06', 'workday'],
      ['2025-02-07', 'workday'],
      ['2025-02-08', 'makeUpWorkday'],
      ['2025-02-09', 'weekend'],
    ]);
    expect(calendar.dayInfo(d('2025-01-28'))).toEqual({
      date: '2025-01-28',
      workday: false,
      kind: 'holiday',
      name: '春节',
      nameEn: 'Spring Festival',
      provisional: false,
      source: 'chinese-days',
    });
  });

  it('2025 国庆 and 中秋: off 1–8 October, make-up Sunday 28 September and Saturday 11 October', () => {
    // Prepare
    const days = datesFrom('2025-09-27', '2025-10-12');

    // Act
    const summary = days.map((date) => {
      const info = calendar.dayInfo(date);
      return [date, info.kind, info.name ?? null];
    });

    // Assess
    expect(summary).toEqual([
      ['2025-09-27', 'weekend', null],
      ['2025-09-28', 'makeUpWorkday', '国庆节'],
      ['2025-09-29', 'workday', null],
      ['2025-09-30', 'workday', null],
      ['2025-10-01', 'holiday', '国庆节'],
      ['2025-10-02', 'holiday', '国庆节'],
      ['2025-10-03', 'holiday', '国庆节'],
      ['2025-10-04', 'holiday', '国庆节'],
      ['2025-10-05', 'holiday', '国庆节'],
      ['2025-10-06', 'holiday', '中秋'],
      ['2025-10-07', 'holiday', '国庆节'],
      ['2025-10-08', 'holiday', '国庆节'],
      ['2025-10-09', 'workday', null],
      ['2025-10-10', 'workday', null],
      ['2025-10-11', 'makeUpWorkday', '国庆节'],
      ['2025-10-12', 'weekend', null],
    ]);
  });

  it('2026 春节: off 15–23 February, make-up Saturdays 14 and 28 February', () => {
    // Prepare
    const days = datesFrom('2026-02-13', '2026-03-01');

    // Act
    const offDays = days.filter((date) => !calendar.isWorkday(date));

    // Assess
    expect(offDays).toEqual([...datesFrom('2026-02-15', '2026-02-23'), '2026-03-01']);
    expect(calendar.dayInfo(d('2026-02-14')).kind).toBe('makeUpWorkday');
    expect(calendar.dayInfo(d('2026-02-28')).kind).toBe('makeUpWorkday');
  });

  it('2026 国庆: off 1–7 October, make-up Sunday 20 September and Saturday 10 October', () => {
    // Prepare
    const days = datesFrom('2026-09-19', '2026-10-11');

    // Act
    const offDays = days.filter((date) => !calendar.isWorkday(date));

    // Assess
    expect(offDays).toEqual([
      '2026-09-19',
      '2026-09-25', // 中秋 (Friday)
      '2026-09-26',
      '2026-09-27',
      ...datesFrom('2026-10-01', '2026-10-07'),
      '2026-10-11',
    ]);
    expect(calendar.dayInfo(d('2026-09-20')).kind).toBe('makeUpWorkday');
    expect(calendar.dayInfo(d('2026-10-10')).kind).toBe('makeUpWorkday');
  });

  it('counts exactly the six official 2026 make-up weekend days as working weekends', () => {
    // Prepare
    const year = datesFrom('2026-01-01', '2026-12-31');

    // Act
    const workedWeekends = year.filter((date) => calendar.dayInfo(date).kind === 'makeUpWorkday');

    // Assess
    expect(workedWeekends).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    for (const date of workedWeekends) expect(calendar.isWorkday(date)).toBe(true);
  });

  it('has 248 working days in 2025 and in 2026', () => {
    // Prepare: 261 weekdays each; 2025: 18 weekdays off, 5 make-up days; 2026: 19 off, 6 make-up.
    const year2025 = datesFrom('2025-01-01', '2025-12-31');
    const year2026 = datesFrom('2026-01-01', '2026-12-31');

    // Act
    const counts = [year2025, year2026].map((days) => days.filter((date) => calendar.isWorkday(date)).length);

    // Assess
    expect(counts).toEqual([248, 248]);
  });

  it('finds the next working day strictly after a date, make-up Saturdays included', () => {
    // Prepare
    const cases: Array<[string, string]> = [
      ['2025-09-30', '2025-10-09'],
      ['2026-02-13', '2026-02-14'],
      ['2026-03-02', '2026-03-03'],
    ];

    // Act
    const results = cases.map(([date]) => calendar.nextWorkday(d(date)));

    // Assess
    expect(results).toEqual(cases.map(([, expected]) => expected));
  });
});

describe('overrides', () => {
  it('win over chinese-days in both directions and carry the admin label', () => {
    // Prepare
    const overrides: CalendarOverride[] = [
      { date: d('2026-02-14'), kind: 'holiday', name: '台风停工' },
      { date: d('2026-10-05'), kind: 'workday' },
      { date: d('2026-03-07'), kind: 'workday', name: '防汛值守' },
    ];

    // Act
    const calendar = createWorkCalendar({ overrides });

    // Assess
    expect(calendar.dayInfo(d('2026-02-14'))).toEqual({
      date: '2026-02-14',
      workday: false,
      kind: 'holiday',
      name: '台风停工',
      provisional: false,
      source: 'override',
    });
    expect(calendar.dayInfo(d('2026-10-05'))).toMatchObject({
      workday: true,
      kind: 'workday',
      source: 'override',
    });
    expect(calendar.dayInfo(d('2026-03-07'))).toMatchObject({
      workday: true,
      kind: 'makeUpWorkday',
      name: '防汛值守',
    });
    expect(calendar.isWorkday(d('2026-02-13'))).toBe(true);
  });

  it('refuse two overrides of different kinds for the same day', () => {
    // Prepare
    const overrides: CalendarOverride[] = [
      { date: d('2026-06-01'), kind: 'holiday' },
      { date: d('2026-06-01'), kind: 'workday' },
    ];

    // Act
    const act = () => createWorkCalendar({ overrides });

    // Assess
    expect(act).toThrow(InvalidCalendarOverrideError);
  });

  it('refuse a malformed date or kind coming from storage', () => {
    // Prepare
    const badDate = [{ date: '2026-6-1', kind: 'holiday' }] as unknown as CalendarOverride[];
    const badKind = [{ date: '2026-06-01', kind: 'rest' }] as unknown as CalendarOverride[];

    // Act
    const acts = [
      () => createWorkCalendar({ overrides: badDate }),
      () => createWorkCalendar({ overrides: badKind }),
    ];

    // Assess
    for (const act of acts) expect(act).toThrow(InvalidCalendarOverrideError);
  });
});

describe('provisional years', () => {
  it('treats 2027 as provisional and uses the provisional holidays, never chinese-days’ empty answer', () => {
    // Prepare
    const calendar = createWorkCalendar({ overrides: [] });

    // Act
    const eve = calendar.dayInfo(d('2027-02-05'));
    const ordinaryMonday = calendar.dayInfo(d('2027-03-01'));

    // Assess
    expect(calendar.isProvisionalYear(2027)).toBe(true);
    expect(calendar.isProvisionalYear(2026)).toBe(false);
    expect(chineseDays.isWorkday('2027-02-05')).toBe(true); // what the package would have said
    expect(eve).toEqual({
      date: '2027-02-05',
      workday: false,
      kind: 'holiday',
      name: '春节',
      nameEn: 'Spring Festival',
      provisional: true,
      source: 'provisional',
    });
    expect(ordinaryMonday).toMatchObject({ workday: true, kind: 'workday', provisional: true });
  });

  it('becomes official once the admins enter 2027 through overrides and list it as an official year', () => {
    // Prepare: a made-up 2027 schedule with a bridge and a make-up Sunday.
    const overrides: CalendarOverride[] = [
      ...datesFrom('2027-02-05', '2027-02-11').map((date) => ({
        date,
        kind: 'holiday' as const,
        name: '春节',
      })),
      { date: d('2027-01-31'), kind: 'workday', name: '春节' },
    ];

    // Act
    const calendar = createWorkCalendar({ overrides, officialYears: [2027] });

    // Assess
    expect(calendar.isProvisionalYear(2027)).toBe(false);
    expect(calendar.dayInfo(d('2027-02-10'))).toMatchObject({
      workday: false,
      provisional: false,
      source: 'override',
    });
    expect(calendar.dayInfo(d('2027-01-31'))).toMatchObject({ kind: 'makeUpWorkday', provisional: false });
    // No provisional holidays left: 2027-04-05 (清明) was not entered, so it is a plain Monday.
    expect(calendar.dayInfo(d('2027-04-05'))).toMatchObject({
      workday: true,
      provisional: false,
      source: 'admin-schedule',
    });
  });

  it('marks 29–31 December 2026 provisional while 2027 is unknown (the 2027 notice may bridge into them)', () => {
    // Prepare
    const unknown2027 = createWorkCalendar({ overrides: [] });
    const known2027 = createWorkCalendar({ overrides: [], officialYears: [2027] });

    // Act
    const flags = (calendar: typeof unknown2027) =>
      datesFrom('2026-12-27', '2026-12-31').map((date) => calendar.dayInfo(date).provisional);

    // Assess
    expect(flags(unknown2027)).toEqual([false, false, true, true, true]);
    expect(flags(known2027)).toEqual([false, false, false, false, false]);
  });

  it('lists the provisional years a date range depends on, for the admin warning', () => {
    // Prepare
    const calendar = createWorkCalendar({ overrides: [] });

    // Act
    const ranges = [
      calendar.provisionalYearsIn(d('2026-03-01'), d('2026-12-28')),
      calendar.provisionalYearsIn(d('2026-11-01'), d('2026-12-30')),
      calendar.provisionalYearsIn(d('2026-11-01'), d('2028-02-01')),
      calendar.provisionalYearsIn(d('2026-12-30'), d('2026-11-01')),
    ];

    // Assess
    expect(ranges).toEqual([[], [2027], [2027, 2028], []]);
  });

  it('refuses to answer for a year outside the supported range instead of guessing', () => {
    // Prepare
    const calendar = createWorkCalendar({ overrides: [] });

    // Act
    const acts = [() => calendar.isProvisionalYear(2150), () => calendar.dayInfo(d('2150-01-01'))];

    // Assess
    for (const act of acts) expect(act).toThrow(UnsupportedYearError);
    expect(() => createWorkCalendar({ overrides: [], officialYears: [2027.5] })).toThrow(
      UnsupportedYearError,
    );
    expect(() => calendar.dayInfo('2026-02-30' as LocalDate)).toThrow(InvalidLocalDateError);
  });
});
