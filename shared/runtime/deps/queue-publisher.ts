import { sqs } from '../../adapters/aws-clients.ts';
import { SqsQueuePublisher } from '../../adapters/sqs/sqs-queue-publisher.ts';
import { queueUrl } from '../../config/env.ts';
import type { QueuePublisher } from '../../ports/queue-publisher.ts';
import { once } from '../once.ts';

export const queuePublisher = /* @__PURE__ */ once<QueuePublisher>(
  () => new SqsQueuePublisher({ client: sqs(), queueUrl }),
);
