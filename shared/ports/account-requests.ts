import type { AccountAuditEntry, AccountRequest } from '../domain/users/separation-of-duties.ts';

export type { AccountAuditEntry };

/**
 * Account changes waiting for a second person (shared/domain/users/separation-of-duties.ts), and their audit.
 * Each write is one transaction with its audit entry, so no request or decision goes unrecorded.
 */
export interface AccountRequestStore {
  /**
   * Stores a new pending request (with its `requested` audit entry) unless the account already has a pending,
   * unexpired one: then nothing is written and that request is returned for the caller to compare.
   */
  open(
    request: AccountRequest,
    now: Date,
  ): Promise<{ readonly opened: AccountRequest; readonly isNew: boolean }>;
  get(requestId: string): Promise<AccountRequest | null>;
  /** The newest requests first, pending or decided. */
  recent(limit: number): Promise<AccountRequest[]>;
  /**
   * Records the decision carried by `decided` (status, decider, time) with its audit entry, if the stored request is
   * still pending and unexpired at `now`; false (nothing written) when it is not.
   */
  decide(decided: AccountRequest, now: Date): Promise<boolean>;
  markApplied(requestId: string, at: string): Promise<void>;
  /** The audit, newest first. */
  audit(limit: number): Promise<AccountAuditEntry[]>;
}
