/**
 * Calendar days and instants in Asia/Shanghai.
 *
 * Deadlines are counted in Chinese civil days, while the system stores instants in UTC and Lambda runs with
 * `TZ=UTC`. Everything here is plain arithmetic on a fixed UTC+8 offset and never consults the process time
 * zone, so the answers are the same on a laptop in Berlin or San Francisco. (China observed summer time in
 * 1986–1991; that is deliberately ignored: petitions are filed today, and a fixed offset keeps every day
 * exactly 24 hours long.)
 */

/** A Shanghai calendar day as `YYYY-MM-DD`. Branded so an arbitrary string cannot be passed by mistake. */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

/** 0 = Sunday … 6 = Saturday, the same numbering as `Date.prototype.getUTCDay`. */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** An instant as a `Date` or as an ISO-8601 string with an explicit offset (how deadlines are stored). */
export type InstantInput = Date | string;

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export class InvalidLocalDateError extends Error {
  override readonly name = 'InvalidLocalDateError';
  readonly value: unknown;

  constructor(value: unknown, reason: string) {
    super(`Invalid local date ${JSON.stringify(value)}: ${reason}`);
    this.value = value;
  }
}

export class InvalidInstantError extends Error {
  override readonly name = 'InvalidInstantError';
  readonly value: unknown;

  constructor(value: unknown, reason: string) {
    super(`Invalid instant ${value instanceof Date ? 'Date(NaN)' : JSON.stringify(value)}: ${reason}`);
    this.value = value;
  }
}

export class InvalidDayCountError extends Error {
  override readonly name = 'InvalidDayCountError';
  readonly value: number;

  constructor(value: number, reason: string) {
    super(`Invalid day count ${value}: ${reason}`);
    this.value = value;
  }
}

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 for a civil date. `setUTCFullYear` rather than `Date.UTC` because the latter maps
 * years 0–99 to 1900–1999.
 */
function civilToEpochDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.floor(date.getTime() / DAY_MS);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Parses and validates `YYYY-MM-DD` (year 0001–9999, a real calendar day: no 2026-02-30). */
export function parseLocalDate(value: string): LocalDate {
  if (typeof value !== 'string') throw new InvalidLocalDateError(value, 'expected a string');
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) throw new InvalidLocalDateError(value, 'expected YYYY-MM-DD');
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1) throw new InvalidLocalDateError(value, 'year must be 0001–9999');
  if (month < 1 || month > 12) throw new InvalidLocalDateError(value, 'month must be 01–12');
  // Round-tripping through the epoch day catches day-of-month overflow such as 02-30 or 04-31.
  if (fromEpochDay(civilToEpochDay(year, month, day)) !== value) {
    throw new InvalidLocalDateError(value, 'no such day in that month');
  }
  return value as LocalDate;
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  try {
    parseLocalDate(value);
    return true;
  } catch {
    return false;
  }
}

/** Builds a validated date from its parts (month 1–12). */
export function localDate(year: number, month: number, day: number): LocalDate {
  if (![year, month, day].every(Number.isInteger)) {
    throw new InvalidLocalDateError({ year, month, day }, 'parts must be integers');
  }
  return parseLocalDate(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
}

/** Days since 1970-01-01 (negative before). Internal currency of the calendar: cheap to compare and step. */
export function toEpochDay(date: LocalDate): number {
  return civilToEpochDay(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

export function fromEpochDay(epochDay: number): LocalDate {
  const date = new Date(epochDay * DAY_MS);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) {
    throw new InvalidLocalDateError(epochDay, 'epoch day is outside years 0001–9999');
  }
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` as LocalDate;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** Month 1–12. */
export function monthOf(date: LocalDate): number {
  return Number(date.slice(5, 7));
}

export function dayOfMonth(date: LocalDate): number {
  return Number(date.slice(8, 10));
}

export function dayOfWeek(date: LocalDate): DayOfWeek {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 4) % 7) + 7) % 7) as DayOfWeek;
}

export function isWeekend(date: LocalDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isSafeInteger(days)) throw new InvalidDayCountError(days, 'must be an integer');
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

// ISO-8601 with a mandatory offset: a string without one would be read in the process time zone.
const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Accepts a valid `Date` or an ISO-8601 string with `Z` or an explicit offset; returns a `Date`. */
export function toInstant(value: InstantInput): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidInstantError(value, 'invalid Date');
    return value;
  }
  if (typeof value !== 'string' || !ISO_INSTANT_PATTERN.test(value)) {
    throw new InvalidInstantError(value, 'expected an ISO-8601 instant with Z or an offset');
  }
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new InvalidInstantError(value, 'not a real instant');
  return parsed;
}

/** The Shanghai calendar day an instant falls on: 2026-01-01T16:30Z is already 2026-01-02 in Shanghai. */
export function toShanghaiDate(instant: Date): LocalDate {
  const time = toInstant(instant).getTime();
  return fromEpochDay(Math.floor((time + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** 00:00:00.000 Shanghai time on that day, as an instant. */
export function startOfShanghaiDay(date: LocalDate): Date {
  return new Date(toEpochDay(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** 23:59:59.999 Shanghai time on that day: the instant a deadline "at the end of the day" expires. */
export function endOfShanghaiDay(date: LocalDate): Date {
  return new Date((toEpochDay(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}
