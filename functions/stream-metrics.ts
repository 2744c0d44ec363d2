import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { fromCaseItem } from '../shared/adapters/dynamo/case-items.ts';
import { logger } from '../shared/logging/logger.ts';
import { calendar } from '../shared/runtime/deps/calendar.ts';
import { metricsStore } from '../shared/runtime/deps/metrics.ts';
import { newestCaseImages } from '../shared/use-cases/newest-case-images.ts';
import { recordCaseFact } from '../shared/use-cases/reports.ts';

/**
 * Table stream → per-case monthly facts for the report card (docs/metrics.md). Only case items matter; the
 * fact is derived from the NewImage alone and keyed by month and case, so a replayed record rewrites the same
 * values and an older image never replaces a newer one. So only each case's newest image in a batch is
 * written (a busy batch holds a case's registration and its assignment).
 *
 * At the first failure the batch is reported failed from that case's first record on (or from a record that
 * cannot be read), where Lambda (and the local poller) resume: every record before it belongs to a case
 * already written with its newest image.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { cases, brokenAt } = newestCaseImages(
    event.Records.flatMap((record) => {
      const image = record.dynamodb?.NewImage;
      if (record.eventName === 'REMOVE' || !image || image.SK?.S !== 'CASE' || image.entity?.S !== 'case')
        return [];
      return [
        {
          sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
          read: () => fromCaseItem(unmarshall(image as Record<string, AttributeValue>)),
        },
      ];
    }),
  );
  for (const { item, firstSequenceNumber } of cases) {
    try {
      await recordCaseFact({ metrics: metricsStore(), calendar }, item);
    } catch (error) {
      logger.error('metrics fact failed; resuming from this case', {
        sequenceNumber: firstSequenceNumber,
        error,
      });
      return { batchItemFailures: [{ itemIdentifier: firstSequenceNumber }] };
    }
  }
  if (brokenAt !== undefined) {
    logger.error('case image not readable; resuming from it', { sequenceNumber: brokenAt });
    return { batchItemFailures: [{ itemIdentifier: brokenAt }] };
  }
  return { batchItemFailures: [] };
};
