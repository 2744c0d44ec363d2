import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { fromEventItem } from '../shared/adapters/dynamo/case-items.ts';
import { ACCOUNT_AUDIT_PK, CASE_SK } from '../shared/adapters/dynamo/keys.ts';
import type { CaseEvent } from '../shared/domain/case/model.ts';
import { accountNoticeDispatch, type Dispatch } from '../shared/domain/dispatch.ts';
import { accountAuditEntrySchema } from '../shared/domain/users/separation-of-duties.ts';
import { logger } from '../shared/logging/logger.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { pendingDeliveries, pendingNotices } from '../shared/runtime/deps/pending-deliveries.ts';
import { queuePublisher } from '../shared/runtime/deps/queue-publisher.ts';
import { dispatchEvents } from '../shared/use-cases/dispatch-event.ts';

/**
 * Table stream → queues, a batch at a time (one batched send per queue). On a failure the whole batch is
 * reported failed from its first record, which is where Lambda (and the local poller) resume: nothing is
 * skipped, and what was already sent is sent again, which the idempotent consumers absorb.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const events: CaseEvent[] = [];
  const accountNotices: Dispatch[] = [];
  const casesSeen = new Map<string, number>();
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const caseId = image?.SK?.S === CASE_SK ? image.caseId?.S : undefined;
    if (caseId && image?.version?.N)
      casesSeen.set(caseId, Math.max(casesSeen.get(caseId) ?? 0, Number(image.version.N)));
    if (record.eventName !== 'INSERT' || !image) continue;
    if (image.PK?.S === ACCOUNT_AUDIT_PK) {
      accountNotices.push(
        accountNoticeDispatch(
          accountAuditEntrySchema.parse(unmarshall(image as Record<string, AttributeValue>)),
        ),
      );
      continue;
    }
    if (!String(image.SK?.S ?? '').startsWith('EVENT#')) continue;
    events.push(fromEventItem(unmarshall(image as Record<string, AttributeValue>)));
  }
  try {
    if (accountNotices.length > 0) await queuePublisher().send('notifications', accountNotices);
    await dispatchEvents(
      {
        publisher: queuePublisher(),
        pendingDeliveries: pendingDeliveries(),
        pendingNotices: pendingNotices(),
        store: caseStore(),
      },
      events,
      casesSeen,
    );
    return { batchItemFailures: [] };
  } catch (error) {
    const first = event.Records[0]?.dynamodb?.SequenceNumber ?? '';
    logger.error('dispatch failed; the batch will be retried', {
      sequenceNumber: first,
      records: event.Records.length,
      error,
    });
    return { batchItemFailures: [{ itemIdentifier: first }] };
  }
};
