import type { StaffRecord } from '../domain/users/model.ts';

/**
 * Staff records by subject, kept for at most `ttlMs` in a warm function. This bounds how long a disabled
 * account (or a changed role) keeps working with a token it already holds: the record is read again at the
 * latest `ttlMs` after it was last read. Unknown subjects are not cached, so an account created a moment ago
 * works at once.
 */
export class StaffRecordCache {
  readonly #load: (subject: string) => Promise<StaffRecord | null>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { record: StaffRecord; readAt: number }>();

  constructor(options: {
    load: (subject: string) => Promise<StaffRecord | null>;
    ttlMs: number;
    now?: () => number;
  }) {
    this.#load = options.load;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  async get(subject: string): Promise<StaffRecord | null> {
    const now = this.#now();
    const cached = this.#entries.get(subject);
    if (cached && now - cached.readAt < this.#ttlMs) return cached.record;
    const record = await this.#load(subject);
    if (record) this.#entries.set(subject, { record, readAt: now });
    else this.#entries.delete(subject);
    return record;
  }
}
