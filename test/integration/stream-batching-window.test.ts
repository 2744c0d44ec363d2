import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { memoryCheckpoints, startStreamPoller } from '../../infra/local/pollers/stream-poller.ts';
import { eventually } from '../support/runtime-harness.ts';

/**
 * The local DynamoDB-stream event source plays Lambda's batching window: after a shard's first records it keeps
 * reading until the batch is full or the window has passed, so records committed apart reach the function as
 * one batch. Without a window each read is handed over as it comes.
 */

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let dynamodb: DynamoDBClient;
let streams: DynamoDBStreamsClient;
/** GetRecords answers that held records, counted by the streams client (what the poller has read so far). */
let readsWithRecords = 0;
const tables: string[] = [];

beforeAll(() => {
  const endpoint = inject('dynamodbEndpoint');
  dynamodb = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  streams = new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials });
  streams.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const records = (result.output as { Records?: unknown[] }).Records;
      if (context.commandName === 'GetRecordsCommand' && records?.length) readsWithRecords++;
      return result;
    },
    { step: 'initialize', name: 'countReadsWithRecords' },
  );
});

afterAll(async () => {
  for (const table of tables) await dynamodb.send(new DeleteTableCommand({ TableName: table }));
  dynamodb?.destroy();
  streams?.destroy();
});

async function tableWithStream(): Promise<string> {
  const name = `stream-window-${randomUUID()}`;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  tables.push(name);
  return name;
}

const put = (table: string, key: string) =>
  dynamodb.send(new PutItemCommand({ TableName: table, Item: { PK: { S: key } } }));

/**
 * Writes one item, waits until the poller has read it, then writes three more: the first read cannot have
 * seen the three, so one batch of four means the poller read on after its first records.
 */
async function fourWritesAfterAFirstRead(options: { windowSeconds: number; batchSize: number }) {
  const table = await tableWithStream();
  const batches: string[][] = [];
  const checkpoints = memoryCheckpoints();
  const poller = startStreamPoller({
    dynamodb,
    streams,
    tableName: table,
    fn: 'streamMetrics',
    batchSize: options.batchSize,
    maxBatchingWindowSeconds: options.windowSeconds,
    maxRetryAttempts: 1,
    checkpoints,
    invoke: async (event: DynamoDBStreamEvent) => {
      batches.push(event.Records.map((record) => String(record.dynamodb?.Keys?.PK?.S)));
      return { batchItemFailures: [] };
    },
  });
  try {
    const readsBefore = readsWithRecords;
    await put(table, 'a');
    await eventually(async () => (readsWithRecords > readsBefore ? true : undefined));
    for (const key of ['b', 'c', 'd']) await put(table, key);
    await eventually(async () => (batches.flat().length === 4 ? true : undefined));
    return { batches, checkpoints };
  } finally {
    await poller.stop();
  }
}

describe('the local stream event source with a batching window', () => {
  it('gathers records committed after its first read into the same batch until the batch is full', async () => {
    // A window far longer than the test: the batch is handed over because it is full, not because time passed.
    const { batches } = await fourWritesAfterAFirstRead({ windowSeconds: 300, batchSize: 4 });
    expect(batches).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('hands a batch that is not full over when the window has passed, and checkpoints it', async () => {
    const table = await tableWithStream();
    const batches: number[] = [];
    const checkpoints = memoryCheckpoints();
    const start = () =>
      startStreamPoller({
        dynamodb,
        streams,
        tableName: table,
        fn: 'streamMetrics',
        batchSize: 100,
        maxBatchingWindowSeconds: 1,
        maxRetryAttempts: 1,
        checkpoints,
        invoke: async (event: DynamoDBStreamEvent) => {
          batches.push(event.Records.length);
          return { batchItemFailures: [] };
        },
      });
    const poller = start();
    try {
      await put(table, 'only');
      await eventually(async () => (batches.length > 0 ? true : undefined));
    } finally {
      await poller.stop();
    }
    // A poller started again from the same checkpoints finds nothing left to hand over.
    const again = start();
    try {
      await again.caughtUp();
    } finally {
      await again.stop();
    }
    expect(batches).toEqual([1]);
  });

  it('without a window, hands over what the first read found', async () => {
    const { batches } = await fourWritesAfterAFirstRead({ windowSeconds: 0, batchSize: 100 });
    expect(batches[0]).toEqual(['a']);
    expect(batches.flat()).toEqual(['a', 'b', 'c', 'd']);
  });
});
