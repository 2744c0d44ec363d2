import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { queueNames } from '../topology.ts';
import { type InvocationRecord, invocationRecordSchema } from './invocation-record.ts';

/**
 * Moves every message from a dead-letter queue back to its source queue (after the cause is fixed). Each
 * batch is sent before it is deleted: a crash in between leaves a duplicate, which consumers absorb, never
 * a lost message.
 */
export async function redriveQueue(
  client: SQSClient,
  from: string,
  to: string,
  limit = 10_000,
): Promise<number> {
  let moved = 0;
  while (moved < limit) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: from,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    const sent = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: to,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          MessageBody: message.Body ?? '',
          MessageAttributes: message.MessageAttributes,
        })),
      }),
    );
    if (sent.Failed?.length) throw new Error(`redrive: ${sent.Failed.length} messages refused by ${to}`);
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: from,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
    moved += Messages.length;
  }
  return moved;
}

/** What `npm run redrive` can redrive: each topology queue's DLQ, and the async-failures queue. */
export const ASYNC_FAILURES = 'async-failures';
export const redriveTargets = [...queueNames, ASYNC_FAILURES] as const;
export type RedriveTarget = (typeof redriveTargets)[number];

export interface FailedInvocationsResult {
  /** Records whose event was handed back to its function. */
  readonly reinvoked: number;
  /** Records left in the queue: unreadable, or their function could not be invoked (they stay, nothing is lost). */
  readonly kept: number;
}

/**
 * Re-invokes each failed asynchronous invocation recorded in the async-failures queue (Lambda's invocation
 * records: the function's ARN and the original event) with that event, asynchronously again, so a second
 * failure comes back to the same queue. A record is deleted only after its function accepted the event.
 */
export async function redriveFailedInvocations(
  client: SQSClient,
  queueUrl: string,
  reinvoke: (record: InvocationRecord) => Promise<void>,
  limit = 10_000,
): Promise<FailedInvocationsResult> {
  let reinvoked = 0;
  let kept = 0;
  while (reinvoked + kept < limit) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        // Long enough that a record kept back is not received again by this same run.
        VisibilityTimeout: 300,
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      let record: InvocationRecord;
      try {
        record = invocationRecordSchema.parse(JSON.parse(message.Body ?? ''));
        await reinvoke(record);
      } catch {
        kept++;
        continue;
      }
      await client.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      reinvoked++;
    }
  }
  return { reinvoked, kept };
}
