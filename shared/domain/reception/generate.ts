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

/**
 * Where a nominal reception day lands under the move rule; unchanged when it is a working day, `null` when
 * the rule skips it.
 */
export function applyMoveRule(
  calendar: WorkCalendar,
  nominal: LocalDate,
  rule: ReceptionMoveRule,
): LocalDate | null {
  if (rule === 'keep' || calendar.isWorkday(nominal)) return nominal;
  if (rule === 'skip') return null;
  return rule === 'nextWorkday' ? calendar.nextWorkday(nominal) : previousWorkday(calendar, nominal);
}

const shortDate = (date: LocalDate) => `${monthOf(date)}月${dayOfMonth(date)}日`;

function whyNotWorking(calendar: WorkCalendar, date: LocalDate): string {
  const info = calendar.dayInfo(date);
  return info.kind === 'holiday' && info.name ? info.name : '周末';
}

/**
 * The default duty roster of reception day number `slot` of a year (0 = the first nominal day of January):
 * `count` active representatives chosen by a fair rotation replayed from the start of the year. Each pick
 * takes whoever has sat least often so far (so over the year duty counts differ by at most one), then whoever
 * has sat least often with those already picked that day (so pairs change), then whoever sat longest ago,
 * then the studio's order. Deterministic: the same list and slot always give the same roster.
 */
export function defaultRoster(
  representatives: readonly StudioRepresentative[],
  slot: number,
  count: number,
): Representative[] {
  return fairRotation(representatives, slot + 1, count)[slot] ?? [];
}

/** The first `slots` rosters of the fair rotation (see `defaultRoster`). */
export function fairRotation(
  representatives: readonly StudioRepresentative[],
  slots: number,
  count: number,
): Representative[][] {
  const active = representatives.filter((representative) => representative.active !== false);
  const size = Math.min(count, active.length);
  const duties = active.map(() => 0);
  const lastSat = active.map(() => -1);
  const together = active.map(() => active.map(() => 0));
  const rosters: Representative[][] = [];
  for (let slot = 0; slot < slots; slot++) {
    const picked: number[] = [];
    while (picked.length < size) {
      let best = -1;
      let bestKey: number[] = [];
      active.forEach((_, index) => {
        if (picked.includes(index)) return;
        const pairs = picked.reduce((sum, other) => sum + together[index]![other]!, 0);
        const key = [duties[index]!, pairs, lastSat[index]!, index];
        if (best < 0 || lexicallyBefore(key, bestKey)) {
          best = index;
          bestKey = key;
        }
      });
      picked.push(best);
    }
    for (const index of picked) {
      duties[index]!++;
      lastSat[index] = slot;
      for (const other of picked) if (other !== index) together[index]![other]!++;
    }
    rosters.push(
      picked.map((index) => {
        const { representativeId, name, title } = active[index]!;
        return { representativeId, name, title };
      }),
    );
  }
  return rosters;
}

/** `[1, 5] < [1, 7]`: the first differing element decides. */
function lexicallyBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return a[at]! < b[at]!;
  return false;
}

const weekdayText = (days: readonly number[]) =>
  days.map((day) => (day >= 31 ? '月末' : `${day}日`)).join('、');

/**
 * The rule as the public calendar states it, e.g. `每月10日、20日接待（09:00-11:30），逢节假日顺延至下一个工作日`.
 * The page shows each studio's own text, so it never promises a move the studio does not make.
 */
export function receptionRuleText(rule: ReceptionRule = defaultReceptionRule): { zh: string; en: string } {
  const onHoliday = {
    nextWorkday: [
      '逢周末或节假日顺延至下一个工作日',
      'moved to the next working day when it falls on a weekend or holiday',
    ],
    previousWorkday: [
      '逢周末或节假日提前至前一个工作日',
      'moved to the previous working day when it falls on a weekend or holiday',
    ],
    keep: ['逢周末或节假日照常接待', 'held even on weekends and holidays'],
    skip: ['逢周末或节假日当次不接待', 'not held when it falls on a weekend or holiday'],
  }[rule.onNonWorkday];
  const days = [...rule.daysOfMonth].sort((a, b) => a - b);
  const ordinal = (day: number) => {
    if (day >= 31) return 'last day';
    const suffix = Math.floor(day / 10) === 1 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[day % 10] ?? 'th');
    return `${day}${suffix}`;
  };
  return {
    zh: `每月${weekdayText(days)}接待（${rule.hours}），${onHoliday[0]}`,
    en: `Reception on the ${days.map(ordinal).join(' and ')} of each month (${rule.hours}), ${onHoliday[1]}`,
  };
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
  // Numbered by the rule's days, not the month's, so a clamped day (31 in April) never shifts the rotation.
  const ruleDays = [...new Set(rule.daysOfMonth)].sort((a, b) => a - b);
  const at = (options.now ?? new Date()).toISOString();
  const rosters = fairRotation(
    studio.representatives ?? [],
    monthNumber * ruleDays.length,
    rule.representativesPerDay,
  );
  const days = new Map<string, ReceptionDay>();
  ruleDays.forEach((ruleDay, index) => {
    const nominal = localDate(year, monthNumber, Math.min(ruleDay, last));
    const date = applyMoveRule(calendar, nominal, rule.onNonWorkday);
    if (date === null || days.has(date)) return;
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
    // Reception days are numbered from the start of the year; the rotation is replayed from there.
    const slot = (monthNumber - 1) * ruleDays.length + index;
    days.set(date, {
      studioId: studio.studioId,
      date,
      representatives: rosters[slot] ?? [],
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
