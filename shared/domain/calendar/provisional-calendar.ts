import { LUNAR_TABLE, LUNAR_TABLE_FIRST_YEAR } from './lunar-dates.generated.ts';
import { addDays, type LocalDate, localDate } from './shanghai-time.ts';

/**
 * The provisional calendar: what we assume about a year whose official holiday schedule (国务院办公厅 notice,
 * usually published in November of the year before) is not known yet. DESIGN §2: 60-day deadlines reach into
 * next year long before the notice, so we must answer something, and we must say it is a guess.
 *
 * Rule: weekends are off, and the statutory holidays of 全国年节及纪念日放假办法 (2025 revision, in force since
 * 2025-01-01) fall on their own day, with neither 调休 (swapped make-up working days, known only from the
 * notice) nor 补假 (a substitute weekday when a holiday falls on a weekend). The official schedule usually
 * ends up with more days off, so provisional deadlines tend to be early rather than late, which is the safe
 * side for a petitioner.
 *
 * The lunar and solar-term dates come from chinese-days through a generated table
 * (lunar-dates.generated.ts); a unit test recomputes every year from the library and compares.
 */

export interface HolidayName {
  readonly zh: string;
  readonly en: string;
}

export interface ProvisionalHoliday {
  readonly date: LocalDate;
  readonly name: HolidayName;
}

/** Years we can compute: chinese-days' lunar table covers 1900–2100, and 除夕 needs the year before too. */
export const SUPPORTED_YEARS = { first: 1901, last: 2099 } as const;

export class UnsupportedYearError extends Error {
  override readonly name = 'UnsupportedYearError';
  readonly year: number;

  constructor(year: number) {
    super(`Year ${year} is outside the supported range ${SUPPORTED_YEARS.first}–${SUPPORTED_YEARS.last}`);
    this.year = year;
  }
}

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < SUPPORTED_YEARS.first || year > SUPPORTED_YEARS.last) {
    throw new UnsupportedYearError(year);
  }
}

// The same English/Chinese names chinese-days uses, so official and provisional days read alike in the UI.
export const STATUTORY_HOLIDAY_NAMES = {
  newYear: { zh: '元旦', en: "New Year's Day" },
  springFestival: { zh: '春节', en: 'Spring Festival' },
  tombSweeping: { zh: '清明', en: 'Tomb-sweeping Day' },
  labourDay: { zh: '劳动节', en: 'Labour Day' },
  dragonBoat: { zh: '端午', en: 'Dragon Boat Festival' },
  midAutumn: { zh: '中秋', en: 'Mid-autumn Festival' },
  nationalDay: { zh: '国庆节', en: 'National Day' },
} as const satisfies Record<string, HolidayName>;

/**
 * 正月初一, 清明, 端午 and 中秋 of `year`, from the table generated out of chinese-days (scripts/lunar-dates.ts
 * says why it is generated rather than computed at run time).
 */
function lunarHolidayDates(year: number) {
  const row = LUNAR_TABLE[year - LUNAR_TABLE_FIRST_YEAR];
  if (row?.length !== 16) throw new UnsupportedYearError(year);
  const at = (offset: number) =>
    localDate(year, Number(row.slice(offset, offset + 2)), Number(row.slice(offset + 2, offset + 4)));
  return { lunarNewYear: at(0), qingming: at(4), dragonBoat: at(8), midAutumn: at(12) };
}

/**
 * The statutory holidays of `year` on their own days, sorted by date. Two festivals can share a day (中秋 on
 * 1–3 October, e.g. 2028-10-03); the day is listed once with both names.
 */
export function provisionalHolidays(year: number): readonly ProvisionalHoliday[] {
  assertSupportedYear(year);
  const names = STATUTORY_HOLIDAY_NAMES;
  const { lunarNewYear, qingming, dragonBoat, midAutumn } = lunarHolidayDates(year);
  const entries: ProvisionalHoliday[] = [
    { date: localDate(year, 1, 1), name: names.newYear },
    // 除夕 is the last day of lunar month 12, the 29th or the 30th (2026: 腊月廿九), so take the day before
    // 正月初一 rather than guessing the month length.
    { date: addDays(lunarNewYear, -1), name: names.springFestival },
    { date: lunarNewYear, name: names.springFestival },
    { date: addDays(lunarNewYear, 1), name: names.springFestival },
    { date: addDays(lunarNewYear, 2), name: names.springFestival },
    { date: qingming, name: names.tombSweeping },
    { date: localDate(year, 5, 1), name: names.labourDay },
    { date: localDate(year, 5, 2), name: names.labourDay },
    { date: dragonBoat, name: names.dragonBoat },
    { date: localDate(year, 10, 1), name: names.nationalDay },
    { date: localDate(year, 10, 2), name: names.nationalDay },
    { date: localDate(year, 10, 3), name: names.nationalDay },
    // After 国庆 so a shared day reads 国庆节、中秋, as the notices write it.
    { date: midAutumn, name: names.midAutumn },
  ];

  const byDate = new Map<LocalDate, HolidayName>();
  for (const { date, name } of entries) {
    const existing = byDate.get(date);
    byDate.set(
      date,
      existing && existing.zh !== name.zh
        ? { zh: `${existing.zh}、${name.zh}`, en: `${existing.en}, ${name.en}` }
        : name,
    );
  }
  return [...byDate.entries()]
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
