import type { QueueName } from '../topology.ts';

export interface OutgoingMessage {
  readonly body: unknown;
  /** Stable id for de-duplication in logs and tests; SQS itself may still deliver twice. */
  readonly id: string;
  readonly delaySeconds?: number;
}

export interface QueuePublisher {
  send(queue: QueueName, messages: readonly OutgoingMessage[]): Promise<void>;
}
