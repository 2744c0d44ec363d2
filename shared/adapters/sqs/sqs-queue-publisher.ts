import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { chunksOf, forEachLimited } from '../../async/limited.ts';
import type { OutgoingMessage, QueuePublisher } from '../../ports/queue-publisher.ts';
import type { QueueName } from '../../topology.ts';

/** SendMessageBatch's limit per request. */
const SEND_BATCH_LIMIT = 10;
/** Batches sent at once: a stream batch's messages to one queue in one round trip. */
const BATCHES_IN_FLIGHT = 8;

/**
 * Sends in batches of ten, several at once; any entry SQS refuses fails the call, so the caller's retry
 * covers it.
 */
export class SqsQueuePublisher implements QueuePublisher {
  readonly #client: SQSClient;
  readonly #urlOf: (queue: QueueName) => string;

  constructor(options: { client: SQSClient; queueUrl: (queue: QueueName) => string }) {
    this.#client = options.client;
    this.#urlOf = options.queueUrl;
  }

  async send(queue: QueueName, messages: readonly OutgoingMessage[]): Promise<void> {
    // SQS standard queues keep no order, so the batches of one send need not wait for each other.
    await forEachLimited(chunksOf(messages, SEND_BATCH_LIMIT), BATCHES_IN_FLIGHT, async (batch) => {
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
    });
  }
}
