import * as z from 'zod';
import type { StaffActor } from '../../auth/claims.ts';
import { ownsCase } from '../../domain/case/lifecycle.ts';
import type { Case } from '../../domain/case/model.ts';
import {
  type SimilarCaseView,
  type SimilarDecisionName,
  similarCaseView,
  similarFlag,
} from '../../domain/similarity/views.ts';
import { ForbiddenError, NotFoundError } from '../../errors/index.ts';
import type { CaseStore } from '../../ports/case-store.ts';
import type { SimilarDecisionAudit, SimilarityStore } from '../../ports/similarity-store.ts';
import { loadVisibleCase } from './scoped-cases.ts';

/**
 * The similar cases of one case for the staff case page, and the decisions staff take on them: link as a
 * duplicate (the lifecycle's `link-duplicate`, a case event), mark as related, or dismiss the flag. Related and
 * dismissed are remembered on both cases and audited (docs/metrics.md, "What linking means").
 */

const caseId = z.string().regex(/^[0-9A-Z]{26}$/, 'a case id');
export const similarPairPathSchema = z.object({ caseId, otherCaseId: caseId });
export const similarDecisionBodySchema = z.strictObject({ decision: z.enum(['related', 'dismissed']) });

export interface SimilarCasesView {
  /** 可能重复 (`duplicate`), 相关诉求 (`related`) or nothing to flag. */
  readonly flag: 'duplicate' | 'related' | null;
  readonly items: readonly SimilarCaseView[];
  /** Every decision taken on this case's similar cases, oldest first: who, when, what. */
  readonly decisions: readonly SimilarDecisionAudit[];
}

export interface StaffSimilarDeps {
  readonly cases: CaseStore;
  readonly similar: SimilarityStore;
}

function linkedDuplicate(current: Case, other: Case): boolean {
  return current.duplicateOf === other.caseId || other.duplicateOf === current.caseId;
}

export async function similarCasesOf(
  deps: StaffSimilarDeps,
  actor: StaffActor,
  id: string,
): Promise<SimilarCasesView> {
  const current = await loadVisibleCase(deps.cases, actor, id);
  if (current.confidential) return { flag: null, items: [], decisions: [] };
  const [record, decisions] = await Promise.all([deps.similar.record(id), deps.similar.decisions(id)]);
  const matches = Object.values(record?.matches ?? {});
  const others = await Promise.all(matches.map((match) => deps.cases.get(match.caseId)));
  const items: SimilarCaseView[] = [];
  matches.forEach((match, index) => {
    const other = others[index];
    // Never shown: a case that is gone or confidential (never indexed; checked again in case that changed).
    if (!other || other.confidential) return;
    const decision: SimilarDecisionName | undefined = linkedDuplicate(current, other)
      ? 'duplicate'
      : record?.decisions[match.caseId]?.decision;
    items.push(similarCaseView(other, match, decision));
  });
  items.sort((a, b) => b.score - a.score || a.createdAt.localeCompare(b.createdAt));
  return {
    flag: similarFlag(items),
    items,
    decisions: decisions.sort((a, b) => a.at.localeCompare(b.at)),
  };
}

/** Related or dismissed: remembered on both cases, audited; the caller must be able to act on this case. */
export async function decideSimilar(
  deps: StaffSimilarDeps,
  actor: StaffActor,
  request: { caseId: string; otherCaseId: string; decision: 'related' | 'dismissed'; now: Date },
): Promise<SimilarCasesView> {
  const current = await loadVisibleCase(deps.cases, actor, request.caseId);
  // As for linking a duplicate: a handler or liaison acts on cases their unit (or studio) holds.
  if (!ownsCase(actor, current)) throw new ForbiddenError();
  const record = await deps.similar.record(request.caseId);
  if (!record?.matches[request.otherCaseId])
    throw new NotFoundError({ zh: '没有找到这件类似诉求', en: 'No such similar case' });
  await deps.similar.decide({
    caseId: request.caseId,
    otherCaseId: request.otherCaseId,
    decision: request.decision,
    by: actor.id,
    at: request.now.toISOString(),
  });
  return similarCasesOf(deps, actor, request.caseId);
}
