import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { FunctionName } from '../../../shared/topology.ts';
import { invoke } from '../functions.ts';

/**
 * Plays Lambda's SQS event source mapping: receive up to `batchSize`, invoke, delete what succeeded. With a
 * batching window, as Lambda does, it keeps receiving after the first message until the batch is full or the
 * window has passed (a batch above SQS's 10 per receive needs a window, as on AWS).
 * With `batchItemFailures` only the failed messages stay; when the handler throws, none is deleted. Failed
 * messages come back after the visibility timeout, and the queue's redrive policy moves them to the DLQ
 * after `maxReceiveCount` receives, exactly as on AWS.
 */

export interface SqsPollerOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly fn: FunctionName;
  readonly batchSize: number;
  /** Lambda's MaximumBatchingWindowInSeconds: how long to gather a batch after its first message. */
  readonly maxBatchingWindowSeconds?: number;
  /** Resolves when the poller may read again: the API's invocations go first (foreground.ts). */
  readonly backgroundTurn?: () => Promise<void>;
  /** Parallel pollers, like Lambda's concurrent batches per event source. */
  readonly concurrency?: number;
  readonly onError?: (error: unknown) => void;
  /** Fault injection: hand every batch to the function twice, as SQS may (at-least-once delivery). */
  readonly deliverTwice?: boolean;
  /** What runs a batch; the function named by `fn` unless a test says otherwise. */
  readonly invoke?: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
}

export interface Poller {
  stop(): Promise<void>;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

/** SQS's limit per ReceiveMessage and per DeleteMessageBatch. */
const SQS_BATCH_LIMIT = 10;

export function startSqsPoller(options: SqsPollerOptions): Poller {
  const windowMs = (options.maxBatchingWindowSeconds ?? 0) * 1000;
  if (options.batchSize > SQS_BATCH_LIMIT && windowMs === 0)
    throw new Error(`${options.fn}: a batch above ${SQS_BATCH_LIMIT} needs a batching window, as on AWS`);
  const run =
    options.invoke ?? ((batch: SQSEvent) => invoke<SQSBatchResponse | undefined>(options.fn, batch));
  let running = true;
  const abort = new AbortController();
  const receive = async (max: number, waitSeconds: number) =>
    (
      await options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: Math.min(SQS_BATCH_LIMIT, max),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: abort.signal },
      )
    ).Messages ?? [];
  /** After the first message: more until the batch is full or the window has passed. */
  const gather = async (messages: Message[]) => {
    const closesAt = Date.now() + windowMs;
    while (running && messages.length < options.batchSize && Date.now() < closesAt) {
      const more = await receive(options.batchSize - messages.length, closesAt - Date.now() >= 1000 ? 1 : 0);
      messages.push(...more);
      if (more.length === 0 && closesAt - Date.now() < 1000)
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, Math.min(100, closesAt - Date.now()))),
        );
    }
  };
  const loop = async () => {
    while (running) {
      let messages: Message[] = [];
      try {
        // Before the read, not after it: a message received and held would count down its visibility timeout.
        await options.backgroundTurn?.();
        if (!running) return;
        messages = await receive(options.batchSize, 1);
        if (messages.length > 0 && windowMs > 0) await gather(messages);
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (messages.length === 0) continue;
      const event: SQSEvent = { Records: messages.map((message) => toRecord(message, options.queueArn)) };
      let failed: Set<string>;
      try {
        if (options.deliverTwice) await run(event).catch(() => undefined);
        const response = await run(event);
        failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      } catch (error) {
        options.onError?.(error);
        continue;
      }
      const done = messages.filter((message) => !failed.has(message.MessageId ?? ''));
      if (done.length === 0) continue;
      try {
        for (let start = 0; start < done.length; start += SQS_BATCH_LIMIT)
          await options.client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: done.slice(start, start + SQS_BATCH_LIMIT).map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle,
              })),
            }),
          );
      } catch (error) {
        // Not deleted means delivered again later: consumers are idempotent, so this is safe.
        options.onError?.(error);
      }
    }
  };
  const loops = Array.from({ length: options.concurrency ?? 1 }, () => loop());
  return {
    stop: async () => {
      running = false;
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}
