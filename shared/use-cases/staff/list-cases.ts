import type { StaffActor } from '../../auth/claims.ts';
import { unrecordedView } from '../../domain/case/confidential-access.ts';
import type { CaseStatus } from '../../domain/case/model.ts';
import { UNASSIGNED } from '../../domain/case/ownership.ts';
import { normalizeTrackingCode } from '../../domain/case/tracking-code.ts';
import { type Catalog, unitIdsOf } from '../../domain/reference/model.ts';
import { ForbiddenError } from '../../errors/index.ts';
import type { CaseStore, ListedCase, Page } from '../../ports/case-store.ts';
import { caseSummaryOf } from '../../topology.ts';
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
  /** Handlers: their own open cases, or the unit's that nobody works yet (the owner index). */
  readonly owner?: 'mine' | 'unassigned';
}

/**
 * Lists are read by many and recorded by none, so a confidential case shows there only masked, whoever asks
 * (confidential-access.ts); its content is read on the case page, where each read is recorded. A text search
 * never matches a confidential case: the match would reveal the words it hides.
 */
function listed(items: readonly ListedCase[], textSearch: boolean): ListedCase[] {
  return items.filter((item) => !(textSearch && item.confidential)).map((item) => unrecordedView(item));
}

export interface ListCasesDeps {
  readonly store: CaseStore;
  /** The county's reference data: a county-wide list reads the inbox of each of its units. */
  readonly catalog: () => Promise<Catalog>;
}

/**
 * The inbox and the supervisors' lists. Handlers and liaison officers only ever query their own unit's
 * partition (or their studio's), whatever they ask for; supervisors may list any unit or the whole county.
 */
export async function listCases(
  deps: ListCasesDeps,
  actor: StaffActor,
  query: ListCasesQuery,
  now: Date,
): Promise<Page<ListedCase>> {
  const { store } = deps;
  const code = query.q ? normalizeTrackingCode(query.q) : null;
  if (code) {
    const found = await store.getByTrackingCode(code);
    return {
      // Only what a list shows (the index projection), never the petition or the petitioner of the case found.
      items: found && canSeeCase(actor, found) ? listed([caseSummaryOf(found)], false) : [],
      nextCursor: null,
    };
  }
  const page = {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.q ? { titleContains: query.q } : {}),
    ...(query.overdue ? { deadlineBefore: now } : {}),
  };
  let result: Page<ListedCase>;
  if (query.owner) {
    if (actor.role !== 'handler' || !actor.unitId) throw new ForbiddenError();
    result = await store.byOwner(actor.unitId, query.owner === 'mine' ? actor.id : UNASSIGNED, page);
  } else if (query.flag) {
    if (actor.role !== 'supervisor') throw new ForbiddenError();
    result = await store.flagged(query.flag, page);
  } else if (actor.role === 'supervisor') {
    result = query.unitId
      ? await store.inbox(query.unitId, query.status, page)
      : await store.byStatus(query.status, unitIdsOf(await deps.catalog()), page);
  } else if (actor.role === 'liaison' && query.scope === 'studio') {
    if (!actor.studioId) throw new ForbiddenError();
    result = await store.byStudio(actor.studioId, { from: new Date(0), to: now }, page);
    result = { ...result, items: result.items.filter((item) => item.status === query.status) };
  } else {
    if (!actor.unitId || (query.unitId && query.unitId !== actor.unitId)) throw new ForbiddenError();
    result = await store.inbox(actor.unitId, query.status, page);
  }
  return { ...result, items: listed(result.items, query.q !== undefined && query.q !== '') };
}
