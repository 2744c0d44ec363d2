import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { OutgoingMessage, QueuePublisher } from '../../ports/queue-publisher.ts';
import type { QueueName } from '../../topology.ts';

/** Sends in batches of ten; any entry SQS refuses fails the call, so the caller's retry covers it. */
export class SqsQueuePublisher implements QueuePublisher {
  readonly #client: SQSClient;
  readonly #urlOf: (queue: QueueName) => string;

  constructor(options: { client: SQSClient; queueUrl: (queue: QueueName) => string }) {
    this.#client = options.client;
    this.#urlOf = options.queueUrl;
  }

  async send(queue: QueueName, messages: readonly OutgoingMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      const batch = messages.slice(start, start + 10);
      const result = await this.#client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#urlOf(queue),
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(message.body),
            ...(message.delaySeconds ? { DelaySeconds: message.delaySeconds } : {}),
            MessageAttributes: { messageId: { DataType: 'String', StringValue: message.id } },
          })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        const codes = result.Failed.map((failure) => failure.Code).join(', ');
        throw new Error(
          `SQS refused ${result.Failed.length} of ${batch.length} messages to ${queue}: ${codes}`,
        );
      }
    }
  }
}
