import officialJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  assertSupportedYear,
  type HolidayName,
  provisionalHolidays,
  SUPPORTED_YEARS,
} from './provisional-calendar.ts';
import {
  dayOfMonth,
  endOfShanghaiDay,
  fromEpochDay,
  type InstantInput,
  InvalidDayCountError,
  isLocalDate,
  isWeekend,
  type LocalDate,
  localDate,
  monthOf,
  parseLocalDate,
  toEpochDay,
  toInstant,
  toShanghaiDate,
  yearOf,
} from './shanghai-time.ts';

/**
 * The work calendar (DESIGN §2): which Shanghai days are working days, and deadline arithmetic on top.
 *
 * Sources, strongest first:
 *  1. admin overrides (DynamoDB, edited in the admin UI): always win;
 *  2. the official 国务院办公厅 schedule shipped in chinese-days, for the years it covers;
 *  3. for a year whose schedule the admins entered themselves (`officialYears`): weekends plus the overrides;
 *  4. otherwise the provisional calendar (provisional-calendar.ts), and everything that relies on such a day
 *     is flagged `provisional` so the admin UI can warn and open deadlines are recomputed once the schedule is
 *     entered.
 *
 * Deadline semantics (also in docs/deadlines.md):
 *  - the start day is never counted; only the Shanghai date of the start instant matters, not its time;
 *  - N working days from t end at 23:59:59.999 Shanghai on the N-th working day after t's Shanghai date;
 *  - N calendar days from t end at the end of the N-th day after t's date; when that day is not a working day
 *    the deadline moves to the end of the next working day (期限的最后一日为法定节假日的，以节假日后的第一日为
 *    期限届满日);
 *  - N = 0 means the end of t's own day if it is a working day, else the end of the next working day;
 *  - `provisional` is true when any day the computation looked at is provisional.
 */

export type OverrideKind = 'workday' | 'holiday';

/** An admin-entered day. Overrides always win over chinese-days and over the provisional calendar. */
export interface CalendarOverride {
  readonly date: LocalDate;
  readonly kind: OverrideKind;
  readonly name?: string;
}

export interface WorkCalendarOptions {
  readonly overrides: readonly CalendarOverride[];
  /**
   * Years whose complete official schedule the admins entered as overrides (because chinese-days does not ship
   * it yet). Such a year is official: weekends plus overrides, no provisional holidays.
   */
  readonly officialYears?: readonly number[];
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

/** Where a day's answer came from; lets the admin UI explain a day. */
export type DaySource = 'override' | 'chinese-days' | 'admin-schedule' | 'provisional';

export interface DayInfo {
  readonly date: LocalDate;
  readonly workday: boolean;
  readonly kind: DayKind;
  /** Holiday name in Chinese (for a make-up working day: the holiday it pays back), or the admin's label. */
  readonly name?: string;
  /** English holiday name, when known (not for admin labels). */
  readonly nameEn?: string;
  readonly provisional: boolean;
  readonly source: DaySource;
}

export interface Deadline {
  /** ISO-8601 instant in UTC, always 23:59:59.999 Shanghai time (15:59:59.999Z). */
  readonly at: string;
  /** True when any day the computation relied on lies in a year without an official schedule. */
  readonly provisional: boolean;
}

export interface WorkCalendar {
  isWorkday(date: LocalDate): boolean;
  dayInfo(date: LocalDate): DayInfo;
  /** The first working day strictly after `date`. */
  nextWorkday(date: LocalDate): LocalDate;
  isProvisionalYear(year: number): boolean;
  /**
   * Years whose schedule is still unknown and that matter for days `from`..`to` (inclusive): for the admin
   * warning. Includes the next year when the range reaches 29–31 December, see `NEXT_YEAR_REACH_FROM_DAY`.
   */
  provisionalYearsIn(from: LocalDate, to: LocalDate): number[];
  addWorkingDays(from: InstantInput, n: number): Deadline;
  addCalendarDays(from: InstantInput, n: number): Deadline;
  /**
   * Whole working days elapsed after `from`'s Shanghai date up to `to`: a working day counts once its last
   * millisecond (23:59:59.999) has been reached. So `workingDaysBetween(t, addWorkingDays(t, n).at) === n` for
   * n ≥ 1, and the result is 0 when `to` is not later than `from`.
   */
  workingDaysBetween(from: InstantInput, to: InstantInput): number;
}

export class InvalidCalendarOverrideError extends Error {
  override readonly name = 'InvalidCalendarOverrideError';
  readonly override: unknown;

  constructor(override: unknown, reason: string) {
    super(`Invalid calendar override ${JSON.stringify(override)}: ${reason}`);
    this.override = override;
  }
}

/*
 * ---- Official data from chinese-days ----
 *
 * We read the package's published JSON (dist/chinese-days.json, documented in its README) rather than call
 * `isWorkday`/`getDayDetail`: those build their table at import time with the *process* time zone and parse
 * 'YYYY-MM-DD' as UTC midnight, so west of Greenwich every answer is shifted by a day. The JSON was generated
 * once by the package build and is plain data.
 */

interface ChineseDaysData {
  /** Days off: holidays and the weekend days bridged into them. Value: 'English,中文,statutory days'. */
  readonly holidays: Readonly<Record<string, string>>;
  /** 调休 make-up working days (weekends worked to pay for a bridged holiday). */
  readonly workdays: Readonly<Record<string, string>>;
}

interface OfficialDay {
  readonly off: boolean;
  readonly name: HolidayName;
}

function parseHolidayName(value: string): HolidayName {
  const [en, zh] = value.split(',');
  return en && zh ? { zh, en } : { zh: value, en: value };
}

function loadOfficialDays(data: ChineseDaysData): ReadonlyMap<string, OfficialDay> {
  const days = new Map<string, OfficialDay>();
  for (const [date, value] of Object.entries(data.holidays))
    days.set(date, { off: true, name: parseHolidayName(value) });
  // chinese-days checks make-up working days first; so do we, although the two lists never share a date.
  for (const [date, value] of Object.entries(data.workdays))
    days.set(date, { off: false, name: parseHolidayName(value) });
  return days;
}

/**
 * Years the package really covers, detected from the data: a year counts when its Spring Festival and National
 * Day holidays are both listed. Merely having an entry is not enough, because a schedule may start on 29–31
 * December of the year before (2019's started 2018-12-29). If a future release renamed the holidays, this
 * would find no year and everything would turn provisional: loud and on the safe side (a unit test pins it).
 */
function detectCoveredYears(data: ChineseDaysData): ReadonlySet<number> {
  const anchors = new Map<number, Set<string>>();
  for (const [date, value] of Object.entries(data.holidays)) {
    const year = Number(date.slice(0, 4));
    const seen = anchors.get(year) ?? new Set<string>();
    seen.add(parseHolidayName(value).en);
    anchors.set(year, seen);
  }
  const covered = new Set<number>();
  for (const [year, seen] of anchors) {
    if (seen.has('Spring Festival') && seen.has('National Day')) covered.add(year);
  }
  return covered;
}

const chineseDaysData: ChineseDaysData = officialJson;
const OFFICIAL_DAYS = loadOfficialDays(chineseDaysData);
const CHINESE_DAYS_YEARS = detectCoveredYears(chineseDaysData);

/** The years chinese-days ships an official schedule for (2004–2026 in chinese-days 1.5.7), ascending. */
export function chineseDaysYears(): readonly number[] {
  return [...CHINESE_DAYS_YEARS].sort((a, b) => a - b);
}

/**
 * The notice for year Y+1 can also change 29–31 December of year Y: 2019's made 2018-12-29 (Saturday) a
 * working day and 2018-12-30/31 days off. So while Y+1 is provisional, those days of Y are provisional too,
 * even though Y itself is official.
 */
export const NEXT_YEAR_REACH_FROM_DAY = 29;

/* ---- Calendar ---- */

interface YearTable {
  readonly firstDay: number;
  readonly days: readonly DayInfo[];
  /** `workdaysThrough[i]` = working days among `days[0..i]`; makes `workingDaysBetween` O(years). */
  readonly workdaysThrough: Int32Array;
}

function assertDayCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidDayCountError(n, 'must be a non-negative integer');
}

function indexOverrides(overrides: readonly CalendarOverride[]): ReadonlyMap<LocalDate, CalendarOverride> {
  const byDate = new Map<LocalDate, CalendarOverride>();
  for (const override of overrides) {
    if (!isLocalDate(override.date))
      throw new InvalidCalendarOverrideError(override, 'date must be YYYY-MM-DD');
    if (override.kind !== 'workday' && override.kind !== 'holiday') {
      throw new InvalidCalendarOverrideError(override, "kind must be 'workday' or 'holiday'");
    }
    const existing = byDate.get(override.date);
    // The table is keyed by date, so two entries for one day mean corrupt data; refuse rather than guess.
    if (existing && existing.kind !== override.kind) {
      throw new InvalidCalendarOverrideError(
        override,
        `conflicts with another override for ${override.date}`,
      );
    }
    if (!existing || (existing.name === undefined && override.name !== undefined))
      byDate.set(override.date, override);
  }
  return byDate;
}

export function createWorkCalendar(options: WorkCalendarOptions): WorkCalendar {
  const overrides = indexOverrides(options.overrides);
  const adminYears = new Set<number>();
  for (const year of options.officialYears ?? []) {
    assertSupportedYear(year);
    adminYears.add(year);
  }

  const yearIsProvisional = (year: number): boolean => !CHINESE_DAYS_YEARS.has(year) && !adminYears.has(year);

  function baseDay(date: LocalDate, provisionalHolidayNames: ReadonlyMap<string, HolidayName>): DayInfo {
    const year = yearOf(date);
    const weekend = isWeekend(date);
    const plain = { date, workday: !weekend, kind: weekend ? 'weekend' : 'workday' } as const;

    if (yearIsProvisional(year)) {
      const name = provisionalHolidayNames.get(date);
      return name
        ? {
            date,
            workday: false,
            kind: 'holiday',
            name: name.zh,
            nameEn: name.en,
            provisional: true,
            source: 'provisional',
          }
        : { ...plain, provisional: true, source: 'provisional' };
    }

    const provisional =
      monthOf(date) === 12 && dayOfMonth(date) >= NEXT_YEAR_REACH_FROM_DAY && yearIsProvisional(year + 1);
    if (!CHINESE_DAYS_YEARS.has(year)) return { ...plain, provisional, source: 'admin-schedule' };

    const official = OFFICIAL_DAYS.get(date);
    if (!official) return { ...plain, provisional, source: 'chinese-days' };
    const names = { name: official.name.zh, nameEn: official.name.en };
    if (official.off)
      return { date, workday: false, kind: 'holiday', ...names, provisional, source: 'chinese-days' };
    return {
      date,
      workday: true,
      kind: weekend ? 'makeUpWorkday' : 'workday',
      ...names,
      provisional,
      source: 'chinese-days',
    };
  }

  function overriddenDay(override: CalendarOverride): DayInfo {
    const name = override.name === undefined ? {} : { name: override.name };
    // An override is a fact about its day that no later schedule changes (overrides keep winning), so the day
    // itself is not provisional even in a provisional year.
    if (override.kind === 'holiday') {
      return {
        date: override.date,
        workday: false,
        kind: 'holiday',
        ...name,
        provisional: false,
        source: 'override',
      };
    }
    const kind = isWeekend(override.date) ? 'makeUpWorkday' : 'workday';
    return { date: override.date, workday: true, kind, ...name, provisional: false, source: 'override' };
  }

  // Day lookups are memoised per year: built on first use, a few hundred objects, reused for every deadline.
  const tables = new Map<number, YearTable>();
  let lastTable: YearTable | undefined;

  function buildYear(year: number): YearTable {
    assertSupportedYear(year);
    const provisionalHolidayNames = new Map<string, HolidayName>(
      yearIsProvisional(year) ? provisionalHolidays(year).map((holiday) => [holiday.date, holiday.name]) : [],
    );
    const firstDay = toEpochDay(localDate(year, 1, 1));
    const length = toEpochDay(localDate(year + 1, 1, 1)) - firstDay;
    const days: DayInfo[] = [];
    const workdaysThrough = new Int32Array(length);
    let workdays = 0;
    for (let i = 0; i < length; i++) {
      const date = fromEpochDay(firstDay + i);
      const override = overrides.get(date);
      const info = Object.freeze(override ? overriddenDay(override) : baseDay(date, provisionalHolidayNames));
      days.push(info);
      if (info.workday) workdays++;
      workdaysThrough[i] = workdays;
    }
    return { firstDay, days, workdaysThrough };
  }

  function tableAt(epochDay: number): YearTable {
    if (
      lastTable &&
      epochDay >= lastTable.firstDay &&
      epochDay < lastTable.firstDay + lastTable.days.length
    ) {
      return lastTable;
    }
    const year = yearOf(fromEpochDay(epochDay));
    let table = tables.get(year);
    if (!table) {
      table = buildYear(year);
      tables.set(year, table);
    }
    lastTable = table;
    return table;
  }

  function infoAt(epochDay: number): DayInfo {
    const table = tableAt(epochDay);
    return table.days[epochDay - table.firstDay]!;
  }

  /** Working days in the epoch-day range (afterDay, throughDay]. */
  function countWorkdays(afterDay: number, throughDay: number): number {
    let count = 0;
    let day = afterDay + 1;
    while (day <= throughDay) {
      const table = tableAt(day);
      const lastIndex = Math.min(throughDay - table.firstDay, table.days.length - 1);
      const firstIndex = day - table.firstDay;
      count +=
        table.workdaysThrough[lastIndex]! - (firstIndex > 0 ? table.workdaysThrough[firstIndex - 1]! : 0);
      day = table.firstDay + lastIndex + 1;
    }
    return count;
  }

  /** First working day on or after `epochDay`, and whether any day inspected on the way was provisional. */
  function firstWorkdayFrom(epochDay: number): { day: number; provisional: boolean } {
    let provisional = false;
    for (let day = epochDay; ; day++) {
      const info = infoAt(day);
      provisional ||= info.provisional;
      if (info.workday) return { day, provisional };
    }
  }

  function deadlineAt(epochDay: number, provisional: boolean): Deadline {
    return { at: endOfShanghaiDay(fromEpochDay(epochDay)).toISOString(), provisional };
  }

  function startDay(from: InstantInput): number {
    return toEpochDay(toShanghaiDate(toInstant(from)));
  }

  return {
    isWorkday: (date) => infoAt(toEpochDay(parseLocalDate(date))).workday,

    dayInfo: (date) => infoAt(toEpochDay(parseLocalDate(date))),

    nextWorkday: (date) => fromEpochDay(firstWorkdayFrom(toEpochDay(parseLocalDate(date)) + 1).day),

    isProvisionalYear(year) {
      assertSupportedYear(year);
      return yearIsProvisional(year);
    },

    provisionalYearsIn(from, to) {
      const first = yearOf(parseLocalDate(from));
      const last = yearOf(parseLocalDate(to));
      // Same-width ISO dates compare correctly as strings.
      if (to < from) return [];
      const years = new Set<number>();
      for (let year = first; year <= last; year++) {
        assertSupportedYear(year);
        if (yearIsProvisional(year)) years.add(year);
      }
      // Reaching into the tail of the last year makes the next year's notice matter (NEXT_YEAR_REACH_FROM_DAY).
      const reachesNextYear = monthOf(to) === 12 && dayOfMonth(to) >= NEXT_YEAR_REACH_FROM_DAY;
      if (reachesNextYear && last < SUPPORTED_YEARS.last && yearIsProvisional(last + 1)) years.add(last + 1);
      return [...years].sort((a, b) => a - b);
    },

    addWorkingDays(from, n) {
      assertDayCount(n);
      const start = startDay(from);
      if (n === 0) {
        const { day, provisional } = firstWorkdayFrom(start);
        return deadlineAt(day, provisional);
      }
      let provisional = false;
      let day = start;
      for (let counted = 0; counted < n; ) {
        day++;
        const info = infoAt(day);
        provisional ||= info.provisional;
        if (info.workday) counted++;
      }
      return deadlineAt(day, provisional);
    },

    addCalendarDays(from, n) {
      assertDayCount(n);
      const { day, provisional } = firstWorkdayFrom(startDay(from) + n);
      return deadlineAt(day, provisional);
    },

    workingDaysBetween(from, to) {
      const fromDay = startDay(from);
      const toInstantValue = toInstant(to);
      const toDate = toShanghaiDate(toInstantValue);
      // The last day only counts once it is over.
      const complete = toInstantValue.getTime() >= endOfShanghaiDay(toDate).getTime();
      const throughDay = toEpochDay(toDate) - (complete ? 0 : 1);
      return throughDay > fromDay ? countWorkdays(fromDay, throughDay) : 0;
    },
  };
}
