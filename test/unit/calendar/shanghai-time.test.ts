import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  endOfShanghaiDay,
  InvalidDayCountError,
  InvalidInstantError,
  InvalidLocalDateError,
  isLocalDate,
  localDate,
  parseLocalDate,
  startOfShanghaiDay,
  toInstant,
  toShanghaiDate,
} from '../../../shared/domain/calendar/index.ts';

const d = parseLocalDate;
const originalTz = process.env.TZ;

afterEach(() => {
  process.env.TZ = originalTz;
});

describe('parsing local dates', () => {
  it('accepts a real YYYY-MM-DD day, including 29 February of a leap year', () => {
    // Prepare
    const inputs = ['2026-01-02', '2024-02-29', '0001-01-01', '9999-12-31'];

    // Act
    const parsed = inputs.map(parseLocalDate);

    // Assess
    expect(parsed).toEqual(inputs);
  });

  it.each([
    ['2026-2-3', 'expected YYYY-MM-DD'],
    ['2026-02-30', 'no such day'],
    ['2025-02-29', 'no such day'],
    ['2026-13-01', 'month must be'],
    ['0000-06-01', 'year must be'],
    ['2026-01-01T00:00:00Z', 'expected YYYY-MM-DD'],
  ])('rejects %s with a typed error', (input, reason) => {
    // Prepare
    const parse = () => parseLocalDate(input);

    // Act
    const error = (() => {
      try {
        parse();
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(InvalidLocalDateError);
    expect((error as InvalidLocalDateError).name).toBe('InvalidLocalDateError');
    expect((error as Error).message).toContain(reason);
  });

  it('tells valid from invalid dates without throwing', () => {
    // Prepare
    const inputs: unknown[] = ['2026-10-10', '2026-10-32', 20261010, undefined];

    // Act
    const results = inputs.map(isLocalDate);

    // Assess
    expect(results).toEqual([true, false, false, false]);
  });

  it('builds a date from its parts and refuses non-integers', () => {
    // Prepare
    const parts = [2027, 2, 5] as const;

    // Act
    const built = localDate(...parts);

    // Assess
    expect(built).toBe('2027-02-05');
    expect(() => localDate(2027, 2.5, 5)).toThrow(InvalidLocalDateError);
  });
});

describe('Shanghai days of instants', () => {
  it('puts 2026-01-01T16:30Z on 2 January, because Shanghai is already past midnight', () => {
    // Prepare
    const instant = new Date('2026-01-01T16:30:00Z');

    // Act
    const date = toShanghaiDate(instant);

    // Assess
    expect(date).toBe('2026-01-02');
  });

  it('keeps the last millisecond before Shanghai midnight on the old day', () => {
    // Prepare
    const lastMillisecond = new Date('2026-01-01T15:59:59.999Z');
    const midnight = new Date('2026-01-01T16:00:00.000Z');

    // Act
    const before = toShanghaiDate(lastMillisecond);
    const after = toShanghaiDate(midnight);

    // Assess
    expect(before).toBe('2026-01-01');
    expect(after).toBe('2026-01-02');
  });

  it('gives the start and end of a Shanghai day as UTC instants', () => {
    // Prepare
    const date = d('2026-01-02');

    // Act
    const start = startOfShanghaiDay(date).toISOString();
    const end = endOfShanghaiDay(date).toISOString();

    // Assess
    expect(start).toBe('2026-01-01T16:00:00.000Z');
    expect(end).toBe('2026-01-02T15:59:59.999Z');
  });

  it('does not depend on the process time zone', () => {
    // Prepare
    const zones = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai'];
    const instant = new Date('2026-01-01T16:30:00Z');

    // Act
    const answers = zones.map((zone) => {
      process.env.TZ = zone;
      return [
        toShanghaiDate(instant),
        endOfShanghaiDay(d('2026-03-08')).toISOString(),
        dayOfWeek(d('2026-03-08')),
      ];
    });
    process.env.TZ = 'America/Los_Angeles';
    const zoneSwitchWorks = new Date('2025-01-01T00:00:00Z').getDate() === 31;

    // Assess
    expect(zoneSwitchWorks).toBe(true);
    for (const answer of answers) expect(answer).toEqual(['2026-01-02', '2026-03-08T15:59:59.999Z', 0]);
  });

  it('maps every day to a start and end that fall back on the same day, 24 hours apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 40_000 }), (offset) => {
        // Prepare
        const date = addDays(d('2000-01-01'), offset);

        // Act
        const start = startOfShanghaiDay(date);
        const end = endOfShanghaiDay(date);

        // Assess
        expect(toShanghaiDate(start)).toBe(date);
        expect(toShanghaiDate(end)).toBe(date);
        expect(end.getTime() - start.getTime()).toBe(24 * 60 * 60 * 1000 - 1);
      }),
    );
  });

  it('accepts ISO strings with an offset and rejects ones that would be read in local time', () => {
    // Prepare
    const withOffset = '2026-01-02T08:30:00+08:00';
    const withoutOffset = '2026-01-02T08:30:00';

    // Act
    const parsed = toInstant(withOffset);

    // Assess
    expect(parsed.toISOString()).toBe('2026-01-02T00:30:00.000Z');
    expect(() => toInstant(withoutOffset)).toThrow(InvalidInstantError);
    expect(() => toInstant(new Date(Number.NaN))).toThrow(InvalidInstantError);
    expect(() => toShanghaiDate(new Date('nonsense'))).toThrow(InvalidInstantError);
  });
});

describe('day arithmetic', () => {
  it('numbers weekdays from Sunday = 0', () => {
    // Prepare
    const sunday = d('2025-01-26');
    const saturday = d('2025-02-08');

    // Act
    const days = [dayOfWeek(sunday), dayOfWeek(saturday), dayOfWeek(d('1970-01-01'))];

    // Assess
    expect(days).toEqual([0, 6, 4]);
  });

  it('adds days across month ends, leap days and year ends', () => {
    // Prepare
    const cases: Array<[string, number, string]> = [
      ['2024-02-28', 1, '2024-02-29'],
      ['2025-02-28', 1, '2025-03-01'],
      ['2026-12-31', 1, '2027-01-01'],
      ['2027-01-01', -1, '2026-12-31'],
      ['2026-01-02', 0, '2026-01-02'],
    ];

    // Act
    const results = cases.map(([date, n]) => addDays(d(date), n));

    // Assess
    expect(results).toEqual(cases.map(([, , expected]) => expected));
    expect(daysBetween(d('2026-12-01'), d('2027-01-30'))).toBe(60);
  });

  it('refuses a fractional day count', () => {
    // Prepare
    const date = d('2026-01-02');

    // Act
    const act = () => addDays(date, 1.5);

    // Assess
    expect(act).toThrow(InvalidDayCountError);
  });
});
