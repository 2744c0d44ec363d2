import type { WordListEntry } from '../domain/similarity/lexicon.ts';
import type { SimilarKind } from '../domain/similarity/similarity.ts';

/**
 * Storage of the similar-case index (docs/data-model.md, "Similar cases"): band keys as small index items,
 * one record per indexed case with the matches found, decisions staff took on them, and the county word list.
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
  readonly terms: readonly string[];
  readonly matches: Readonly<Record<string, SimilarMatch>>;
  readonly decisions: Readonly<Record<string, SimilarDecision>>;
}

/** What a lookup cost: requests and read capacity units as DynamoDB reported them. */
export interface LookupCost {
  requests: number;
  readUnits: number;
}

export interface SimilarityStore {
  /** Indexed cases of one town sharing a band key, newest first, registered since `since`: one Query per band. */
  candidates(
    jurisdictionCode: string,
    bandKeys: readonly string[],
    since: string,
    cost?: LookupCost,
  ): Promise<IndexedCase[]>;
  /** Writes the band items and the case's record and monthly term item; a replay writes the same items. */
  index(item: CaseToIndex, expiresAt: Date): Promise<void>;
  /** Adds matches to a case's record (keyed by the other case: a replay rewrites the same entry). */
  addMatches(caseId: string, matches: readonly SimilarMatch[]): Promise<void>;
  record(caseId: string): Promise<SimilarityRecord | null>;
  /** Records a decision on both cases' records and in the audit, in one transaction. */
  decide(audit: SimilarDecisionAudit): Promise<void>;
  decisions(caseId: string): Promise<SimilarDecisionAudit[]>;
  wordList(): Promise<WordListEntry[]>;
  saveWordList(entries: readonly WordListEntry[], by: string, at: string): Promise<void>;
}
