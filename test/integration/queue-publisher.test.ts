import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsEmulator } from '../../infra/local/emulators.ts';
import { freePort } from '../../infra/local/ports.ts';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/sqs-queue-publisher.ts';

/** The publisher sends a long list as several batches at once: every message arrives, once, whole. */

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

describe('sending many messages to one queue', () => {
  it('delivers every one of 95 messages exactly once, with its body, delay and id', async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'publisher-many' }));
    const publisher = new SqsQueuePublisher({ client, queueUrl: () => QueueUrl! });
    const messages = Array.from({ length: 95 }, (_, n) => ({
      id: `message-${n}`,
      body: { n },
      ...(n === 94 ? { delaySeconds: 1 } : {}),
    }));

    await publisher.send('routing', messages);

    const received: { n: number; id: string | undefined }[] = [];
    for (let round = 0; round < 60 && received.length < 95; round++) {
      const { Messages } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: 600,
        }),
      );
      for (const message of Messages ?? [])
        received.push({
          n: (JSON.parse(message.Body ?? '{}') as { n: number }).n,
          id: message.MessageAttributes?.messageId?.StringValue,
        });
    }
    expect(received.map((message) => message.n).sort((a, b) => a - b)).toEqual(
      messages.map((message) => message.body.n),
    );
    expect(received.every((message) => message.id === `message-${message.n}`)).toBe(true);
  });
});
