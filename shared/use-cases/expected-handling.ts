import type { Case } from '../domain/case/model.ts';
import { type Duration, type SlaPolicy, selectPolicy } from '../domain/policy/sla-policy.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { routeCase, triageUnitFor } from '../domain/routing/route-case.ts';

/**
 * "What happens next", for the petitioner's confirmation page: who will most likely take the petition and how
 * long each step may take under its SLA policy. The router decides for real within seconds, with the same
 * rules, so the prediction holds unless an admin changes a rule in between or the unit returns the case.
 */
export interface ExpectedHandling {
  /** The unit the routing rules pick now; for `triage`, the office that will assign it (首接负责制). */
  readonly unit: { readonly id: string; readonly name: string; readonly nameEn: string };
  /** No rule matched: a person picks the unit first. */
  readonly triage: boolean;
  /** Acknowledge (签收) within this, counted from assignment. */
  readonly acknowledgeWithin: Duration;
  /** Reply (答复) within this, counted from assignment; holidays and weekends as the unit says. */
  readonly replyWithin: Duration;
}

export function expectedHandling(
  item: Case,
  catalog: Catalog,
  policies: readonly SlaPolicy[],
): ExpectedHandling {
  const routing = routeCase(item, catalog.routingRules, { catalog });
  const unitId = routing.unitId ?? triageUnitFor(item, catalog);
  const unit = catalog.units.find((candidate) => candidate.unitId === unitId);
  const policy = selectPolicy(policies, item);
  return {
    unit: { id: unitId, name: unit?.nameZh ?? '承办单位', nameEn: unit?.nameEn ?? 'the responsible unit' },
    triage: routing.unitId === null,
    acknowledgeWithin: policy.acknowledge,
    replyWithin: policy.reply,
  };
}
