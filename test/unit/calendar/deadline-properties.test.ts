import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CalendarOverride,
  createWorkCalendar,
  endOfShanghaiDay,
  parseLocalDate,
  toShanghaiDate,
  type WorkCalendar,
} from '../../../shared/domain/calendar/index.ts';

/** Instants from 2004 (first official year) into 2028 (provisional), at any time of day. */
const instant = fc.date({
  min: new Date('2004-01-01T00:00:00Z'),
  max: new Date('2028-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const dayCount = fc.integer({ min: 0, max: 400 });
const positiveDayCount = fc.integer({ min: 1, max: 400 });

/** Random admin overrides in 2025–2027, so the properties also hold for edited calendars. */
const overrides = fc
  .uniqueArray(
    fc.record({
      offset: fc.integer({ min: 0, max: 3 * 365 }),
      kind: fc.constantFrom('workday' as const, 'holiday' as const),
    }),
    { selector: (entry) => entry.offset, maxLength: 60 },
  )
  .map((entries): CalendarOverride[] =>
    entries.map(({ offset, kind }) => ({ date: addDays(parseLocalDate('2025-01-01'), offset), kind })),
  );

const calendarAndInstant = fc.tuple(overrides, instant).map(([entries, start]) => ({
  calendar: createWorkCalendar({ overrides: entries }),
  start,
}));

function landsOnWorkdayEnd(calendar: WorkCalendar, at: string): void {
  const date = toShanghaiDate(new Date(at));
  expect(calendar.isWorkday(date)).toBe(true);
  expect(at).toBe(endOfShanghaiDay(date).toISOString());
}

describe('deadline properties', { timeout: 60_000 }, () => {
  it('a working-day deadline always ends at the end of a working day', () => {
    fc.assert(
      fc.property(calendarAndInstant, dayCount, ({ calendar, start }, n) => {
        // Prepare: generated

        // Act
        const deadline = calendar.addWorkingDays(start, n);

        // Assess
        landsOnWorkdayEnd(calendar, deadline.at);
      }),
    );
  });

  it('a calendar-day deadline ends on the first working day on or after the N-th day', () => {
    fc.assert(
      fc.property(calendarAndInstant, dayCount, ({ calendar, start }, n) => {
        // Prepare
        const lastDay = addDays(toShanghaiDate(start), n);

        // Act
        const deadline = calendar.addCalendarDays(start, n);

        // Assess
        landsOnWorkdayEnd(calendar, deadline.at);
        const deadlineDay = toShanghaiDate(new Date(deadline.at));
        expect(deadlineDay >= lastDay).toBe(true);
        for (let day = lastDay; day < deadlineDay; day = addDays(day, 1))
          expect(calendar.isWorkday(day)).toBe(false);
      }),
    );
  });

  it('addWorkingDays is monotonic in n (strictly from n = 1)', () => {
    fc.assert(
      fc.property(calendarAndInstant, dayCount, dayCount, ({ calendar, start }, a, b) => {
        // Prepare
        const [low, high] = a <= b ? [a, b] : [b, a];

        // Act
        const early = Date.parse(calendar.addWorkingDays(start, low).at);
        const late = Date.parse(calendar.addWorkingDays(start, high).at);

        // Assess
        expect(early).toBeLessThanOrEqual(late);
        if (low >= 1 && low < high) expect(early).toBeLessThan(late);
      }),
    );
  });

  it('workingDaysBetween(t, addWorkingDays(t, n).at) === n for n ≥ 1', () => {
    fc.assert(
      fc.property(calendarAndInstant, positiveDayCount, ({ calendar, start }, n) => {
        // Prepare
        const deadline = calendar.addWorkingDays(start, n);

        // Act
        const elapsed = calendar.workingDaysBetween(start, deadline.at);

        // Assess
        expect(elapsed).toBe(n);
      }),
    );
  });

  it('one millisecond before a working-day deadline, only n − 1 working days have elapsed', () => {
    fc.assert(
      fc.property(calendarAndInstant, positiveDayCount, ({ calendar, start }, n) => {
        // Prepare
        const deadline = Date.parse(calendar.addWorkingDays(start, n).at);

        // Act
        const elapsed = calendar.workingDaysBetween(start, new Date(deadline - 1));

        // Assess
        expect(elapsed).toBe(n - 1);
      }),
    );
  });

  it('a deadline is provisional exactly when a day it relied on is provisional', () => {
    const calendar = createWorkCalendar({ overrides: [] });
    fc.assert(
      fc.property(instant, dayCount, (start, n) => {
        // Prepare
        const startDay = toShanghaiDate(start);

        // Act
        const deadline = calendar.addWorkingDays(start, n);

        // Assess
        const deadlineDay = toShanghaiDate(new Date(deadline.at));
        const first = n === 0 ? startDay : addDays(startDay, 1);
        let anyProvisional = false;
        for (let day = first; day <= deadlineDay; day = addDays(day, 1)) {
          anyProvisional ||= calendar.dayInfo(day).provisional;
        }
        expect(deadline.provisional).toBe(anyProvisional);
      }),
    );
  });
});
