import { type CalendarOverride, createWorkCalendar, type WorkCalendar } from '../domain/calendar/index.ts';
import { CaseVersionConflictError, CommandRefusedError } from '../domain/case/errors.ts';
import { decide } from '../domain/case/lifecycle.ts';
import { type Actor, type CaseStatus, systemActor } from '../domain/case/model.ts';
import type { SlaPolicy } from '../domain/policy/sla-policy.ts';
import type { CalendarStore } from '../ports/calendar-store.ts';
import type { CaseStore } from '../ports/case-store.ts';
import { policyFor } from './act-on-case.ts';

/**
 * The State Council publishes next year's holiday schedule late in the year. Until an admin enters it,
 * deadlines reaching into that year are provisional; entering it marks the year official and recomputes
 * every open deadline that relied on the guess. Runs once a year, so reading the open cases by status
 * (indexed Queries, never a table scan) is cheap enough.
 */

const openStatuses: readonly CaseStatus[] = ['triage', 'assigned', 'acknowledged', 'replied', 'closed'];

export interface RecomputeResult {
  readonly examined: number;
  readonly recomputed: number;
}

export async function recomputeProvisionalDeadlines(
  deps: { store: CaseStore; policies: () => readonly SlaPolicy[] | Promise<readonly SlaPolicy[]> },
  calendar: WorkCalendar,
  now: Date,
): Promise<RecomputeResult> {
  let examined = 0;
  let recomputed = 0;
  for (const status of openStatuses) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.byStatus(status, { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const summary of page.items) {
        examined++;
        if (!Object.values(summary.deadlines).some((deadline) => deadline?.provisional)) continue;
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

export async function enterOfficialSchedule(
  deps: {
    store: CaseStore;
    calendarStore: CalendarStore;
    policies: () => readonly SlaPolicy[] | Promise<readonly SlaPolicy[]>;
  },
  year: number,
  days: readonly CalendarOverride[],
  actor: Actor,
  now: Date,
): Promise<RecomputeResult> {
  for (const day of days) await deps.calendarStore.saveOverride(day, actor.id);
  await deps.calendarStore.markOfficialYear(year, actor.id);
  const settings = await deps.calendarStore.load();
  const calendar = createWorkCalendar({
    overrides: [...settings.overrides],
    officialYears: [...settings.officialYears],
  });
  return recomputeProvisionalDeadlines(deps, calendar, now);
}
