import type { Case } from '../domain/case/model.ts';
import { signWebhook } from '../domain/notifications/webhook-signature.ts';
import type { Catalog } from '../domain/reference/model.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { DeliveryRecord, DeliveryStore } from '../ports/delivery-store.ts';
import type { PendingDeliveryStore } from '../ports/pending-deliveries.ts';
import type { DeliverAssignmentMessage, NotifyMessage } from '../schemas/messages.ts';

/** A delivery that failed and should be tried again after `retryAfterSeconds` (SQS visibility timeout). */
export class RetryableDeliveryError extends Error {
  override readonly name = 'RetryableDeliveryError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export type HttpPost = (
  url: string,
  body: string,
  headers: Record<string, string>,
) => Promise<{ status: number }>;

export interface DeliverAssignmentDeps {
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
  readonly deliveries: DeliveryStore;
  /** Clears the pending-delivery marker once the unit has the assignment (dispatch-event.ts writes it). */
  readonly pendingDeliveries: Pick<PendingDeliveryStore, 'remove'>;
  /**
   * Sends the unit's "new assignment" notice and e-mails (exactly once, see send-notification); `item` is the
   * case as just read, so the notifier need not read it again.
   */
  readonly notifyUnit: (message: NotifyMessage, item: Case) => Promise<unknown>;
  readonly post: HttpPost;
  readonly webhookSecret: () => string;
  /** First retry delay; each further attempt doubles it, up to SQS's 15-minute maximum. */
  readonly backoffBaseSeconds: number;
}

export type DeliveryOutcome = 'delivered' | 'already-delivered' | 'stale';

export function backoffSeconds(base: number, attempt: number): number {
  return Math.min(900, base * 2 ** Math.max(0, attempt - 1));
}

/**
 * Hands a new assignment to its unit: the console notice and e-mails always, and for units with their own
 * system a signed JSON POST. A failed POST is retried with exponential backoff through the message's
 * visibility timeout; the attempt that reaches `maxAttempts` records the failure on the case (supervisors
 * see it) before the message goes to the DLQ.
 */
export async function deliverAssignment(
  deps: DeliverAssignmentDeps,
  message: DeliverAssignmentMessage,
  attempt: number,
  maxAttempts: number,
  now: Date,
): Promise<DeliveryOutcome> {
  const clearMarker = () =>
    message.pendingDueAt
      ? deps.pendingDeliveries.remove({
          caseId: message.caseId,
          version: message.version,
          dueAt: message.pendingDueAt,
        })
      : Promise.resolve();
  try {
    const outcome = await deliverOnce(deps, message, attempt, maxAttempts, now);
    await clearMarker();
    return outcome;
  } catch (error) {
    // The last attempt's failure is recorded on the case for supervisors; the message goes on to the DLQ.
    if (attempt >= maxAttempts) await clearMarker();
    throw error;
  }
}

async function deliverOnce(
  deps: DeliverAssignmentDeps,
  message: DeliverAssignmentMessage,
  attempt: number,
  maxAttempts: number,
  now: Date,
): Promise<DeliveryOutcome> {
  const item = await deps.store.get(message.caseId);
  // Reassigned or returned since: this delivery belongs to a unit that no longer holds the case.
  if (!item || item.unitId !== message.unitId) return 'stale';
  const unit = (await deps.catalog()).units.find((candidate) => candidate.unitId === message.unitId);
  const method = unit?.delivery === 'webhook' && unit.webhookUrl ? 'webhook' : (unit?.delivery ?? 'console');
  const record = (status: DeliveryRecord['status'], lastError?: string): DeliveryRecord => ({
    caseId: item.caseId,
    version: message.version,
    unitId: message.unitId,
    method,
    status,
    attempts: attempt,
    ...(lastError ? { lastError } : {}),
    updatedAt: now.toISOString(),
  });
  const delivered = () => ({ ...record('delivered'), status: 'delivered' as const });
  // A unit's own system must never get the same POST twice, so its record is read before anything is sent.
  // The console notice and e-mails go out once through the notification ledger whatever happens, so for the
  // other units the delivered record's conditional write is the only check (no read on the way).
  if (method === 'webhook') {
    const existing = await deps.deliveries.get(message.caseId, message.version);
    if (existing?.status === 'delivered') return 'already-delivered';
  }
  await deps.notifyUnit(
    {
      kind: 'notify',
      template: 'newAssignment',
      audience: 'unit',
      caseId: item.caseId,
      version: message.version,
    },
    item,
  );
  if (method !== 'webhook')
    return (await deps.deliveries.putDelivered(delivered())) ? 'delivered' : 'already-delivered';
  const body = JSON.stringify({
    event: 'case.assigned',
    caseId: item.caseId,
    trackingCode: item.trackingCode,
    version: message.version,
    unitId: message.unitId,
    categoryCode: item.categoryCode ?? null,
    jurisdictionCode: item.jurisdictionCode,
    // The unit's own system receives what its staff would see, confidential text excepted.
    title: item.confidential ? null : item.title,
    content: item.confidential ? null : item.content,
    deadlines: {
      acknowledgeBy: item.deadlines.acknowledgeBy?.at ?? null,
      replyBy: item.deadlines.replyBy?.at ?? null,
    },
  });
  let failure: string;
  try {
    const response = await deps.post(unit!.webhookUrl!, body, {
      'content-type': 'application/json',
      'x-huiyin-signature': signWebhook(deps.webhookSecret(), body, Math.floor(now.getTime() / 1000)),
      'x-huiyin-delivery': `${item.caseId}:${message.version}`,
    });
    if (response.status >= 200 && response.status < 300) {
      await deps.deliveries.put(delivered());
      return 'delivered';
    }
    failure = `HTTP ${response.status}`;
  } catch (error) {
    failure = (error as Error).message.slice(0, 200);
  }
  await deps.deliveries.put(record(attempt >= maxAttempts ? 'failed' : 'retrying', failure));
  throw new RetryableDeliveryError(
    `delivery to ${message.unitId} failed (${failure})`,
    backoffSeconds(deps.backoffBaseSeconds, attempt),
  );
}
