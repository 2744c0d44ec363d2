import { dynamoDocumentClient, sqs } from '../adapters/aws-clients.ts';
import { DynamoCaseStore } from '../adapters/dynamo/dynamo-case-store.ts';
import { cachedCatalog, DynamoCatalogStore } from '../adapters/dynamo/dynamo-catalog-store.ts';
import { SqsQueuePublisher } from '../adapters/sqs/sqs-queue-publisher.ts';
import { queueUrl, tableName } from '../config/env.ts';
import { createWorkCalendar, type WorkCalendar } from '../domain/calendar/index.ts';
import { type SlaPolicy, statutoryPolicy, studioSuggestionPolicy } from '../domain/policy/sla-policy.ts';
import type { Catalog } from '../domain/reference/model.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { QueuePublisher } from '../ports/queue-publisher.ts';

/**
 * Composition root for functions: each dependency is built once per process from the environment, on
 * first use, so a function only needs the variables of what it actually touches.
 */

function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

export const caseStore = once<CaseStore>(
  () =>
    new DynamoCaseStore({
      client: dynamoDocumentClient(),
      tableName: tableName('main'),
      idempotencyTableName: tableName('idempotency'),
    }),
);

export const catalogStore = once(
  () => new DynamoCatalogStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

const cachedCatalogLoader = once(() => cachedCatalog(catalogStore()));
export const catalog = (): Promise<Catalog> => cachedCatalogLoader()();

export const queuePublisher = once<QueuePublisher>(() => new SqsQueuePublisher({ client: sqs(), queueUrl }));

export const calendar = once<WorkCalendar>(() => createWorkCalendar({ overrides: [] }));

export const policies = once<readonly SlaPolicy[]>(() => [statutoryPolicy, studioSuggestionPolicy]);
