import { addDays, type LocalDate } from '../calendar/shanghai-time.ts';

/**
 * Which days a walk-in visit can be registered against as a 接待日来访 (free of zod: the console imports it).
 * Only a published (公示) reception day is one: residents came because the studio announced it. A day still
 * to come is not offered (nobody has visited yet); a day a liaison officer registers late stays on offer for
 * this and the previous month. A walk-in on any other day is an ordinary 来访, registered as a case.
 */

export interface OfferedDay {
  readonly date: string;
  readonly published: boolean;
}

/** The months whose reception days are on offer on `today`: this one and the previous one (`YYYY-MM`). */
export function visitMonths(today: LocalDate): readonly [string, string] {
  const previous = addDays(`${today.slice(0, 7)}-01` as LocalDate, -1);
  return [today.slice(0, 7), previous.slice(0, 7)];
}

/** Published days up to today, newest first; the first is today's when today is a reception day. */
export function daysForVisits<T extends OfferedDay>(days: readonly T[], today: LocalDate): T[] {
  return days
    .filter((day) => day.published && day.date <= today)
    .sort((a, b) => b.date.localeCompare(a.date));
}

/**
 * 集体访: a visit by more than one person. The 信访工作条例 asks a group raising one matter to send at most
 * five representatives; the studios' record book marks every visit of more than one person as a group visit.
 */
export const isGroupVisit = (groupSize: number): boolean => groupSize > 1;
