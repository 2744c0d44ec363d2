import type { CaseEvent } from '../domain/case/model.ts';
import { dispatchesFor } from '../domain/dispatch.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { PendingDelivery, PendingDeliveryStore } from '../ports/pending-deliveries.ts';
import type { PendingNotice, PendingNoticeStore } from '../ports/pending-notices.ts';
import type { QueuePublisher } from '../ports/queue-publisher.ts';

/**
 * Sends what committed events set in motion, a whole stream batch at a time: markers first, then one
 * batched send per queue, the queues in parallel. For assignments and notices the pending marker is written
 * before the message: a crash in between, or a queue that loses the message, leaves a marker the stuck-work
 * sweep and start-up recovery act on, never a delivery or a notice nobody knows is missing. If anything fails the caller retries the whole batch; duplicates are harmless
 * (consumers are idempotent), lost messages are not possible.
 */
export async function dispatchEvents(
  deps: {
    publisher: QueuePublisher;
    pendingDeliveries: PendingDeliveryStore;
    pendingNotices: PendingNoticeStore;
    store: Pick<CaseStore, 'completeChange'>;
  },
  events: readonly CaseEvent[],
  /**
   * Versions the batch showed each case item written at. Versions only rise, so a case seen at an event's
   * version has its change complete, and needs no read.
   */
  casesSeen: ReadonlyMap<string, number> = new Map(),
): Promise<number> {
  // A change is stored event first, then case (CaseStore.commit). Consumers load the case a message names, so
  // a change whose writer stopped in between is completed before anything it set in motion is sent.
  await completeChanges(deps.store, events, casesSeen);
  const dispatches = events.flatMap(dispatchesFor);
  const deliveries: PendingDelivery[] = [];
  const notices: PendingNotice[] = [];
  for (const { body } of dispatches) {
    if (body.kind === 'deliver-assignment' && body.pendingDueAt)
      deliveries.push({
        caseId: body.caseId,
        version: body.version,
        unitId: body.unitId,
        dueAt: body.pendingDueAt,
      });
    if (body.kind === 'notify' && body.pendingDueAt)
      notices.push({
        caseId: body.caseId,
        version: body.version,
        template: body.template,
        audience: body.audience,
        dueAt: body.pendingDueAt,
      });
  }
  // A batch's markers in as few writes as BatchWriteItem allows, all of them before any message.
  await Promise.all([
    deliveries.length > 0 ? deps.pendingDeliveries.putAll(deliveries) : undefined,
    notices.length > 0 ? deps.pendingNotices.putAll(notices) : undefined,
  ]);
  await Promise.all(
    [...new Set(dispatches.map((dispatch) => dispatch.queue))].map((queue) =>
      deps.publisher.send(
        queue,
        dispatches.filter((dispatch) => dispatch.queue === queue),
      ),
    ),
  );
  return dispatches.length;
}

async function completeChanges(
  store: Pick<CaseStore, 'completeChange'>,
  events: readonly CaseEvent[],
  casesSeen: ReadonlyMap<string, number>,
) {
  const newest = new Map<string, number>();
  for (const event of events)
    newest.set(event.caseId, Math.max(newest.get(event.caseId) ?? 0, event.version));
  await Promise.all(
    [...newest]
      .filter(([caseId, version]) => (casesSeen.get(caseId) ?? 0) < version)
      .map(([caseId, version]) => store.completeChange(caseId, version)),
  );
}
