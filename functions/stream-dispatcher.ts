import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { fromEventItem } from '../shared/adapters/dynamo/case-items.ts';
import { logger } from '../shared/logging/logger.ts';
import { pendingDeliveries } from '../shared/runtime/deps/pending-deliveries.ts';
import { queuePublisher } from '../shared/runtime/deps/queue-publisher.ts';
import { dispatchEvent } from '../shared/use-cases/dispatch-event.ts';

/**
 * Table stream → queues. Records are handled in order; at the first failure the rest of the batch is
 * reported failed from that record on, which is where Lambda (and the local poller) resume, so a case's
 * events are never dispatched out of order. Re-sent messages are harmless: consumers are idempotent.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image || !String(image.SK?.S ?? '').startsWith('EVENT#')) continue;
    try {
      const caseEvent = fromEventItem(unmarshall(image as Record<string, AttributeValue>));
      await dispatchEvent({ publisher: queuePublisher(), pendingDeliveries: pendingDeliveries() }, caseEvent);
    } catch (error) {
      logger.error('dispatch failed; resuming from this record', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error,
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
