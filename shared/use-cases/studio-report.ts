import type { StaffActor } from '../auth/claims.ts';
import { type StudioFigures, studioFigures } from '../domain/reception/studio-figures.ts';
import type { Catalog } from '../domain/reference/model.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { VisitStore } from '../ports/reception-store.ts';
import { assertMayReadStudioRecords, loadCases, studioCases } from './ledger.ts';
import { studioOf } from './reception.ts';

/**
 * The studio report: people received, suggestions collected and items closed, by month and since the start
 * (`shared/domain/reception/studio-figures.ts`). Reads the studio's visits (one Query on its partition) and
 * the cases it registered (GSI5); only closed cases are loaded in full, for their closing time.
 */

export interface StudioReportDeps {
  readonly visits: Pick<VisitStore, 'byStudio'>;
  readonly store: Pick<CaseStore, 'byStudio' | 'get'>;
  readonly catalog: () => Promise<Catalog>;
}

export interface StudioReport extends StudioFigures {
  readonly studio: { readonly studioId: string; readonly name: string };
}

export async function studioReport(
  deps: StudioReportDeps,
  actor: StaffActor,
  studioId: string,
  now: Date,
): Promise<StudioReport> {
  assertMayReadStudioRecords(actor, studioId);
  const studio = await studioOf(deps.catalog, studioId);
  const [visits, summaries] = await Promise.all([
    deps.visits.byStudio(studioId),
    studioCases(deps.store, studioId, { from: new Date(0), to: now }),
  ]);
  const closed = await loadCases(
    deps.store,
    summaries
      .filter((item) => item.status === 'closed' || item.status === 'archived')
      .map((item) => item.caseId),
  );
  const cases = summaries.map((item) => ({
    caseId: item.caseId,
    createdAt: item.createdAt,
    status: item.status,
    ...(closed.get(item.caseId)?.closedAt ? { closedAt: closed.get(item.caseId)!.closedAt! } : {}),
  }));
  return { studio: { studioId, name: studio.nameZh }, ...studioFigures(visits, cases) };
}
