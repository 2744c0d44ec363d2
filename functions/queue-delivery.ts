import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { sqs } from '../shared/adapters/aws-clients.ts';
import { guardedRequest } from '../shared/adapters/http/guarded-request.ts';
import { queueUrl, webhookSecret } from '../shared/config/env.ts';
import { logger } from '../shared/logging/logger.ts';
import type { PendingDeliveryKey } from '../shared/ports/pending-deliveries.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { notificationDeps } from '../shared/runtime/deps/notifications.ts';
import { outboundPolicy } from '../shared/runtime/deps/outbound.ts';
import { deliveryRecords, pendingDeliveries } from '../shared/runtime/deps/pending-deliveries.ts';
import { type GatheredRemovals, gatheredRemovals } from '../shared/runtime/gathered-removals.ts';
import { sqsHandlerWithBatchEnd } from '../shared/runtime/sqs-batch.ts';
import { type DeliverAssignmentMessage, deliverAssignmentMessageSchema } from '../shared/schemas/messages.ts';
import { queues } from '../shared/topology.ts';
import { deliverAssignment, RetryableDeliveryError } from '../shared/use-cases/deliver-assignment.ts';
import { sendNotification } from '../shared/use-cases/send-notification.ts';

const backoffBaseSeconds = Number(process.env.DELIVERY_BACKOFF_BASE_SECONDS ?? 10);

/** A unit's own system: resolved, checked and pinned (no internal addresses, no redirects), 5 s at most. */
async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await guardedRequest(url, {
    method: 'POST',
    body,
    headers,
    policy: outboundPolicy(),
    timeoutMs: 5_000,
  });
  return { status: response.status };
}

async function handleMessage(
  message: DeliverAssignmentMessage,
  record: SQSRecord,
  clears: GatheredRemovals<PendingDeliveryKey>,
): Promise<void> {
  const attempt = Number(record.attributes.ApproximateReceiveCount ?? '1');
  try {
    const outcome = await deliverAssignment(
      {
        store: caseStore(),
        catalog,
        deliveries: deliveryRecords(),
        pendingDeliveries: clears,
        notifyUnit: (notify, item) =>
          sendNotification(
            notificationDeps(),
            notify,
            new Date(),
            { number: attempt, of: queues.delivery.maxReceiveCount },
            item,
          ),
        post,
        webhookSecret,
        backoffBaseSeconds,
      },
      message,
      attempt,
      queues.delivery.maxReceiveCount,
      new Date(),
    );
    logger.info('delivery', { caseId: message.caseId, unitId: message.unitId, outcome, attempt });
  } catch (error) {
    if (error instanceof RetryableDeliveryError) {
      // Exponential backoff: the message becomes visible again only after the delay.
      await sqs().send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl('delivery'),
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: error.retryAfterSeconds,
        }),
      );
    }
    throw error;
  }
}

/**
 * Unit delivery queue: the assignment reaches the unit by its delivery method, once, with retries. The pending
 * markers of the assignments a batch delivered are deleted together at its end.
 */
export const handler = sqsHandlerWithBatchEnd(deliverAssignmentMessageSchema, () => {
  const clears = gatheredRemovals<PendingDeliveryKey>('pending deliveries', (markers) =>
    pendingDeliveries().removeAll(markers),
  );
  return { handleMessage: (message, record) => handleMessage(message, record, clears), end: clears.flush };
});
