import type { Case, CaseEvent } from '../domain/case/model.ts';
import type { CaseSummary } from './case-store.ts';

/** What GeoReport answers need of a case: its state, reply and rejection, never the petition or petitioner. */
export type Open311CaseFacts = Pick<
  Case,
  | 'caseId'
  | 'status'
  | 'channel'
  | 'confidential'
  | 'categoryCode'
  | 'unitId'
  | 'deadlines'
  | 'reply'
  | 'rejection'
  | 'duplicateOf'
  | 'open311ClientId'
  | 'createdAt'
  | 'updatedAt'
>;

export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/** Cases that came in through Open311 and what their clients hear about them (the sparse GSI5 partitions). */
export interface Open311Store {
  /** Newest first, registered between `from` and `to` (inclusive), at most `limit`. */
  requests(range: TimeRange, limit: number): Promise<CaseSummary[]>;
  /** The cases among `caseIds` that exist (any channel; the caller filters), in no particular order. */
  cases(caseIds: readonly string[]): Promise<Open311CaseFacts[]>;
  /** Update events of Open311 cases that happened between `from` and `to` (inclusive), oldest first. */
  updates(range: TimeRange, limit: number): Promise<CaseEvent[]>;
}
