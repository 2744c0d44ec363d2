import { redactString } from '../../logging/redact.ts';
import type { Case, CaseStatus } from '../case/model.ts';
import type { SimilarKind } from './similarity.ts';

/**
 * What people see of a similar case. Titles pass the personal-data masker (phones and ID numbers); staff see
 * title, status, unit, date and the words both share; residents see titles and a coarse status, nothing else.
 */

export type SimilarDecisionName = 'duplicate' | 'related' | 'dismissed';

export interface SimilarCaseView {
  readonly caseId: string;
  readonly trackingCode: string;
  readonly title: string;
  readonly status: CaseStatus;
  readonly unitId?: string;
  readonly createdAt: string;
  readonly kind: SimilarKind;
  readonly score: number;
  readonly matched: readonly string[];
  /** What staff decided about this pair; absent while undecided. */
  readonly decision?: SimilarDecisionName;
}

export function maskedTitle(title: string): string {
  return redactString(title).replace(/\[phone\]|\[id-number\]/g, '***');
}

export function similarCaseView(
  item: Pick<Case, 'caseId' | 'trackingCode' | 'title' | 'status' | 'unitId' | 'createdAt'>,
  match: { readonly kind: SimilarKind; readonly score: number; readonly matched: readonly string[] },
  decision: SimilarDecisionName | undefined,
): SimilarCaseView {
  return {
    caseId: item.caseId,
    trackingCode: item.trackingCode,
    title: maskedTitle(item.title),
    status: item.status,
    ...(item.unitId ? { unitId: item.unitId } : {}),
    createdAt: item.createdAt,
    kind: match.kind,
    score: match.score,
    matched: match.matched,
    ...(decision ? { decision } : {}),
  };
}

/** The flag a case shows: 可能重复 if any undecided match is a possible duplicate, else 相关诉求, else none. */
export function similarFlag(items: readonly SimilarCaseView[]): SimilarKind | null {
  const open = items.filter((item) => !item.decision);
  if (open.some((item) => item.kind === 'duplicate')) return 'duplicate';
  return open.length > 0 ? 'related' : null;
}
