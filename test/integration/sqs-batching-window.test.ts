import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsEmulator } from '../../infra/local/emulators.ts';
import { foregroundGate } from '../../infra/local/foreground.ts';
import { startSqsPoller } from '../../infra/local/pollers/sqs-poller.ts';
import { freePort } from '../../infra/local/ports.ts';
import { eventually } from '../support/runtime-harness.ts';

/**
 * The local SQS event source plays Lambda's batching window: after the first message it keeps receiving until
 * the batch is full or the window has passed, so batches above SQS's 10 per receive reach the function whole.
 * And it lets the API's invocations go first on this one machine, without holding messages meanwhile.
 */

let emulator: Awaited<ReturnType<typeof startSqsEmulator>>;
let client: SQSClient;

beforeAll(async () => {
  const port = await freePort();
  emulator = await startSqsEmulator(port);
  client = new SQSClient({
    endpoint: `http://localhost:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
});

async function queueWith(name: string, count: number) {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name }));
  for (let start = 0; start < count; start += 10)
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: Array.from({ length: Math.min(10, count - start) }, (_, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify({ n: start + index }),
        })),
      }),
    );
  return QueueUrl!;
}

const remaining = async (queueUrl: string) => {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
};

describe('the local SQS event source with a batching window', () => {
  it('hands 35 waiting messages to the function as one batch of 35 and deletes them all', async () => {
    const queueUrl = await queueWith('window-35', 35);
    const batches: number[] = [];
    const poller = startSqsPoller({
      client,
      queueUrl,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:window-35',
      fn: 'queueSimilar',
      batchSize: 50,
      maxBatchingWindowSeconds: 2,
      invoke: async (event: SQSEvent) => {
        batches.push(event.Records.length);
        return { batchItemFailures: [] };
      },
    });
    try {
      await eventually(async () => (batches.length > 0 ? true : undefined), 15_000);
      expect(batches).toEqual([35]);
      // More than one DeleteMessageBatch (10 per request): nothing is left.
      await eventually(async () => ((await remaining(queueUrl)) === 0 ? true : undefined), 15_000);
    } finally {
      await poller.stop();
    }
  });

  it('refuses a batch above 10 without a window, as Lambda does', () => {
    expect(() =>
      startSqsPoller({
        client,
        queueUrl: 'http://localhost/unused',
        queueArn: 'arn:aws:sqs:us-east-1:000000000000:unused',
        fn: 'queueSimilar',
        batchSize: 50,
      }),
    ).toThrow(/batching window/);
  });
});

describe('the local SQS event source while the API is busy (foreground.ts)', () => {
  it('leaves the messages in the queue, visible, until an API invocation ends, then delivers them', async () => {
    const queueUrl = await queueWith('foreground-first', 3);
    const gate = foregroundGate({ busyAt: 1, calmAt: 0, burstPerSecond: 1, maxWaitMs: 600_000 });
    const leave = gate.enter();
    let askedForTurn: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => {
      askedForTurn = resolve;
    });
    const delivered: number[] = [];
    const poller = startSqsPoller({
      client,
      queueUrl,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:foreground-first',
      fn: 'queueRouter',
      batchSize: 10,
      backgroundTurn: () => {
        askedForTurn();
        return gate.backgroundTurn();
      },
      invoke: async (event: SQSEvent) => {
        delivered.push(event.Records.length);
        return { batchItemFailures: [] };
      },
    });
    try {
      await asked;
      // Not received while it waits: nothing in flight whose visibility timeout would run down.
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(Attributes?.ApproximateNumberOfMessages).toBe('3');
      expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0');
      expect(delivered).toEqual([]);

      leave();

      await eventually(async () => ((await remaining(queueUrl)) === 0 ? true : undefined), 15_000);
      expect(delivered.reduce((sum, count) => sum + count, 0)).toBe(3);
    } finally {
      await poller.stop();
    }
  });
});
