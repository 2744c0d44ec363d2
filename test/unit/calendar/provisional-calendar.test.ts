import { readFileSync } from 'node:fs';
import chineseDays from 'chinese-days';
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeYear,
  generatedModulePath,
  lunarHolidayDatesFromLibrary,
  renderLunarDatesModule,
} from '../../../scripts/lunar-dates.ts';
import {
  addDays,
  createWorkCalendar,
  provisionalHolidays,
  SUPPORTED_YEARS,
  UnsupportedYearError,
} from '../../../shared/domain/calendar/index.ts';
import {
  LUNAR_TABLE,
  LUNAR_TABLE_FIRST_YEAR,
} from '../../../shared/domain/calendar/lunar-dates.generated.ts';

const originalTz = process.env.TZ;

afterEach(() => {
  process.env.TZ = originalTz;
});

function lunarOf(date: string): { month: number; day: number; leap: boolean } {
  // UTC noon: chinese-days counts whole days from a fixed UTC base, so noon is safely inside the day.
  const lunar = chineseDays.getLunarDate(new Date(`${date}T12:00:00Z`));
  return { month: lunar.lunarMon, day: lunar.lunarDay, leap: lunar.isLeap };
}

describe('provisional calendar', () => {
  it('lists the 2027 statutory holidays on their own days, without 调休', () => {
    // Prepare
    const year = 2027;

    // Act
    const holidays = provisionalHolidays(year).map(({ date, name }) => [date, name.zh, name.en]);

    // Assess
    expect(holidays).toEqual([
      ['2027-01-01', '元旦', "New Year's Day"],
      ['2027-02-05', '春节', 'Spring Festival'],
      ['2027-02-06', '春节', 'Spring Festival'],
      ['2027-02-07', '春节', 'Spring Festival'],
      ['2027-02-08', '春节', 'Spring Festival'],
      ['2027-04-05', '清明', 'Tomb-sweeping Day'],
      ['2027-05-01', '劳动节', 'Labour Day'],
      ['2027-05-02', '劳动节', 'Labour Day'],
      ['2027-06-09', '端午', 'Dragon Boat Festival'],
      ['2027-09-15', '中秋', 'Mid-autumn Festival'],
      ['2027-10-01', '国庆节', 'National Day'],
      ['2027-10-02', '国庆节', 'National Day'],
      ['2027-10-03', '国庆节', 'National Day'],
    ]);
  });

  it('starts 春节 2027 on 除夕 2027-02-05, the last day of lunar month 12', () => {
    // Prepare
    const eve = provisionalHolidays(2027).find((holiday) => holiday.name.zh === '春节')!.date;

    // Act
    const lunarEve = lunarOf(eve);
    const lunarNewYear = lunarOf(addDays(eve, 1));

    // Assess
    expect(eve).toBe('2027-02-05');
    expect(lunarEve).toEqual({ month: 12, day: 29, leap: false });
    expect(lunarNewYear).toEqual({ month: 1, day: 1, leap: false });
  });

  it.each([
    [2026, '2026-02-16', 29],
    [2033, '2033-01-30', 30],
  ])('finds 除夕 %i whether lunar month 12 has 29 or 30 days', (year, expectedEve, lunarDay) => {
    // Prepare
    const holidays = provisionalHolidays(year);

    // Act
    const eve = holidays.find((holiday) => holiday.name.zh === '春节')!.date;

    // Assess
    expect(eve).toBe(expectedEve);
    expect(lunarOf(eve)).toEqual({ month: 12, day: lunarDay, leap: false });
  });

  it('lists a day shared by 国庆 and 中秋 once, with both names (2028-10-03)', () => {
    // Prepare
    const year = 2028;

    // Act
    const october = provisionalHolidays(year).filter((holiday) => holiday.date.startsWith('2028-10'));

    // Assess
    expect(october.map(({ date, name }) => [date, name.zh])).toEqual([
      ['2028-10-01', '国庆节'],
      ['2028-10-02', '国庆节'],
      ['2028-10-03', '国庆节、中秋'],
    ]);
  });

  it('matches the official schedules 2025–2026: every provisional holiday is an official day off', () => {
    // Prepare
    const official = createWorkCalendar({ overrides: [] });

    // Act
    const workedAnyway = [2025, 2026].flatMap((year) =>
      provisionalHolidays(year).filter((holiday) => official.isWorkday(holiday.date)),
    );

    // Assess
    expect(workedAnyway).toEqual([]);
  });

  it('puts 清明, 端午 and 中秋 on official days off in every year since 2008 (lunar and solar-term check)', () => {
    // Prepare
    const official = createWorkCalendar({ overrides: [] });
    const lunarAndSolarTerm = new Set(['清明', '端午', '中秋', '国庆节、中秋']);

    // Act
    const mismatches: string[] = [];
    for (let year = 2008; year <= 2026; year++) {
      for (const holiday of provisionalHolidays(year)) {
        if (lunarAndSolarTerm.has(holiday.name.zh) && official.isWorkday(holiday.date))
          mismatches.push(holiday.date);
      }
    }

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('reads the same dates chinese-days computes, for every supported year (generated table is current)', () => {
    // Prepare
    const years = Array.from(
      { length: SUPPORTED_YEARS.last - SUPPORTED_YEARS.first + 1 },
      (_, index) => SUPPORTED_YEARS.first + index,
    );

    // Act
    const mismatches = years.filter((year) => {
      const expected = lunarHolidayDatesFromLibrary(year);
      const listed = new Set(provisionalHolidays(year).map((holiday) => holiday.date));
      return (
        LUNAR_TABLE[year - LUNAR_TABLE_FIRST_YEAR] !== encodeYear(expected) ||
        ![expected.lunarNewYear, expected.qingming, expected.dragonBoat, expected.midAutumn].every((date) =>
          listed.has(date),
        )
      );
    });

    // Assess
    expect(years).toHaveLength(199);
    expect(mismatches).toEqual([]);
  });

  it('generates the same table in every process time zone (chinese-days formats in local time)', () => {
    // Prepare
    const zones = ['UTC', 'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Shanghai', 'Pacific/Kiritimati'];

    // Act
    const tables = zones.map((zone) => {
      process.env.TZ = zone;
      return renderLunarDatesModule();
    });
    process.env.TZ = 'America/Los_Angeles';
    const zoneSwitchWorks = new Date('2025-01-01T00:00:00Z').getDate() === 31;

    // Assess
    expect(zoneSwitchWorks).toBe(true);
    for (const table of tables) expect(table).toBe(readFileSync(generatedModulePath, 'utf8'));
  });

  it('refuses years outside the lunar table', () => {
    // Prepare
    const year = 2150;

    // Act
    const act = () => provisionalHolidays(year);

    // Assess
    expect(act).toThrow(UnsupportedYearError);
  });
});
