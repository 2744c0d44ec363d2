import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { errorPayload, type InvocationRecord } from '../../shared/ops/invocation-record.ts';
import type { FunctionName } from '../../shared/topology.ts';
import { invoke, localFunctionArn } from './functions.ts';

/**
 * Lambda's asynchronous invocation, played locally for the functions AWS invokes that way (EventBridge
 * Scheduler, the SES receipt rule): the caller gets no result; on a function error Lambda runs the event twice
 * more, one minute and then two minutes later, and then sends an invocation record to the function's
 * on-failure destination (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
 * Tests scale the delays down; the count and the record are Lambda's.
 */

/** Lambda's defaults: MaximumRetryAttempts 2, waiting 1 then 2 minutes. */
export const LAMBDA_ASYNC_RETRY_DELAYS_MS = [60_000, 120_000] as const;

export interface AsyncInvokerOptions {
  readonly sqs: SQSClient;
  /** The on-failure destination (the async-failures queue). */
  readonly destinationUrl: string;
  /** One delay per retry; Lambda's by default. */
  readonly retryDelaysMs?: readonly number[];
  readonly log?: (line: string) => void;
}

export interface AsyncInvoker {
  /** Queues the event and returns at once, like `Invoke` with `InvocationType: Event` (HTTP 202). */
  invoke(fn: FunctionName, event: unknown): void;
  /** Resolves when every accepted event has succeeded or reached the destination. */
  settle(): Promise<void>;
  /** Accepted events not yet done (running, or waiting for a retry). */
  pending(): number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function failureRecord(
  fn: FunctionName,
  event: unknown,
  error: unknown,
  attempts: number,
  requestId = randomUUID(),
): InvocationRecord {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId,
      functionArn: `${localFunctionArn(fn)}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: attempts,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: errorPayload(error),
  };
}

export function createAsyncInvoker(options: AsyncInvokerOptions): AsyncInvoker {
  const delays = options.retryDelaysMs ?? LAMBDA_ASYNC_RETRY_DELAYS_MS;
  const log = options.log ?? (() => undefined);
  const pending = new Set<Promise<void>>();

  const run = async (fn: FunctionName, event: unknown) => {
    const requestId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        await invoke(fn, event);
        return;
      } catch (error) {
        if (attempt > delays.length) {
          log(`[${fn}] failed ${attempt} times; invocation record sent to the on-failure destination`);
          await options.sqs.send(
            new SendMessageCommand({
              QueueUrl: options.destinationUrl,
              MessageBody: JSON.stringify(failureRecord(fn, event, error, attempt, requestId)),
            }),
          );
          return;
        }
        await sleep(delays[attempt - 1]!);
      }
    }
  };

  return {
    invoke: (fn, event) => {
      const task = run(fn, event)
        .catch((error: unknown) => log(`[${fn}] record not delivered: ${(error as Error).message}`))
        .finally(() => pending.delete(task));
      pending.add(task);
    },
    pending: () => pending.size,
    settle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
