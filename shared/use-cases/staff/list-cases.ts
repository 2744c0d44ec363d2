import type { StaffActor } from '../../auth/claims.ts';
import type { CaseStatus } from '../../domain/case/model.ts';
import { mayReadConfidential } from '../../domain/case/staff-view.ts';
import { normalizeTrackingCode } from '../../domain/case/tracking-code.ts';
import { ForbiddenError } from '../../errors/index.ts';
import type { CaseStore, CaseSummary, Page } from '../../ports/case-store.ts';
import { caseSummaryAttributes } from '../../topology.ts';
import { canSeeCase } from './scoped-cases.ts';

export interface ListCasesQuery {
  readonly status: CaseStatus;
  readonly unitId?: string;
  readonly overdue?: boolean;
  readonly q?: string;
  readonly cursor?: string;
  readonly limit: number;
  /** Liaison officers: the cases their studio registered, wherever they went. */
  readonly scope?: 'unit' | 'studio';
  /** Supervisors: cases waiting for their decision (extension requests, reviews), oldest first; ignores `status`. */
  readonly flag?: 'extension' | 'review';
}

function summaryOf(item: CaseSummary): CaseSummary {
  const entries = caseSummaryAttributes
    .filter((attribute) => item[attribute] !== undefined)
    .map((attribute) => [attribute, item[attribute]]);
  return Object.fromEntries(entries) as CaseSummary;
}

function hideConfidential(actor: StaffActor, item: CaseSummary): CaseSummary {
  return item.confidential && !mayReadConfidential(actor, item) ? { ...item, title: '（保密件）' } : item;
}

/**
 * The inbox and the supervisors' lists. Handlers and liaison officers only ever query their own unit's
 * partition (or their studio's), whatever they ask for; supervisors may list any unit or the whole county.
 */
export async function listCases(
  store: CaseStore,
  actor: StaffActor,
  query: ListCasesQuery,
  now: Date,
): Promise<Page<CaseSummary>> {
  const code = query.q ? normalizeTrackingCode(query.q) : null;
  if (code) {
    const found = await store.getByTrackingCode(code);
    return {
      // Only what a list shows (the index projection), never the petition or the petitioner of the case found.
      items: found && canSeeCase(actor, found) ? [hideConfidential(actor, summaryOf(found))] : [],
      nextCursor: null,
    };
  }
  const page = {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.q ? { titleContains: query.q } : {}),
    ...(query.overdue ? { deadlineBefore: now } : {}),
  };
  let result: Page<CaseSummary>;
  if (query.flag) {
    if (actor.role !== 'supervisor') throw new ForbiddenError();
    result = await store.flagged(query.flag, page);
  } else if (actor.role === 'supervisor') {
    result = query.unitId
      ? await store.inbox(query.unitId, query.status, page)
      : await store.byStatus(query.status, page);
  } else if (actor.role === 'liaison' && query.scope === 'studio') {
    if (!actor.studioId) throw new ForbiddenError();
    result = await store.byStudio(actor.studioId, { from: new Date(0), to: now }, page);
    result = { ...result, items: result.items.filter((item) => item.status === query.status) };
  } else {
    if (!actor.unitId || (query.unitId && query.unitId !== actor.unitId)) throw new ForbiddenError();
    result = await store.inbox(actor.unitId, query.status, page);
  }
  return { ...result, items: result.items.map((item) => hideConfidential(actor, item)) };
}
