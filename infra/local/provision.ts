import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PK_SK } from '../../shared/adapters/dynamo/batch-put.ts';
import {
  asyncFailureQueuePhysicalName,
  type BucketName,
  bucketNames,
  bucketPhysicalName,
  deadLetterQueuePhysicalName,
  mainTableIndexes,
  physicalTableNames,
  type QueueName,
  queueNames,
  queuePhysicalName,
  queues,
  type TableName,
  tablePhysicalName,
} from '../../shared/topology.ts';
import { ensureMoved, type ItemMove } from '../migrations/move-items.ts';
import { ensureTableMoves } from '../migrations/table-moves.ts';

/** Creates the topology's tables and queues; safe to run on every start (idempotent). */

/** Keys `PK` and `SK`, strings: the main, similar, pending and local outbox tables'. */
function pkSkTable(name: string, keyAttributes: Iterable<string> = ['PK', 'SK']): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [...keyAttributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
  };
}

export function mainTableDefinition(name: string): CreateTableCommandInput {
  const keyAttributes = new Set<string>(['PK', 'SK']);
  for (const index of mainTableIndexes) {
    keyAttributes.add(index.partitionKey);
    keyAttributes.add(index.sortKey);
  }
  return {
    ...pkSkTable(name, keyAttributes),
    GlobalSecondaryIndexes: mainTableIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projected] },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

/** The similar-case index and hot topics: the main table's keys, no indexes, no stream. */
export function similarTableDefinition(name: string): CreateTableCommandInput {
  return pkSkTable(name);
}

/**
 * The local outbox's table (the stand-in for SNS, SES, Tencent SMS and SMTP keeps what they would send there).
 * Local only, and apart from the main table: the providers produce no stream records, and what the pipeline
 * sends must not come back to it as stream records either.
 */
export const outboxTablePhysicalName = (prefix: string) => `${prefix}huiyin-local-outbox`;

/**
 * Older releases kept the outbox in the main table (partition `OUTBOX`): moved once, so the outbox page keeps
 * showing what was sent before. Literals on purpose: the layout as it was.
 */
const outboxMove: ItemMove = {
  filter: 'PK = :outbox',
  values: { ':outbox': 'OUTBOX' },
  toTarget: (item) => item,
  targetKey: PK_SK,
  doneKey: { PK: 'MIGRATION', SK: 'OUTBOX_MOVED' },
};

/** Creates the outbox's table if missing (and moves an older release's outbox into it); returns its name. */
export async function provisionOutboxTable(client: DynamoDBClient, prefix: string): Promise<string> {
  const name = outboxTablePhysicalName(prefix);
  await ensureTable(client, pkSkTable(name));
  await ensureMoved(DynamoDBDocumentClient.from(client), outboxMove, {
    from: tablePhysicalName(prefix, 'main'),
    to: name,
  });
  return name;
}

export function idempotencyTableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  };
}

async function ensureTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitActive(client, definition.TableName);
}

/**
 * A data directory made before the indexes changed keeps its old table: indexes the topology added are created
 * and those it dropped are deleted, one per UpdateTable (as DynamoDB and CloudFormation take them), each waited
 * for, so `npm start` on old data still works and the table ends up as a fresh deployment's.
 */
async function reconcileIndexes(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = new Set((definition.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const name of present) {
    if (!name || wanted.has(name)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: definition.TableName,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }],
      }),
    );
    await waitActive(client, definition.TableName);
  }
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    const keys = new Set(index.KeySchema?.map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: definition.TableName,
        AttributeDefinitions: definition.AttributeDefinitions?.filter((a) => keys.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [
          {
            Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection },
          },
        ],
      }),
    );
    await waitActive(client, definition.TableName);
  }
}

/**
 * Building an index over an existing table takes DynamoDB Local seconds, more on a loaded machine: the wait is
 * for the table to say so, with a limit sized for a busy 2-core machine rather than a quiet one.
 */
const ACTIVE_WITHIN_MS = 180_000;

async function waitActive(client: DynamoDBClient, tableName: string | undefined): Promise<void> {
  const deadline = Date.now() + ACTIVE_WITHIN_MS;
  while (Date.now() < deadline) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesReady = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (Table?.TableStatus === 'ACTIVE' && indexesReady) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

export async function provisionTables(
  client: DynamoDBClient,
  prefix: string,
): Promise<Record<TableName, string>> {
  const names = physicalTableNames(prefix);
  await ensureTable(client, mainTableDefinition(names.main));
  await reconcileIndexes(client, mainTableDefinition(names.main));
  await ensureTable(client, idempotencyTableDefinition(names.idempotency));
  await ensureTable(client, similarTableDefinition(names.similar));
  await ensureTable(client, pkSkTable(names.pending));
  await ensureTable(client, pkSkTable(names.facts));
  // A data directory made by an older release keeps some items in the main table that now live elsewhere
  // (the similar-case index, the notification ledger, the pending markers, the report facts): moved once, and
  // its similar-case index is re-keyed by term once (table-moves.ts).
  await ensureTableMoves(DynamoDBDocumentClient.from(client), names);
  for (const table of Object.values(names)) {
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table,
          TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
        }),
      );
    } catch {
      // Already enabled: DynamoDB refuses to enable TTL twice.
    }
  }
  return names;
}

export interface ProvisionedQueue {
  readonly url: string;
  readonly arn: string;
  readonly deadLetterUrl: string;
  readonly deadLetterArn: string;
}

async function queueArn(client: SQSClient, url: string): Promise<string> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? '';
}

/**
 * `visibilityTimeoutSeconds` overrides the topology's timeouts for tests that must watch retries and DLQs
 * happen within seconds; `npm start` and the parity test always use the topology's values.
 */
export async function provisionQueues(
  client: SQSClient,
  prefix: string,
  options: { visibilityTimeoutSeconds?: number } = {},
): Promise<Record<QueueName, ProvisionedQueue>> {
  const result = {} as Record<QueueName, ProvisionedQueue>;
  for (const queue of queueNames) {
    const definition = queues[queue];
    const retention = String(definition.retentionDays * 24 * 3600);
    const dead = await client.send(
      new CreateQueueCommand({
        QueueName: deadLetterQueuePhysicalName(prefix, queue),
        Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
      }),
    );
    const deadLetterUrl = dead.QueueUrl!;
    const deadLetterArn = await queueArn(client, deadLetterUrl);
    const main = await client.send(
      new CreateQueueCommand({
        QueueName: queuePhysicalName(prefix, queue),
        Attributes: {
          VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? definition.visibilityTimeoutSeconds),
          MessageRetentionPeriod: retention,
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: deadLetterArn,
            maxReceiveCount: definition.maxReceiveCount,
          }),
        },
      }),
    );
    result[queue] = {
      url: main.QueueUrl!,
      arn: await queueArn(client, main.QueueUrl!),
      deadLetterUrl,
      deadLetterArn,
    };
  }
  return result;
}

/** The topology's buckets in the emulator's S3 (idempotent: a bucket that exists is kept as it is). */
export async function provisionBuckets(
  client: S3Client,
  prefix: string,
): Promise<Record<BucketName, string>> {
  const result = {} as Record<BucketName, string>;
  for (const bucket of bucketNames) {
    const name = bucketPhysicalName(prefix, bucket);
    try {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    } catch (error) {
      const code = (error as { name?: string }).name;
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
    }
    result[bucket] = name;
  }
  return result;
}

/** The on-failure destination of asynchronously invoked functions (Lambda's invocation records). */
export async function provisionAsyncFailureQueue(client: SQSClient, prefix: string): Promise<string> {
  const { QueueUrl } = await client.send(
    new CreateQueueCommand({
      QueueName: asyncFailureQueuePhysicalName(prefix),
      Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
    }),
  );
  return QueueUrl!;
}
