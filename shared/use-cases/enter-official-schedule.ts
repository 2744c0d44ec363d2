import {
  type CalendarOverride,
  chineseDaysYears,
  createWorkCalendar,
  type LocalDate,
  toShanghaiDate,
  type WorkCalendar,
} from '../domain/calendar/index.ts';
import { CaseVersionConflictError, CommandRefusedError } from '../domain/case/errors.ts';
import { decide, openStatuses } from '../domain/case/lifecycle.ts';
import { type Actor, type CaseDeadline, systemActor } from '../domain/case/model.ts';
import type { SlaPolicy } from '../domain/policy/sla-policy.ts';
import { type Catalog, unitIdsOf } from '../domain/reference/model.ts';
import { logger } from '../logging/logger.ts';
import type { CalendarSettings, CalendarStore } from '../ports/calendar-store.ts';
import type { CaseStore } from '../ports/case-store.ts';
import { policyFor } from './act-on-case.ts';

/**
 * Open deadlines follow the calendar in force. Three things change it after deadlines were computed, and each
 * recomputes the open deadlines it can have moved (docs/deadlines.md, "Recomputation"):
 * - the admins enter next year's official schedule: every provisional deadline;
 * - the admins add or remove a one-day override (a typhoon closure): every deadline whose span holds that day;
 * - an upgrade of the chinese-days package ships a new year: every provisional deadline, once, noticed by the
 *   deadline sweep, which compares the years shipped with the years last recorded.
 * Rare events, so reading the open cases by status (indexed Queries, never a table scan) is cheap enough; each
 * case goes through the state machine (`recomputeDeadlines`), which refuses when nothing moves: running any of
 * these twice changes nothing the second time.
 */

/** States with deadlines that may still matter (`registered` has none). */
const recomputedStatuses = openStatuses.filter((status) => status !== 'registered');

export interface RecomputeResult {
  readonly examined: number;
  readonly recomputed: number;
}

interface RecomputeDeps {
  readonly store: CaseStore;
  /** The county's units: the open cases are read from each one's inbox. */
  readonly catalog: () => Promise<Catalog>;
  readonly policies: () => readonly SlaPolicy[] | Promise<readonly SlaPolicy[]>;
}

export function calendarFrom(settings: CalendarSettings): WorkCalendar {
  return createWorkCalendar({
    overrides: [...settings.overrides],
    officialYears: [...settings.officialYears],
  });
}

export async function recomputeOpenDeadlines(
  deps: RecomputeDeps,
  calendar: WorkCalendar,
  now: Date,
  affected: (deadline: CaseDeadline) => boolean,
): Promise<RecomputeResult> {
  let examined = 0;
  let recomputed = 0;
  const unitIds = unitIdsOf(await deps.catalog());
  for (const status of recomputedStatuses) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.byStatus(status, unitIds, { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const summary of page.items) {
        examined++;
        if (!Object.values(summary.deadlines).some((deadline) => deadline && affected(deadline))) continue;
        const current = await deps.store.get(summary.caseId);
        if (!current) continue;
        try {
          await deps.store.commit(
            decide(
              current,
              { type: 'recomputeDeadlines' },
              { actor: systemActor, now, calendar, policy: policyFor(current, await deps.policies()) },
            ),
          );
          recomputed++;
        } catch (error) {
          // Nothing moved, or someone changed the case meanwhile (their change recomputed it already).
          if (!(error instanceof CommandRefusedError || error instanceof CaseVersionConflictError))
            throw error;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { examined, recomputed };
}

export const isProvisional = (deadline: CaseDeadline) => deadline.provisional;

/** A day's change can move a deadline whose computation looked at it: after its start day, up to its end day. */
export function spans(date: LocalDate): (deadline: CaseDeadline) => boolean {
  return (deadline) =>
    toShanghaiDate(new Date(deadline.basis.from)) < date && date <= toShanghaiDate(new Date(deadline.at));
}

export async function recomputeProvisionalDeadlines(
  deps: RecomputeDeps,
  calendar: WorkCalendar,
  now: Date,
): Promise<RecomputeResult> {
  return recomputeOpenDeadlines(deps, calendar, now, isProvisional);
}

export async function enterOfficialSchedule(
  deps: RecomputeDeps & { calendarStore: CalendarStore },
  year: number,
  days: readonly CalendarOverride[],
  actor: Actor,
  now: Date,
): Promise<RecomputeResult> {
  for (const day of days) await deps.calendarStore.saveOverride(day, actor.id);
  await deps.calendarStore.markOfficialYear(year, actor.id);
  return recomputeProvisionalDeadlines(deps, calendarFrom(await deps.calendarStore.load()), now);
}

export type CalendarDataOutcome = 'unchanged' | 'recomputed';

/**
 * Once per chinese-days upgrade: when the years the package ships differ from the years recorded with the
 * calendar, recompute the provisional deadlines against the new data, then record the years. A crash in between
 * only repeats the (idempotent) recomputation on the next run.
 */
export async function recomputeForCalendarData(
  deps: RecomputeDeps & { calendarStore: CalendarStore },
  now: Date,
  shipped: readonly number[] = chineseDaysYears(),
): Promise<CalendarDataOutcome> {
  const settings = await deps.calendarStore.load();
  const recorded = settings.dataYears ?? [];
  if (recorded.length === shipped.length && recorded.every((year, index) => year === shipped[index]))
    return 'unchanged';
  const result = await recomputeProvisionalDeadlines(deps, calendarFrom(settings), now);
  await deps.calendarStore.recordDataYears(shipped);
  logger.info('calendar data changed; provisional deadlines recomputed', {
    years: `${shipped[0]}–${shipped.at(-1)}`,
    ...result,
  });
  return 'recomputed';
}
