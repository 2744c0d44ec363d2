import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../shared/adapters/aws-clients.ts';
import { guardedRequest } from '../shared/adapters/http/guarded-request.ts';
import { queueUrl, webhookSecret } from '../shared/config/env.ts';
import { logger } from '../shared/logging/logger.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { notificationDeps } from '../shared/runtime/deps/notifications.ts';
import { outboundPolicy } from '../shared/runtime/deps/outbound.ts';
import { deliveryRecords, pendingDeliveries } from '../shared/runtime/deps/pending-deliveries.ts';
import { sqsHandler } from '../shared/runtime/sqs-batch.ts';
import { deliverAssignmentMessageSchema } from '../shared/schemas/messages.ts';
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

/** Unit delivery queue: the assignment reaches the unit by its delivery method, once, with retries. */
export const handler = sqsHandler(deliverAssignmentMessageSchema, async (message, record) => {
  const attempt = Number(record.attributes.ApproximateReceiveCount ?? '1');
  try {
    const outcome = await deliverAssignment(
      {
        store: caseStore(),
        catalog,
        deliveries: deliveryRecords(),
        pendingDeliveries: pendingDeliveries(),
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
});
