import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { invocationActivity } from './functions.ts';
import type { StreamPoller } from './pollers/stream-poller.ts';

/**
 * When has the local pipeline nothing left to do? When no function is running, no queue holds a message
 * (waiting, in flight or delayed), no asynchronous invocation (accepted mail, a schedule's run) is running or
 * waiting for a retry, every table stream has been
 * read to its end, and no invocation started while all that was being checked. Tests wait for it before
 * asserting that something did *not* happen (a duplicate, a second reminder); `npm start` waits for it (briefly)
 * before stopping, so work already committed is finished rather than left for the next start.
 */

export interface SettleParts {
  readonly sqs: SQSClient;
  readonly queueUrls: readonly string[];
  readonly streamPollers: readonly StreamPoller[];
  /** Asynchronous invocations accepted and not yet done (infra/local/async-invoke.ts). */
  readonly pendingAsync: () => number;
}

const counted = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

async function queuesEmpty(parts: SettleParts): Promise<boolean> {
  const counts = await Promise.all(
    parts.queueUrls.map(async (url) => {
      const { Attributes = {} } = await parts.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...counted] }),
      );
      return counted.reduce((sum, name) => sum + Number(Attributes[name] ?? 0), 0);
    }),
  );
  return counts.every((count) => count === 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntilSettled(parts: SettleParts, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const quiet = async () =>
    invocationActivity().running === 0 && parts.pendingAsync() === 0 && (await queuesEmpty(parts));
  while (Date.now() < deadline) {
    const startedBefore = invocationActivity().started;
    if (await quiet()) {
      let timer: NodeJS.Timeout | undefined;
      const caughtUp = await Promise.race([
        Promise.all(parts.streamPollers.map((poller) => poller.caughtUp())).then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
        }),
      ]);
      clearTimeout(timer);
      if (caughtUp && invocationActivity().started === startedBefore && (await quiet())) return;
    }
    await sleep(50);
  }
  throw new Error(`the local pipeline did not settle within ${timeoutMs} ms`);
}
