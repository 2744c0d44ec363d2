import type { CaseEvent } from '../domain/case/model.ts';
import { dispatchesFor } from '../domain/dispatch.ts';
import type { PendingDeliveryStore } from '../ports/pending-deliveries.ts';
import type { QueuePublisher } from '../ports/queue-publisher.ts';

/**
 * Sends what a committed event sets in motion. For assignments, the pending-delivery marker is written
 * first and the message second: a crash in between leaves a marker the stuck-work sweep acts on, never a
 * delivery nobody knows is missing.
 */
export async function dispatchEvent(
  deps: { publisher: QueuePublisher; pendingDeliveries: PendingDeliveryStore },
  event: CaseEvent,
): Promise<number> {
  const dispatches = dispatchesFor(event);
  for (const dispatch of dispatches) {
    if (dispatch.body.kind === 'deliver-assignment' && dispatch.body.pendingDueAt) {
      await deps.pendingDeliveries.put({
        caseId: dispatch.body.caseId,
        version: dispatch.body.version,
        unitId: dispatch.body.unitId,
        dueAt: dispatch.body.pendingDueAt,
      });
    }
  }
  for (const queue of new Set(dispatches.map((dispatch) => dispatch.queue))) {
    await deps.publisher.send(
      queue,
      dispatches.filter((dispatch) => dispatch.queue === queue),
    );
  }
  return dispatches.length;
}
