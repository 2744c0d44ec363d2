/**
 * The work calendar and deadline arithmetic (DESIGN §2). Pure: no I/O; the admin overrides are loaded by the
 * caller and passed to `createWorkCalendar`.
 */

export {
  assertSupportedYear,
  type HolidayName,
  type ProvisionalHoliday,
  provisionalHolidays,
  STATUTORY_HOLIDAY_NAMES,
  SUPPORTED_YEARS,
  UnsupportedYearError,
} from './provisional-calendar.ts';
export {
  addDays,
  type DayOfWeek,
  dayOfWeek,
  daysBetween,
  endOfShanghaiDay,
  type InstantInput,
  InvalidDayCountError,
  InvalidInstantError,
  InvalidLocalDateError,
  isLocalDate,
  isWeekend,
  type LocalDate,
  localDate,
  parseLocalDate,
  SHANGHAI_OFFSET_MS,
  startOfShanghaiDay,
  toInstant,
  toShanghaiDate,
  yearOf,
} from './shanghai-time.ts';
export {
  type CalendarOverride,
  chineseDaysYears,
  createWorkCalendar,
  type DayInfo,
  type DayKind,
  type DaySource,
  type Deadline,
  InvalidCalendarOverrideError,
  NEXT_YEAR_REACH_FROM_DAY,
  type OverrideKind,
  type WorkCalendar,
  type WorkCalendarOptions,
} from './work-calendar.ts';
