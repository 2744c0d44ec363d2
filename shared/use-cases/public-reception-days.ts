import * as z from 'zod';
import {
  addDays,
  daysBetween,
  isLocalDate,
  type LocalDate,
  toShanghaiDate,
} from '../domain/calendar/shanghai-time.ts';
import type { WorkCalendar } from '../domain/calendar/work-calendar.ts';
import { receptionRuleText } from '../domain/reception/generate.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { type FieldError, ValidationError } from '../errors/index.ts';
import type { ReceptionStore } from '../ports/reception-store.ts';

/**
 * The public reception calendar (公示): published reception days of one studio or of all, between two
 * Shanghai dates, with the representatives on duty (name and title only). Unpublished days, representative
 * ids and anything else the studio keeps stay out. One Query per studio and month (data-model access #15).
 */

// Years the work calendar supports, with room for a range after them.
const date = z
  .string()
  .refine(
    (value) => isLocalDate(value) && value >= '2000-01-01' && value <= '2098-12-31',
    '日期格式为 YYYY-MM-DD / a date as YYYY-MM-DD',
  )
  .transform((value) => value as LocalDate);

/** `GET /api/reception-days?studioId&from&to` (DESIGN §5): the published reception calendar. */
export const receptionDaysQuerySchema = z.object({
  studioId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '工作室代码格式不正确 / invalid studio id')
    .optional(),
  from: date.optional(),
  to: date.optional(),
});

/** Without `to`: this many days from `from`. */
export const DEFAULT_RANGE_DAYS = 62;
/** A longer range is refused: it would mean more than seven month-queries per studio. */
export const MAX_RANGE_DAYS = 186;

export interface PublicReceptionDay {
  readonly studioId: string;
  readonly date: string;
  readonly hours?: string;
  readonly representatives: readonly { readonly name: string; readonly title: string }[];
  readonly note?: string;
  /**
   * The day lies in a year whose official holiday schedule is not out yet: it may still become a day off (or a
   * 调休 working day) when the schedule is published (docs/deadlines.md).
   */
  readonly provisional?: true;
}

export interface PublicReceptionCalendar {
  readonly from: string;
  readonly to: string;
  readonly studios: readonly {
    readonly studioId: string;
    readonly name: string;
    readonly address: string;
    /** The studio's own rule in words (days, hours, what happens on a holiday): the page shows it. */
    readonly rule: { readonly zh: string; readonly en: string };
  }[];
  readonly days: readonly PublicReceptionDay[];
}

export interface ReceptionQuery {
  readonly studioId?: string;
  readonly from?: LocalDate;
  readonly to?: LocalDate;
}

function monthsBetween(from: LocalDate, to: LocalDate): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(current);
    if (current >= last) return months;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
}

export async function publicReceptionDays(
  deps: {
    readonly store: ReceptionStore;
    readonly catalog: () => Promise<Catalog>;
    /** The work calendar, to mark days of a provisional year. */
    readonly calendar?: () => WorkCalendar | Promise<WorkCalendar>;
  },
  query: ReceptionQuery,
  now: Date,
): Promise<PublicReceptionCalendar> {
  const from = query.from ?? toShanghaiDate(now);
  const to = query.to ?? addDays(from, DEFAULT_RANGE_DAYS);
  const errors: FieldError[] = [];
  if (daysBetween(from, to) < 0)
    errors.push({ field: 'to', message: '结束日期早于开始日期 / to is before from' });
  if (daysBetween(from, to) > MAX_RANGE_DAYS)
    errors.push({ field: 'to', message: `最多查询 ${MAX_RANGE_DAYS} 天 / at most ${MAX_RANGE_DAYS} days` });
  const [catalog, calendar] = await Promise.all([deps.catalog(), deps.calendar?.()]);
  const studios = catalog.studios.filter((studio) => !query.studioId || studio.studioId === query.studioId);
  if (query.studioId && studios.length === 0)
    errors.push({ field: 'studioId', message: '没有这个工作室 / unknown studio' });
  if (errors.length > 0) throw new ValidationError(errors);

  const months = monthsBetween(from, to);
  const perStudio = await Promise.all(
    studios.flatMap((studio) => months.map((month) => deps.store.byStudioAndMonth(studio.studioId, month))),
  );
  const days = perStudio
    .flat()
    .filter((day) => day.published && day.date >= from && day.date <= to)
    .sort((a, b) => a.date.localeCompare(b.date) || a.studioId.localeCompare(b.studioId))
    .map(
      (day): PublicReceptionDay => ({
        studioId: day.studioId,
        date: day.date,
        ...(day.hours ? { hours: day.hours } : {}),
        representatives: day.representatives.map(({ name, title }) => ({ name, title })),
        ...(day.note ? { note: day.note } : {}),
        ...(calendar?.dayInfo(day.date as LocalDate).provisional ? { provisional: true as const } : {}),
      }),
    );
  return {
    from,
    to,
    studios: studios.map((studio) => ({
      studioId: studio.studioId,
      name: studio.nameZh,
      address: studio.address,
      rule: receptionRuleText(studio.receptionRule),
    })),
    days,
  };
}
