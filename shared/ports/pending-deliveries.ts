/**
 * Assignments handed to the delivery queue but not yet delivered. The dispatcher writes the marker before it
 * sends the message, the delivery consumer removes it when done; whatever is left past its time was lost on
 * the way and is sent again by the stuck-work sweep.
 */
export interface PendingDelivery {
  readonly caseId: string;
  readonly version: number;
  readonly unitId: string;
  /** When the sweep may consider the delivery lost. */
  readonly dueAt: string;
}

/** What names a marker: enough to remove it. */
export type PendingDeliveryKey = Pick<PendingDelivery, 'caseId' | 'version' | 'dueAt'>;

export interface PendingDeliveryStore {
  put(pending: PendingDelivery): Promise<void>;
  /** Several markers at once (the dispatcher's stream batch); the same as putting each. */
  putAll(pending: readonly PendingDelivery[]): Promise<void>;
  remove(pending: PendingDeliveryKey): Promise<void>;
  /** Several markers at once (what one delivery invocation cleared); the same as removing each. */
  removeAll(pending: readonly PendingDeliveryKey[]): Promise<void>;
  due(now: Date, limit: number): Promise<PendingDelivery[]>;
}
