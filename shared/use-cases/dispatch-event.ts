import type { CaseEvent } from '../domain/case/model.ts';
import { dispatchesFor } from '../domain/dispatch.ts';
import type { PendingDeliveryStore } from '../ports/pending-deliveries.ts';
import type { QueuePublisher } from '../ports/queue-publisher.ts';

/**
 * Sends what committed events set in motion, a whole stream batch at a time: markers first, then one
 * batched send per queue, the queues in parallel. For assignments the pending-delivery marker is written
 * before the message: a crash in between leaves a marker the stuck-work sweep acts on, never a delivery
 * nobody knows is missing. If anything fails the caller retries the whole batch; duplicates are harmless
 * (consumers are idempotent), lost messages are not possible.
 */
export async function dispatchEvents(
  deps: { publisher: QueuePublisher; pendingDeliveries: PendingDeliveryStore },
  events: readonly CaseEvent[],
): Promise<number> {
  const dispatches = events.flatMap(dispatchesFor);
  await Promise.all(
    dispatches.map((dispatch) =>
      dispatch.body.kind === 'deliver-assignment' && dispatch.body.pendingDueAt
        ? deps.pendingDeliveries.put({
            caseId: dispatch.body.caseId,
            version: dispatch.body.version,
            unitId: dispatch.body.unitId,
            dueAt: dispatch.body.pendingDueAt,
          })
        : undefined,
    ),
  );
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

export function dispatchEvent(deps: Parameters<typeof dispatchEvents>[0], event: CaseEvent): Promise<number> {
  return dispatchEvents(deps, [event]);
}
