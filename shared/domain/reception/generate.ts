import type { WorkCalendar } from '../calendar/index.ts';
import {
  addDays,
  dayOfMonth,
  type LocalDate,
  localDate,
  monthOf,
  parseLocalDate,
} from '../calendar/shanghai-time.ts';
import {
  defaultReceptionRule,
  type ReceptionDay,
  type ReceptionMoveRule,
  type ReceptionRule,
  type Representative,
  type StudioRepresentative,
} from './model.ts';

/**
 * Reception days of a studio for one month, from its rule (10th and 20th by default) and the work calendar.
 * Pure: the caller stores what it returns, never overwriting a day that already exists (staff may have
 * edited its roster).
 */

export interface StudioForReception {
  readonly studioId: string;
  readonly representatives?: readonly StudioRepresentative[];
  readonly receptionRule?: ReceptionRule;
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}

/** `2026-12` → `2027-01`. */
export function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/** The month a Shanghai day belongs to, `YYYY-MM`. */
export function monthOfDate(date: string): string {
  return date.slice(0, 7);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function previousWorkday(calendar: WorkCalendar, date: LocalDate): LocalDate {
  let candidate = addDays(date, -1);
  // Chinese holidays last at most nine days in a row, plus weekends: a month is a generous bound.
  for (let step = 0; step < 31 && !calendar.isWorkday(candidate); step++) candidate = addDays(candidate, -1);
  return candidate;
}

/** Where a nominal reception day lands under the move rule; unchanged when it is a working day. */
export function applyMoveRule(
  calendar: WorkCalendar,
  nominal: LocalDate,
  rule: ReceptionMoveRule,
): LocalDate {
  if (rule === 'keep' || calendar.isWorkday(nominal)) return nominal;
  return rule === 'nextWorkday' ? calendar.nextWorkday(nominal) : previousWorkday(calendar, nominal);
}

const shortDate = (date: LocalDate) => `${monthOf(date)}月${dayOfMonth(date)}日`;

function whyNotWorking(calendar: WorkCalendar, date: LocalDate): string {
  const info = calendar.dayInfo(date);
  return info.kind === 'holiday' && info.name ? info.name : '周末';
}

/**
 * The default duty roster: `count` active representatives, rotating so that over the months everyone sits
 * equally often. `slot` numbers the reception days of all months consecutively.
 */
export function defaultRoster(
  representatives: readonly StudioRepresentative[],
  slot: number,
  count: number,
): Representative[] {
  const active = representatives.filter((representative) => representative.active !== false);
  if (active.length === 0) return [];
  const size = Math.min(count, active.length);
  const start = (((slot * size) % active.length) + active.length) % active.length;
  return Array.from({ length: size }, (_, offset) => {
    const { representativeId, name, title } = active[(start + offset) % active.length]!;
    return { representativeId, name, title };
  });
}

/**
 * The reception days of `month` (`YYYY-MM`) for a studio. Days that collide after moving (the 10th and the
 * 11th both moved to the 13th) are kept once; a day moved across the month's boundary belongs to the month
 * it lands in, so every day has exactly one key.
 */
export function generateReceptionDays(
  studio: StudioForReception,
  month: string,
  calendar: WorkCalendar,
  options: { readonly now?: Date } = {},
): ReceptionDay[] {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`not a month: ${month}`);
  const year = Number(match[1]);
  const monthNumber = Number(match[2]);
  const rule = studio.receptionRule ?? defaultReceptionRule;
  const last = lastDayOfMonth(year, monthNumber);
  const nominalDays = [...new Set(rule.daysOfMonth.map((day) => Math.min(day, last)))].sort((a, b) => a - b);
  const at = (options.now ?? new Date()).toISOString();
  const days = new Map<string, ReceptionDay>();
  nominalDays.forEach((day, index) => {
    const nominal = localDate(year, monthNumber, day);
    const date = applyMoveRule(calendar, nominal, rule.onNonWorkday);
    if (days.has(date)) return;
    const moved = date !== nominal;
    const keptOnHoliday = !moved && !calendar.isWorkday(nominal);
    let note: string | undefined;
    if (moved) {
      const direction = date > nominal ? '顺延' : '提前';
      note = `原定${shortDate(nominal)}逢${whyNotWorking(calendar, nominal)}，${direction}至${shortDate(date)}`;
    } else if (keptOnHoliday) {
      note = `${shortDate(nominal)}逢${whyNotWorking(calendar, nominal)}，照常接待`;
    } else if (calendar.dayInfo(nominal).kind === 'makeUpWorkday') {
      note = `${shortDate(nominal)}为调休工作日，照常接待`;
    }
    const provisional = calendar.dayInfo(nominal).provisional || calendar.dayInfo(date).provisional;
    const slot = (year * 12 + monthNumber - 1) * nominalDays.length + index;
    days.set(date, {
      studioId: studio.studioId,
      date,
      representatives: defaultRoster(studio.representatives ?? [], slot, rule.representativesPerDay),
      published: false,
      ...(note ? { note } : {}),
      ...(moved ? { nominalDate: nominal } : {}),
      hours: rule.hours,
      ...(provisional ? { provisional: true } : {}),
      updatedAt: at,
      updatedBy: 'system',
    });
  });
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** Validates a `YYYY-MM-DD` string as a real day (throws `InvalidLocalDateError`). */
export function receptionDate(value: string): LocalDate {
  return parseLocalDate(value);
}
