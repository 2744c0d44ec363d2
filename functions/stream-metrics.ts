import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { fromCaseItem } from '../shared/adapters/dynamo/case-items.ts';
import { logger } from '../shared/logging/logger.ts';
import { calendar } from '../shared/runtime/deps/calendar.ts';
import { metricsStore } from '../shared/runtime/deps/metrics.ts';
import { recordCaseFact } from '../shared/use-cases/reports.ts';

/**
 * Table stream → per-case monthly facts for the report card (docs/metrics.md). Only case items matter; the
 * fact is derived from the NewImage alone and keyed by month and case, so a replayed record rewrites the same
 * values and an older image never replaces a newer one. At the first failure the rest of the batch is
 * reported failed from that record on, where Lambda (and the local poller) resume.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName === 'REMOVE' || !image || image.SK?.S !== 'CASE' || image.entity?.S !== 'case')
      continue;
    try {
      await recordCaseFact(
        { metrics: metricsStore(), calendar },
        fromCaseItem(unmarshall(image as Record<string, AttributeValue>)),
      );
    } catch (error) {
      logger.error('metrics fact failed; resuming from this record', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error,
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
