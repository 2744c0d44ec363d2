import { describe, expect, it } from 'vitest';
import {
  assertSupportedYear,
  provisionalHolidays,
  STATUTORY_HOLIDAY_NAMES,
  SUPPORTED_YEARS,
  UnsupportedYearError,
} from '../../../shared/domain/calendar/index.ts';

describe('the supported years', () => {
  it('are 1901 to 2099, whole years only, and the error says so', () => {
    expect(SUPPORTED_YEARS).toEqual({ first: 1901, last: 2099 });
    expect(() => assertSupportedYear(1901)).not.toThrow();
    expect(() => assertSupportedYear(2099)).not.toThrow();
    for (const year of [1900, 2100, 2026.5, Number.NaN])
      expect(() => assertSupportedYear(year)).toThrow(UnsupportedYearError);
    const error = (() => {
      try {
        assertSupportedYear(2100);
      } catch (caught) {
        return caught as UnsupportedYearError;
      }
    })();
    expect(error?.message).toBe('Year 2100 is outside the supported range 1901–2099');
    expect(error?.year).toBe(2100);
    expect(error?.name).toBe('UnsupportedYearError');
  });

  it('have provisional holidays at both ends of the range', () => {
    expect(provisionalHolidays(1901)[0]).toEqual({
      date: '1901-01-01',
      name: STATUTORY_HOLIDAY_NAMES.newYear,
    });
    expect(provisionalHolidays(2099).at(-1)!.date.startsWith('2099-10')).toBe(true);
  });
});

describe('provisional holidays', () => {
  it('use chinese-days’ names', () => {
    expect(STATUTORY_HOLIDAY_NAMES).toEqual({
      newYear: { zh: '元旦', en: "New Year's Day" },
      springFestival: { zh: '春节', en: 'Spring Festival' },
      tombSweeping: { zh: '清明', en: 'Tomb-sweeping Day' },
      labourDay: { zh: '劳动节', en: 'Labour Day' },
      dragonBoat: { zh: '端午', en: 'Dragon Boat Festival' },
      midAutumn: { zh: '中秋', en: 'Mid-autumn Festival' },
      nationalDay: { zh: '国庆节', en: 'National Day' },
    });
  });

  it('come in date order, each day once', () => {
    for (const year of [2027, 2028, 2031, 2040]) {
      const dates = provisionalHolidays(year).map((holiday) => holiday.date);
      expect(dates).toEqual([...new Set(dates)].sort());
    }
  });

  it('are thirteen days, one fewer when 中秋 falls in the 国庆 days', () => {
    expect(provisionalHolidays(2027)).toHaveLength(13);
    expect(provisionalHolidays(2028)).toHaveLength(12);
  });

  it('join the names of a shared day in both languages', () => {
    const shared = provisionalHolidays(2028).find((holiday) => holiday.date === '2028-10-03');

    expect(shared?.name).toEqual({ zh: '国庆节、中秋', en: 'National Day, Mid-autumn Festival' });
  });
});
