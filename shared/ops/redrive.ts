import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

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
