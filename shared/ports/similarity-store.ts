import type { WordListEntry } from '../domain/similarity/lexicon.ts';
import type { SimilarKind } from '../domain/similarity/similarity.ts';

/**
 * Storage of the similar-case index (docs/data-model.md, "Similar cases"): band keys as small index items, the
 * matches found and the decisions staff took on them (items of their own per pair), and the county word list.
 */

/** A case as the index knows it: enough to compare terms without reading the case. */
export interface IndexedCase {
  readonly caseId: string;
  readonly createdAt: string;
  readonly terms: readonly string[];
}

export interface CaseToIndex extends IndexedCase {
  readonly jurisdictionCode: string;
  readonly categoryCode?: string;
  readonly bandKeys: readonly string[];
}

export interface SimilarMatch {
  readonly caseId: string;
  readonly kind: SimilarKind;
  readonly score: number;
  readonly matched: readonly string[];
  readonly foundAt: string;
}

/** A match as recorded on one of its two cases. */
export interface MatchLink {
  /** The case the match is recorded on. */
  readonly caseId: string;
  /** The other case, and how it matched. */
  readonly match: SimilarMatch;
}

export type SimilarDecisionKind = 'related' | 'dismissed';

export interface SimilarDecision {
  readonly decision: SimilarDecisionKind;
  readonly by: string;
  readonly at: string;
}

/** One decision as the audit keeps it (every change, never overwritten). */
export interface SimilarDecisionAudit extends SimilarDecision {
  readonly caseId: string;
  readonly otherCaseId: string;
}

export interface SimilarityRecord {
  readonly caseId: string;
  readonly matches: Readonly<Record<string, SimilarMatch>>;
  readonly decisions: Readonly<Record<string, SimilarDecision>>;
}

/** What a lookup cost: requests and read capacity units as DynamoDB reported them. */
export interface LookupCost {
  requests: number;
  readUnits: number;
}

export interface SimilarityStore {
  /**
   * Indexed cases of one town registered since `since`, per band key asked (newest first, a bounded number per
   * band): one Query per band.
   */
  bandCandidates(
    jurisdictionCode: string,
    bandKeys: readonly string[],
    since: string,
    cost?: LookupCost,
  ): Promise<ReadonlyMap<string, readonly IndexedCase[]>>;
  /** Writes each case's band items and monthly term item; a replay writes the same items. */
  indexMany(entries: readonly { readonly entry: CaseToIndex; readonly expiresAt: Date }[]): Promise<void>;
  /**
   * Records matches, each on the case named by its link (keyed there by the other case: a replay rewrites the
   * same entry). All of a new case's matches, both sides, in one batch of writes.
   */
  recordMatches(links: readonly MatchLink[]): Promise<void>;
  /** The case's matches and the decisions in force on them; null when it has neither. */
  record(caseId: string): Promise<SimilarityRecord | null>;
  /** Records a decision on both cases and in the audit, all at once. */
  decide(audit: SimilarDecisionAudit): Promise<void>;
  decisions(caseId: string): Promise<SimilarDecisionAudit[]>;
  wordList(): Promise<WordListEntry[]>;
  saveWordList(entries: readonly WordListEntry[], by: string, at: string): Promise<void>;
}
