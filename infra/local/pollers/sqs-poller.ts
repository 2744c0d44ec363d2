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
 * Plays Lambda's SQS event source mapping: receive up to `batchSize`, invoke, delete what succeeded.
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
  /** Parallel pollers, like Lambda's concurrent batches per event source. */
  readonly concurrency?: number;
  readonly onError?: (error: unknown) => void;
  /** Fault injection: hand every batch to the function twice, as SQS may (at-least-once delivery). */
  readonly deliverTwice?: boolean;
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

export function startSqsPoller(options: SqsPollerOptions): Poller {
  let running = true;
  const abort = new AbortController();
  const loop = async () => {
    while (running) {
      let messages: Message[] = [];
      try {
        const received = await options.client.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: Math.min(10, options.batchSize),
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
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
        if (options.deliverTwice) await invoke(options.fn, event).catch(() => undefined);
        const response = await invoke<SQSBatchResponse | undefined>(options.fn, event);
        failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      } catch (error) {
        options.onError?.(error);
        continue;
      }
      const done = messages.filter((message) => !failed.has(message.MessageId ?? ''));
      if (done.length === 0) continue;
      try {
        await options.client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: done.map((message, index) => ({
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
