import type { Audience, NotificationTemplate } from '../schemas/messages.ts';

/**
 * Notices owed to someone and handed to the notifications queue but not yet sent. The dispatcher writes
 * the marker before it sends the message, the notifier removes it once every recipient has it (the ledger
 * makes each send happen once); whatever is left past its time was lost on the way (a crash, a queue that
 * lost its messages) and is sent again by the stuck-work sweep and by start-up recovery.
 */
export interface PendingNotice {
  readonly caseId: string;
  readonly version: number;
  readonly template: NotificationTemplate;
  readonly audience: Audience;
  /** When the sweep may consider the notice lost. */
  readonly dueAt: string;
}

export interface PendingNoticeStore {
  put(pending: PendingNotice): Promise<void>;
  /** Several markers at once (the dispatcher's stream batch); the same as putting each. */
  putAll(pending: readonly PendingNotice[]): Promise<void>;
  remove(pending: PendingNotice): Promise<void>;
  /** Several markers at once (what one notifier invocation cleared); the same as removing each. */
  removeAll(pending: readonly PendingNotice[]): Promise<void>;
  due(now: Date, limit: number): Promise<PendingNotice[]>;
}
