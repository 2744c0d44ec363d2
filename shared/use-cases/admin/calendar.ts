import * as z from 'zod';
import {
  addDays,
  type CalendarOverride,
  createWorkCalendar,
  isLocalDate,
  type LocalDate,
  SUPPORTED_YEARS,
  toShanghaiDate,
} from '../../domain/calendar/index.ts';
import type { Actor } from '../../domain/case/model.ts';
import type { SlaPolicy } from '../../domain/policy/sla-policy.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import { ValidationError } from '../../errors/index.ts';
import type { CalendarStore } from '../../ports/calendar-store.ts';
import type { CaseStore } from '../../ports/case-store.ts';
import { lineText } from '../../schemas/text.ts';
import {
  calendarFrom,
  enterOfficialSchedule,
  type RecomputeResult,
  recomputeOpenDeadlines,
  spans,
} from '../enter-official-schedule.ts';

/**
 * The admin side of the work calendar (docs/deadlines.md): day overrides (list, add, delete), entering next
 * year's official schedule (which recomputes open provisional deadlines), and the warning about years that
 * are still provisional within the coming twelve months.
 */

export const localDateSchema = z
  .string()
  .refine((value) => isLocalDate(value), '日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD')
  .transform((value) => value as LocalDate);

/** `{date}` of `PUT|DELETE /api/admin/calendar/overrides/{date}`. */
export const calendarDatePathSchema = z.object({ date: localDateSchema });

export const overrideBodySchema = z.strictObject({
  kind: z.enum(['workday', 'holiday']),
  name: lineText(1, 20).optional(),
});

export const officialScheduleSchema = z.strictObject({
  year: z.number().int().min(SUPPORTED_YEARS.first).max(SUPPORTED_YEARS.last),
  days: z
    .array(
      z.strictObject({
        date: localDateSchema,
        kind: z.enum(['workday', 'holiday']),
        name: lineText(1, 20).optional(),
      }),
    )
    .max(120)
    .default([]),
});

export interface CalendarAdminDeps {
  readonly calendarStore: CalendarStore;
  readonly store: CaseStore;
  /** The county's units: recomputing reads the open cases from each one's inbox. */
  readonly catalog: () => Promise<Catalog>;
  readonly policies: () => readonly SlaPolicy[] | Promise<readonly SlaPolicy[]>;
}

export interface CalendarOverview {
  readonly overrides: readonly CalendarOverride[];
  readonly officialYears: readonly number[];
  /** Years without an official schedule that deadlines of the next twelve months reach into. */
  readonly provisionalYears: readonly number[];
}

export async function calendarOverview(
  deps: Pick<CalendarAdminDeps, 'calendarStore'>,
  now: Date,
): Promise<CalendarOverview> {
  const settings = await deps.calendarStore.load();
  const calendar = createWorkCalendar({
    overrides: [...settings.overrides],
    officialYears: [...settings.officialYears],
  });
  const today = toShanghaiDate(now);
  return {
    overrides: [...settings.overrides].sort((a, b) => a.date.localeCompare(b.date)),
    officialYears: [...settings.officialYears].sort(),
    provisionalYears: calendar.provisionalYearsIn(today, addDays(today, 365)),
  };
}

function checkSupported(date: string, field: string): void {
  const year = Number(date.slice(0, 4));
  if (year < SUPPORTED_YEARS.first || year > SUPPORTED_YEARS.last)
    throw new ValidationError([{ field, message: '年份不在支持范围内 / year not supported' }]);
}

/** A one-day change (a typhoon closure, a correction) moves the open deadlines whose span holds that day. */
async function recomputeAround(
  deps: CalendarAdminDeps,
  date: LocalDate,
  now: Date,
): Promise<RecomputeResult> {
  return recomputeOpenDeadlines(deps, calendarFrom(await deps.calendarStore.load()), now, spans(date));
}

export async function saveOverride(
  deps: CalendarAdminDeps,
  date: LocalDate,
  body: z.infer<typeof overrideBodySchema>,
  actor: Actor,
  now: Date = new Date(),
): Promise<CalendarOverride & { recomputed: number }> {
  checkSupported(date, 'date');
  const override: CalendarOverride = { date, kind: body.kind, ...(body.name ? { name: body.name } : {}) };
  await deps.calendarStore.saveOverride(override, actor.id);
  const { recomputed } = await recomputeAround(deps, date, now);
  return { ...override, recomputed };
}

export async function deleteOverride(
  deps: CalendarAdminDeps,
  date: LocalDate,
  now: Date = new Date(),
): Promise<RecomputeResult> {
  await deps.calendarStore.deleteOverride(date);
  return recomputeAround(deps, date, now);
}

/**
 * The official notice for a year lists its days off and make-up working days; it may also reach back into
 * 29–31 December of the year before. Anything else does not belong to this year's notice.
 */
export async function enterYear(
  deps: CalendarAdminDeps,
  request: z.infer<typeof officialScheduleSchema>,
  actor: Actor,
  now: Date,
): Promise<RecomputeResult & { year: number }> {
  const errors = request.days.flatMap((day, index) => {
    const inYear = day.date.startsWith(`${request.year}-`);
    const reachBack = day.date >= `${request.year - 1}-12-29` && day.date <= `${request.year - 1}-12-31`;
    return inYear || reachBack
      ? []
      : [{ field: `days.${index}.date`, message: `不属于 ${request.year} 年 / not in ${request.year}` }];
  });
  if (errors.length > 0) throw new ValidationError(errors);
  const days = request.days.map(
    (day): CalendarOverride => ({ date: day.date, kind: day.kind, ...(day.name ? { name: day.name } : {}) }),
  );
  const result = await enterOfficialSchedule(deps, request.year, days, actor, now);
  return { year: request.year, ...result };
}
