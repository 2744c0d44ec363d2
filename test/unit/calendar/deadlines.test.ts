import { describe, expect, it } from 'vitest';
import {
  type CalendarOverride,
  createWorkCalendar,
  InvalidDayCountError,
  InvalidInstantError,
  parseLocalDate,
} from '../../../shared/domain/calendar/index.ts';

const d = parseLocalDate;
/** An instant at the given Shanghai wall-clock time. */
const shanghai = (dateTime: string) => new Date(`${dateTime}+08:00`);
/** The instant a deadline on that Shanghai day expires. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+08:00`).toISOString();

const calendar = createWorkCalendar({ overrides: [] });

describe('working-day deadlines', () => {
  it('do not count the start day and end at 23:59:59.999 Shanghai on the N-th working day', () => {
    // Prepare
    const mondayMorning = shanghai('2026-03-02T09:15:00');

    // Act
    const deadline = calendar.addWorkingDays(mondayMorning, 1);

    // Assess
    expect(deadline).toEqual({ at: '2026-03-03T15:59:59.999Z', provisional: false });
  });

  it('skip the 2025 Spring Festival and count the make-up Saturday 8 February', () => {
    // Prepare
    const lastDayBeforeHoliday = shanghai('2025-01-27T17:00:00');

    // Act
    const one = calendar.addWorkingDays(lastDayBeforeHoliday, 1);
    const four = calendar.addWorkingDays(lastDayBeforeHoliday, 4);
    const five = calendar.addWorkingDays(lastDayBeforeHoliday, 5);

    // Assess
    expect(one.at).toBe(endOf('2025-02-05'));
    expect(four.at).toBe(endOf('2025-02-08'));
    expect(five.at).toBe(endOf('2025-02-10'));
  });

  it('count the make-up Sunday before National Day 2025 and then skip 1–8 October', () => {
    // Prepare
    const friday = shanghai('2025-09-26T10:00:00');

    // Act
    const results = [1, 3, 4].map((n) => calendar.addWorkingDays(friday, n).at);

    // Assess
    expect(results).toEqual([endOf('2025-09-28'), endOf('2025-09-30'), endOf('2025-10-09')]);
  });

  it('count the 2026 make-up Saturday 14 February as a working day', () => {
    // Prepare
    const friday = shanghai('2026-02-13T16:00:00');

    // Act
    const one = calendar.addWorkingDays(friday, 1);
    const two = calendar.addWorkingDays(friday, 2);

    // Assess
    expect(one.at).toBe(endOf('2026-02-14'));
    expect(two.at).toBe(endOf('2026-02-24'));
  });

  it('with n = 0 end the same day if it is a working day, else the next working day', () => {
    // Prepare
    const workday = shanghai('2026-03-02T09:00:00');
    const holiday = shanghai('2025-10-03T09:00:00');

    // Act
    const sameDay = calendar.addWorkingDays(workday, 0);
    const afterHoliday = calendar.addWorkingDays(holiday, 0);

    // Assess
    expect(sameDay.at).toBe(endOf('2026-03-02'));
    expect(afterHoliday.at).toBe(endOf('2025-10-09'));
  });

  it('take a stored ISO string as the start', () => {
    // Prepare
    const stored = '2026-03-02T01:15:00.000Z';

    // Act
    const deadline = calendar.addWorkingDays(stored, 1);

    // Assess
    expect(deadline.at).toBe(endOf('2026-03-03'));
  });
});

describe('calendar-day deadlines', () => {
  it('roll to the next working day when the last day is a holiday (24 September + 7 = 1 October → 9 October)', () => {
    // Prepare
    const start = shanghai('2025-09-24T11:00:00');

    // Act
    const deadline = calendar.addCalendarDays(start, 7);

    // Assess
    expect(deadline).toEqual({ at: endOf('2025-10-09'), provisional: false });
  });

  it('roll over an ordinary weekend to Monday', () => {
    // Prepare
    const start = shanghai('2026-03-02T11:00:00');

    // Act
    const deadline = calendar.addCalendarDays(start, 5);

    // Assess
    expect(deadline.at).toBe(endOf('2026-03-09'));
  });

  it('stay on a last day that is a make-up Saturday', () => {
    // Prepare
    const start = shanghai('2025-10-04T11:00:00');

    // Act
    const deadline = calendar.addCalendarDays(start, 7);

    // Assess
    expect(deadline.at).toBe(endOf('2025-10-11'));
  });

  it('with n = 0 end the same day if it is a working day, else the next working day', () => {
    // Prepare
    const workday = shanghai('2026-03-02T09:00:00');
    const sunday = shanghai('2026-03-08T09:00:00');

    // Act
    const results = [calendar.addCalendarDays(workday, 0).at, calendar.addCalendarDays(sunday, 0).at];

    // Assess
    expect(results).toEqual([endOf('2026-03-02'), endOf('2026-03-09')]);
  });
});

describe('provisional deadlines', () => {
  it('mark a 60-day deadline reaching into 2027 provisional (1 Dec 2026 + 60 = Saturday 30 Jan → Monday 1 Feb)', () => {
    // Prepare
    const start = shanghai('2026-12-01T10:00:00');

    // Act
    const deadline = calendar.addCalendarDays(start, 60);

    // Assess
    expect(deadline).toEqual({ at: endOf('2027-02-01'), provisional: true });
  });

  it('skip the provisional 2027 Spring Festival (除夕 5 February to 初三 8 February)', () => {
    // Prepare
    const thursday = shanghai('2027-02-04T10:00:00');

    // Act
    const deadline = calendar.addWorkingDays(thursday, 1);

    // Assess
    expect(deadline).toEqual({ at: endOf('2027-02-09'), provisional: true });
  });

  it('are not provisional when every day relied on is official', () => {
    // Prepare
    const start = shanghai('2026-10-09T10:00:00');

    // Act
    const deadline = calendar.addCalendarDays(start, 60);

    // Assess
    expect(deadline).toEqual({ at: endOf('2026-12-08'), provisional: false });
  });

  it('are provisional when they end on 29–31 December 2026, which the 2027 notice may still change', () => {
    // Prepare
    const start = shanghai('2026-12-28T10:00:00');

    // Act
    const deadline = calendar.addWorkingDays(start, 1);

    // Assess
    expect(deadline).toEqual({ at: endOf('2026-12-29'), provisional: true });
  });

  it('stop being provisional and follow the entered schedule once 2027 is official', () => {
    // Prepare: the admins enter a 2027 春节 of 5–11 February with a make-up Saturday on 13 February.
    const overrides: CalendarOverride[] = [
      ...['05', '06', '07', '08', '09', '10', '11'].map((day) => ({
        date: d(`2027-02-${day}`),
        kind: 'holiday' as const,
        name: '春节',
      })),
      { date: d('2027-02-13'), kind: 'workday', name: '春节' },
    ];
    const official = createWorkCalendar({ overrides, officialYears: [2027] });
    const thursday = shanghai('2027-02-04T10:00:00');

    // Act
    const one = official.addWorkingDays(thursday, 1);
    const two = official.addWorkingDays(thursday, 2);

    // Assess
    expect(one).toEqual({ at: endOf('2027-02-12'), provisional: false });
    expect(two).toEqual({ at: endOf('2027-02-13'), provisional: false });
  });
});

describe('time-zone edges', () => {
  it('start from the Shanghai date: 2026-01-01T16:30Z is already 2 January', () => {
    // Prepare: 1–3 January 2026 are 元旦 days off, Sunday 4 January is a make-up working day.
    const lateUtcEvening = new Date('2026-01-01T16:30:00Z');

    // Act
    const sameDay = calendar.addCalendarDays(lateUtcEvening, 0);
    const oneDay = calendar.addCalendarDays(lateUtcEvening, 1);

    // Assess
    expect(sameDay.at).toBe('2026-01-04T15:59:59.999Z');
    expect(oneDay.at).toBe('2026-01-04T15:59:59.999Z');
  });

  it('count from Monday once Shanghai passes midnight, but from the make-up Sunday just before', () => {
    // Prepare
    const sundayEvening = new Date('2026-01-04T15:59:59.999Z');
    const mondayAfterMidnight = new Date('2026-01-04T16:00:00.000Z');

    // Act
    const fromSunday = calendar.addWorkingDays(sundayEvening, 1);
    const fromMonday = calendar.addWorkingDays(mondayAfterMidnight, 1);

    // Assess
    expect(fromSunday.at).toBe(endOf('2026-01-05'));
    expect(fromMonday.at).toBe(endOf('2026-01-06'));
  });
});

describe('working days between two instants', () => {
  it('count a working day only once it is over', () => {
    // Prepare
    const start = shanghai('2025-09-30T09:00:00');

    // Act
    const midday = calendar.workingDaysBetween(start, shanghai('2025-10-09T12:00:00'));
    const endOfDay = calendar.workingDaysBetween(start, shanghai('2025-10-09T23:59:59.999'));

    // Assess
    expect(midday).toBe(0);
    expect(endOfDay).toBe(1);
  });

  it('count whole years with their official holidays (248 working days in 2025)', () => {
    // Prepare
    const newYearsEve2024 = shanghai('2024-12-31T12:00:00');

    // Act
    const count = calendar.workingDaysBetween(newYearsEve2024, endOf('2025-12-31'));

    // Assess
    expect(count).toBe(248);
  });

  it('is zero when the end is not after the start', () => {
    // Prepare
    const start = shanghai('2026-03-10T09:00:00');

    // Act
    const backwards = calendar.workingDaysBetween(start, shanghai('2026-03-02T09:00:00'));

    // Assess
    expect(backwards).toBe(0);
  });

  it('tells how many working days a reply is overdue (red card after 3 working days)', () => {
    // Prepare
    const deadline = calendar.addWorkingDays(shanghai('2026-09-28T10:00:00'), 1);

    // Act
    const overdueOnThe8th = calendar.workingDaysBetween(deadline.at, shanghai('2026-10-08T23:59:59.999'));
    const overdueOnThe10th = calendar.workingDaysBetween(deadline.at, shanghai('2026-10-10T23:59:59.999'));

    // Assess: the deadline is 29 September; 30 September, 8 and 10 October (make-up Saturday) are working days.
    expect(deadline.at).toBe(endOf('2026-09-29'));
    expect(overdueOnThe8th).toBe(2);
    expect(overdueOnThe10th).toBe(4);
  });
});

describe('invalid input', () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses n = %s with a typed error', (n) => {
    // Prepare
    const start = shanghai('2026-03-02T09:00:00');

    // Act
    const acts = [() => calendar.addWorkingDays(start, n), () => calendar.addCalendarDays(start, n)];

    // Assess
    for (const act of acts) expect(act).toThrow(InvalidDayCountError);
  });

  it('refuses an invalid start instant', () => {
    // Prepare
    const starts = [new Date('not a date'), '2026-03-02 09:00'];

    // Act
    const acts = starts.map((start) => () => calendar.addWorkingDays(start, 1));

    // Assess
    for (const act of acts) expect(act).toThrow(InvalidInstantError);
  });
});
