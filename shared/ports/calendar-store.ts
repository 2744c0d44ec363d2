import type { CalendarOverride } from '../domain/calendar/index.ts';

export interface CalendarSettings {
  readonly overrides: readonly CalendarOverride[];
  /** Years whose official holiday schedule the admins have entered in full. */
  readonly officialYears: readonly number[];
  /** The chinese-days years open deadlines were last recomputed with (absent before the first check). */
  readonly dataYears?: readonly number[];
}

export interface CalendarStore {
  load(): Promise<CalendarSettings>;
  saveOverride(override: CalendarOverride, by: string): Promise<void>;
  deleteOverride(date: string): Promise<void>;
  markOfficialYear(year: number, by: string): Promise<void>;
  /** Records the chinese-days years the open deadlines now follow. */
  recordDataYears(years: readonly number[]): Promise<void>;
}
