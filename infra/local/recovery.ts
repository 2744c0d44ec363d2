import { DynamoDeliveryStore } from '../../shared/adapters/dynamo/dynamo-delivery-store.ts';
import {
  DynamoPendingDeliveries,
  DynamoPendingNotices,
} from '../../shared/adapters/dynamo/dynamo-pending-deliveries.ts';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/sqs-queue-publisher.ts';
import {
  redriveStuckCases,
  redriveUndelivered,
  redriveUnnotified,
} from '../../shared/use-cases/redrive-stuck-cases.ts';
import type { Runtime } from './runtime.ts';

/**
 * fauxqs keeps queues in memory, so a restart of `npm start` (Ctrl-C or a crash) loses whatever was in
 * flight. On start, every case still `registered`, every assignment still undelivered and every notice
 * still unsent is sent again at once instead of waiting for the stuck-work sweep's two-minute threshold. Consumers are idempotent, so a
 * message that had in fact been handled costs nothing.
 */
export async function recoverInFlightWork(
  runtime: Runtime,
): Promise<{ rerouted: number; redelivered: number; renotified: number }> {
  const { document, sqs } = runtime.clients;
  const publisher = new SqsQueuePublisher({ client: sqs, queueUrl: (queue) => runtime.queues[queue].url });
  const store = runtime.caseStore;
  // "Due by the end of time": everything that is waiting, whatever its age.
  const everything = new Date('9999-01-01T00:00:00Z');
  const rerouted = await redriveStuckCases({ store, publisher }, everything, 10_000);
  const redelivered = await redriveUndelivered(
    {
      pendingDeliveries: new DynamoPendingDeliveries({ client: document, tableName: runtime.tables.pending }),
      deliveries: new DynamoDeliveryStore({ client: document, tableName: runtime.tables.main }),
      publisher,
    },
    new Date(),
    10_000,
    everything,
  );
  const renotified = await redriveUnnotified(
    {
      pendingNotices: new DynamoPendingNotices({ client: document, tableName: runtime.tables.pending }),
      publisher,
    },
    new Date(),
    10_000,
    everything,
  );
  return { rerouted, redelivered, renotified };
}
