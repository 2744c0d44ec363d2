import type { Decision } from '../domain/case/lifecycle.ts';
import type { Case, CaseEvent } from '../domain/case/model.ts';

/** A guard that makes a submission idempotent: the same key always maps to the same case. */
export interface IdempotencyGuard {
  readonly scope: string;
  readonly key: string;
  /** Hash of the request; the same key with a different request is refused. */
  readonly fingerprint: string;
  readonly expiresAt: Date;
}

export type CreateResult =
  | { readonly outcome: 'created'; readonly case: Case }
  | { readonly outcome: 'replayed'; readonly case: Case };

export interface CaseStore {
  /** Writes a new case, its first event, its tracking code guard and any idempotency guards atomically. */
  create(decision: Decision, guards: readonly IdempotencyGuard[]): Promise<CreateResult>;
  /** Writes the changed case and its event atomically, only if the stored version is still `decision.case.version - 1`. */
  commit(decision: Decision): Promise<void>;
  get(caseId: string): Promise<Case | null>;
  getByTrackingCode(trackingCode: string): Promise<Case | null>;
  timeline(caseId: string): Promise<CaseEvent[]>;
  /** Cases left in `registered` past their stuck-after time at `now` (reads only those: sparse index). */
  listStuck(now: Date, limit: number): Promise<Case[]>;
}
