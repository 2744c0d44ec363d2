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

/** The queues still holding messages, as `name: waiting/in flight/delayed` (empty when none does). */
async function busyQueues(parts: SettleParts): Promise<string[]> {
  const counts = await Promise.all(
    parts.queueUrls.map(async (url) => {
      const { Attributes = {} } = await parts.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...counted] }),
      );
      const numbers = counted.map((name) => Number(Attributes[name] ?? 0));
      return numbers.some((count) => count > 0) ? `${url.split('/').pop()}: ${numbers.join('/')}` : '';
    }),
  );
  return counts.filter(Boolean);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntilSettled(parts: SettleParts, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // What kept the pipeline busy at the last look, for the timeout's message (a test that times out says why).
  let busy = '';
  const quiet = async () => {
    const running = invocationActivity().running;
    const pending = parts.pendingAsync();
    const queues = await busyQueues(parts);
    busy = [
      running ? `${running} invocations running` : '',
      pending ? `${pending} async invocations pending` : '',
      queues.length ? `queues (waiting/in flight/delayed) ${queues.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return busy === '';
  };
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
      if (!caughtUp) busy = 'a table stream not read to its end';
    }
    await sleep(50);
  }
  throw new Error(
    `the local pipeline did not settle within ${timeoutMs} ms (${busy || 'new invocations kept starting'})`,
  );
}
