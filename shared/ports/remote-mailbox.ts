/**
 * A mailbox on the county's own mail server, read over IMAP where SES receiving does not exist (AWS China).
 * A session holds one connection with the inbox folder selected; messages leave the inbox only by `move`.
 */

export interface WaitingMessage {
  /** IMAP UID in the inbox folder. */
  readonly uid: number;
  /** RFC822.SIZE as the server reports it. */
  readonly size: number;
}

/** Where a handled message goes: `processed` for cases, duplicates and machine mail; `quarantine` for the rest. */
export type MailboxFolder = 'processed' | 'quarantine';

export interface RemoteMailboxSession {
  /** Messages in the inbox folder, oldest first, at most `limit`. */
  waiting(limit: number): Promise<readonly WaitingMessage[]>;
  /** The raw message, or null when it is gone (another run moved it). */
  fetch(uid: number): Promise<Uint8Array | null>;
  /** Moves the message out of the inbox into the folder (created if missing). */
  move(uid: number, to: MailboxFolder): Promise<void>;
  close(): Promise<void>;
}

export interface RemoteMailbox {
  open(): Promise<RemoteMailboxSession>;
}
