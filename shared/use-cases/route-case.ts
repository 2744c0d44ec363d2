import type { WorkCalendar } from '../domain/calendar/index.ts';
import { CaseVersionConflictError } from '../domain/case/errors.ts';
import { type DecisionContext, decide } from '../domain/case/lifecycle.ts';
import { systemActor } from '../domain/case/model.ts';
import { type SlaPolicy, selectPolicy } from '../domain/policy/sla-policy.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { routeCase as chooseUnit, triageUnitFor } from '../domain/routing/route-case.ts';
import type { CaseStore } from '../ports/case-store.ts';

export interface RouteCaseDeps {
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
  readonly calendar: () => WorkCalendar | Promise<WorkCalendar>;
  readonly policies: () => readonly SlaPolicy[] | Promise<readonly SlaPolicy[]>;
}

export type RouteOutcome = 'assigned' | 'triage' | 'already-routed' | 'missing';

/**
 * Routes one registered case. Safe to run any number of times for the same case: only a case still in
 * `registered` is routed, and the write is conditional on its version, so two routers racing produce one
 * assignment and the loser sees the case already routed.
 */
export async function routeRegisteredCase(
  deps: RouteCaseDeps,
  caseId: string,
  now: Date,
): Promise<RouteOutcome> {
  const current = await deps.store.get(caseId);
  if (!current) return 'missing';
  if (current.status !== 'registered') return 'already-routed';
  const catalog = await deps.catalog();
  // A case returned as "not ours" never goes back to a unit that returned it; with nobody left, triage.
  const routing = chooseUnit(current, catalog.routingRules, {
    excludeUnitIds: current.returnedByUnitIds ?? [],
    catalog,
  });
  const context: DecisionContext = {
    actor: systemActor,
    now,
    calendar: await deps.calendar(),
    policy: selectPolicy(await deps.policies(), current),
  };
  const decision = routing.unitId
    ? decide(current, { type: 'assign', unitId: routing.unitId, routing }, context)
    : decide(
        current,
        {
          type: 'routeToTriage',
          // 首接负责制: the studio that received it owns unmatched cases; otherwise the petition office.
          triageUnitId: triageUnitFor(current, catalog),
          routing,
        },
        context,
      );
  try {
    await deps.store.commit(decision);
  } catch (error) {
    if (error instanceof CaseVersionConflictError) return 'already-routed';
    throw error;
  }
  return decision.case.status === 'assigned' ? 'assigned' : 'triage';
}
