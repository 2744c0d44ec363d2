import type { HelpLetter } from '../domain/help-mailbox/model.ts';

/** The help mailbox's letters: apart from cases, in their own partition (docs/data-model.md). */
export interface HelpMailboxStore {
  /** Writes a new letter; false when a letter with that id exists. */
  create(letter: HelpLetter): Promise<boolean>;
  get(letterId: string): Promise<HelpLetter | null>;
  /** Every letter (the county's mailbox is small: one Query on its partition). */
  list(): Promise<HelpLetter[]>;
  /** Records the reply, only if the letter has none yet; false when it had one. */
  reply(letterId: string, reply: NonNullable<HelpLetter['reply']>): Promise<boolean>;
  /** Audit of a designated officer opening a letter (who and when; the letter holds no time of its own). */
  recordRead(letterId: string, read: { readonly actorId: string; readonly at: string }): Promise<void>;
  reads(letterId: string): Promise<{ actorId: string; at: string }[]>;
}

/** Failed reads per letter code, in fixed windows, with no address or any other trace of who tried. */
export interface ReadFailureCounter {
  /** Failures counted for `key` in the current and the previous window. */
  failures(key: string, now: Date): Promise<number>;
  recordFailure(key: string, now: Date): Promise<void>;
}
