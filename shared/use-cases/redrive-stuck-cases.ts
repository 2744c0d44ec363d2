import { deliveryLostAfter } from '../domain/dispatch.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { DeliveryStore } from '../ports/delivery-store.ts';
import type { PendingDeliveryStore } from '../ports/pending-deliveries.ts';
import type { PendingNoticeStore } from '../ports/pending-notices.ts';
import type { QueuePublisher } from '../ports/queue-publisher.ts';

/**
 * The safety net behind the stream: a case whose routing message was lost (emulator restarted, stream
 * record expired, poller down) is still in `registered` and gets routed again. Reads only stuck cases.
 */
export async function redriveStuckCases(
  deps: { store: CaseStore; publisher: QueuePublisher },
  now: Date,
  limit = 500,
): Promise<number> {
  const { items: stuck } = await deps.store.due('stuck', now, { limit });
  await deps.publisher.send(
    'routing',
    stuck.map((item) => ({
      id: `${item.caseId}:${item.version}:route`,
      body: { kind: 'route-case', caseId: item.caseId, version: item.version },
    })),
  );
  return stuck.length;
}

/**
 * Assignments whose delivery message was lost (no delivery record at all past the marker's time) are sent
 * again under a fresh marker. Deliveries still retrying belong to SQS's backoff and are left alone.
 */
export async function redriveUndelivered(
  deps: { pendingDeliveries: PendingDeliveryStore; deliveries: DeliveryStore; publisher: QueuePublisher },
  now: Date,
  limit = 500,
  /** Consider markers due before this instant (default: now); recovery after a restart takes them all. */
  dueBefore: Date = now,
): Promise<number> {
  let redriven = 0;
  for (const pending of await deps.pendingDeliveries.due(dueBefore, limit)) {
    const record = await deps.deliveries.get(pending.caseId, pending.version);
    if (record?.status === 'retrying') continue;
    if (!record) {
      const dueAt = deliveryLostAfter(now.toISOString());
      await deps.pendingDeliveries.put({ ...pending, dueAt });
      await deps.publisher.send('delivery', [
        {
          id: `${pending.caseId}:${pending.version}:deliver:${now.getTime()}`,
          body: {
            kind: 'deliver-assignment',
            caseId: pending.caseId,
            version: pending.version,
            unitId: pending.unitId,
            pendingDueAt: dueAt,
          },
        },
      ]);
      redriven++;
    }
    await deps.pendingDeliveries.remove(pending);
  }
  return redriven;
}

/**
 * Notices whose queue message was lost (a crash of the local runtime, whose queues live in memory, or a
 * worker that died mid-send) are sent again under a fresh marker. One whose last attempt failed is in the
 * DLQ, with no marker left (the notifier clears it), and waits for its redrive. The notifier's ledger makes a
 * notice that had in fact been sent cost nothing: each recipient gets it exactly once.
 */
export async function redriveUnnotified(
  deps: { pendingNotices: PendingNoticeStore; publisher: QueuePublisher },
  now: Date,
  limit = 500,
  /** Consider markers due before this instant (default: now); recovery after a restart takes them all. */
  dueBefore: Date = now,
): Promise<number> {
  const due = await deps.pendingNotices.due(dueBefore, limit);
  for (const pending of due) {
    const dueAt = deliveryLostAfter(now.toISOString());
    await deps.pendingNotices.put({ ...pending, dueAt });
    await deps.publisher.send('notifications', [
      {
        id: `${pending.caseId}:${pending.version}:${pending.template}:${pending.audience}:${now.getTime()}`,
        body: {
          kind: 'notify',
          caseId: pending.caseId,
          version: pending.version,
          template: pending.template,
          audience: pending.audience,
          pendingDueAt: dueAt,
        },
      },
    ]);
    await deps.pendingNotices.remove(pending);
  }
  return due.length;
}
