import type { CaseEvent } from '../domain/case/model.ts';
import { dispatchesFor } from '../domain/dispatch.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { PendingDelivery, PendingDeliveryStore } from '../ports/pending-deliveries.ts';
import type { PendingNotice, PendingNoticeStore } from '../ports/pending-notices.ts';
import type { QueuePublisher } from '../ports/queue-publisher.ts';
import type { QueueName } from '../topology.ts';

/**
 * Sends what committed events set in motion, a whole stream batch at a time: one batched send per queue, the
 * queues in parallel. For assignments and notices the pending marker is written before the message: a crash
 * in between, or a queue that loses the message, leaves a marker the stuck-work sweep and start-up recovery
 * act on, never a delivery or a notice nobody knows is missing. Routing and similar-case messages have no
 * marker (the sweep finds a case left in `registered` by its status) and go out at once. If anything fails
 * the caller retries the whole batch; duplicates are harmless (consumers are idempotent), lost messages are
 * not possible.
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
  /** Queues some of whose messages have a marker: they go out only once every marker is written. */
  const marked = new Set<QueueName>();
  for (const { queue, body } of dispatches) {
    if (body.kind === 'deliver-assignment' && body.pendingDueAt) {
      deliveries.push({
        caseId: body.caseId,
        version: body.version,
        unitId: body.unitId,
        dueAt: body.pendingDueAt,
      });
      marked.add(queue);
    }
    if (body.kind === 'notify' && body.pendingDueAt) {
      notices.push({
        caseId: body.caseId,
        version: body.version,
        template: body.template,
        audience: body.audience,
        dueAt: body.pendingDueAt,
      });
      marked.add(queue);
    }
  }
  // A batch's markers in as few writes as BatchWriteItem allows, all of them before any message they cover.
  const markersWritten = Promise.all([
    deliveries.length > 0 ? deps.pendingDeliveries.putAll(deliveries) : undefined,
    notices.length > 0 ? deps.pendingNotices.putAll(notices) : undefined,
  ]);
  // Messages without markers (routing, similar cases) do not wait for them: a new case's routing is the step
  // people wait on, and a lost routing message is found by the stuck-work sweep from the case itself.
  const sends = [...new Set(dispatches.map((dispatch) => dispatch.queue))].map(async (queue) => {
    if (marked.has(queue)) await markersWritten;
    await deps.publisher.send(
      queue,
      dispatches.filter((dispatch) => dispatch.queue === queue),
    );
  });
  // Every write and send is finished before the batch counts as done or failed: nothing is left in flight when
  // the function returns (Lambda freezes it), and a failed send still leaves the markers written.
  const outcomes = await Promise.allSettled([markersWritten, ...sends]);
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
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
