import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  endOfShanghaiDay,
  InvalidDayCountError,
  InvalidInstantError,
  InvalidLocalDateError,
  isLocalDate,
  localDate,
  parseLocalDate,
  SHANGHAI_OFFSET_MS,
  startOfShanghaiDay,
  toInstant,
  toShanghaiDate,
} from '../../../shared/domain/calendar/index.ts';

const failure = (act: () => unknown): Error => {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('no error');
};

describe('local dates at the ends of the range', () => {
  it('accept years 0001 to 9999, the first century included, and refuse year 0000', () => {
    expect(parseLocalDate('0001-01-01')).toBe('0001-01-01');
    expect(parseLocalDate('0099-12-31')).toBe('0099-12-31');
    expect(parseLocalDate('9999-12-31')).toBe('9999-12-31');
    expect(localDate(50, 3, 1)).toBe('0050-03-01');
    expect(failure(() => parseLocalDate('0000-01-01')).message).toBe(
      'Invalid local date "0000-01-01": year must be 0001–9999',
    );
    expect(() => addDays(parseLocalDate('9999-12-31'), 1)).toThrow(InvalidLocalDateError);
    expect(() => addDays(parseLocalDate('0001-01-01'), -1)).toThrow(InvalidLocalDateError);
    expect(failure(() => addDays(parseLocalDate('9999-12-31'), 1)).message).toMatch(
      /: epoch day is outside years 0001–9999$/,
    );
  });

  it('say what is wrong', () => {
    expect(failure(() => parseLocalDate('2026-13-01')).message).toBe(
      'Invalid local date "2026-13-01": month must be 01–12',
    );
    expect(failure(() => parseLocalDate('2026-00-01')).message).toMatch(/month must be 01–12$/);
    expect(failure(() => parseLocalDate('2026-04-31')).message).toMatch(/no such day in that month$/);
    expect(failure(() => parseLocalDate('2026-04-00')).message).toMatch(/no such day in that month$/);
    expect(failure(() => parseLocalDate('2026-4-01')).message).toMatch(/expected YYYY-MM-DD$/);
    expect(failure(() => parseLocalDate(' 2026-04-01')).message).toMatch(/expected YYYY-MM-DD$/);
    expect(failure(() => parseLocalDate('2026-04-01x')).message).toMatch(/expected YYYY-MM-DD$/);
    const notString = failure(() => parseLocalDate(20260401 as unknown as string)) as InvalidLocalDateError;
    expect(notString.message).toBe('Invalid local date 20260401: expected a string');
    expect(notString.value).toBe(20260401);
    expect(notString.name).toBe('InvalidLocalDateError');
    expect(failure(() => localDate(2026, 1.5, 1)).message).toBe(
      'Invalid local date {"year":2026,"month":1.5,"day":1}: parts must be integers',
    );
  });

  it('are told apart from anything else without throwing', () => {
    expect(isLocalDate(new Date())).toBe(false);
    expect(isLocalDate(null)).toBe(false);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2028-02-29')).toBe(true);
  });
});

describe('day arithmetic', () => {
  it('counts days backwards as negative', () => {
    expect(daysBetween(parseLocalDate('2026-03-01'), parseLocalDate('2026-02-01'))).toBe(-28);
    expect(addDays(parseLocalDate('2026-03-01'), -1)).toBe('2026-02-28');
  });

  it('refuses an unsafe day count and says so', () => {
    const error = failure(() => addDays(parseLocalDate('2026-03-01'), 2 ** 53)) as InvalidDayCountError;

    expect(error).toBeInstanceOf(InvalidDayCountError);
    expect(error.message).toBe(`Invalid day count ${2 ** 53}: must be an integer`);
    expect(error.value).toBe(2 ** 53);
    expect(error.name).toBe('InvalidDayCountError');
  });
});

describe('instants', () => {
  it('accept minutes only, seconds, and up to nine fraction digits, with Z or an offset', () => {
    for (const text of [
      '2026-03-01T10:00Z',
      '2026-03-01T10:00:30+08:00',
      '2026-03-01T10:00:30.123456789-05:00',
      '2026-03-01T10:00:30.1Z',
    ])
      expect(toInstant(text)).toBeInstanceOf(Date);
    for (const text of [
      '2026-03-01T10:00:30.1234567891Z',
      '2026-03-01T10:00:30',
      '2026-03-01 10:00:30Z',
      'x2026-03-01T10:00Z',
      '2026-03-01T10:00Zx',
      '2026-03-01T10:00+0800',
    ])
      expect(() => toInstant(text), text).toThrow(InvalidInstantError);
  });

  it('say what is wrong with an instant', () => {
    expect(failure(() => toInstant(new Date(Number.NaN))).message).toBe(
      'Invalid instant Date(NaN): invalid Date',
    );
    expect(failure(() => toInstant('2026-03-01')).message).toBe(
      'Invalid instant "2026-03-01": expected an ISO-8601 instant with Z or an offset',
    );
    expect(failure(() => toInstant('2026-02-30T10:00:61Z')).message).toMatch(/not a real instant$/);
    // Not a string, though it reads as one when converted: still refused.
    expect(failure(() => toInstant(['2026-03-01T00:00:00Z'] as unknown as string)).message).toBe(
      'Invalid instant ["2026-03-01T00:00:00Z"]: expected an ISO-8601 instant with Z or an offset',
    );
    const error = failure(() => toInstant(42 as unknown as string)) as InvalidInstantError;
    expect(error.value).toBe(42);
    expect(error.name).toBe('InvalidInstantError');
  });

  it('fall on the Shanghai day from its midnight to its last millisecond', () => {
    const day = parseLocalDate('2026-03-01');

    expect(SHANGHAI_OFFSET_MS).toBe(28_800_000);
    expect(startOfShanghaiDay(day).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(endOfShanghaiDay(day).toISOString()).toBe('2026-03-01T15:59:59.999Z');
    expect(toShanghaiDate(startOfShanghaiDay(day))).toBe('2026-03-01');
    expect(toShanghaiDate(new Date(startOfShanghaiDay(day).getTime() - 1))).toBe('2026-02-28');
    expect(toShanghaiDate(new Date('1969-12-31T15:59:59.999Z'))).toBe('1969-12-31');
    expect(toShanghaiDate(new Date('1969-12-31T16:00:00.000Z'))).toBe('1970-01-01');
  });
});
