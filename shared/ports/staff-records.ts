import type { StaffRecord } from '../domain/users/model.ts';

/**
 * Huiyin's record of each staff member (role, unit, studio, display name, disabled), keyed by the identity
 * provider's subject. Staff requests read it (through a cache of at most five minutes) to learn who the caller
 * is and whether the account is still active.
 */
export interface StaffRecords {
  get(subject: string): Promise<StaffRecord | null>;
  list(): Promise<StaffRecord[]>;
  /** Creates or replaces the record of `record.subject`. */
  put(record: StaffRecord): Promise<void>;
  /** Creates the record of a subject that has none; `false` (nothing written) when the subject has one. */
  create(record: StaffRecord): Promise<boolean>;
}
