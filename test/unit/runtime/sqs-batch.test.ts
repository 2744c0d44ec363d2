import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { sqsBatchHandler, sqsHandler, sqsHandlerWithBatchEnd } from '../../../shared/runtime/sqs-batch.ts';

/** A batch consumer handles a batch at once, and falls back to one message at a time when the batch fails. */

const schema = z.object({ caseId: z.string() });
const event = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, index) => ({ messageId: `m${index}`, body }) as SQSEvent['Records'][number]),
});
const context = { getRemainingTimeInMillis: () => 30_000 } as Context;
const body = (caseId: string) => JSON.stringify({ caseId });

describe('sqsBatchHandler', () => {
  it('hands the whole batch to one call', async () => {
    const calls: string[][] = [];
    const handler = sqsBatchHandler(schema, async (messages) => {
      calls.push(messages.map((message) => message.caseId));
    });
    expect(await handler(event(body('A'), body('B'), body('C')), context)).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([['A', 'B', 'C']]);
  });

  it('when the batch fails, retries each message alone: only the poison message is reported failed', async () => {
    const calls: string[][] = [];
    const handler = sqsBatchHandler(schema, async (messages) => {
      calls.push(messages.map((message) => message.caseId));
      if (messages.some((message) => message.caseId === 'POISON')) throw new Error('cannot index');
    });
    expect(await handler(event(body('A'), body('POISON'), body('C')), context)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }],
    });
    expect(calls).toEqual([['A', 'POISON', 'C'], ['A'], ['POISON'], ['C']]);
  });

  it('a message that does not parse never reaches the batch call; the others are handled one by one', async () => {
    const calls: string[][] = [];
    const handler = sqsBatchHandler(schema, async (messages) => {
      calls.push(messages.map((message) => message.caseId));
    });
    expect(await handler(event(body('A'), 'not json', JSON.stringify({ other: 1 })), context)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }],
    });
    expect(calls).toEqual([['A']]);
  });
});

/** A promise and the function that settles it: lets a test hold one invocation while another runs. */
function held() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe('sqsHandler', () => {
  it('two batches of one consumer at once (as the local runtime runs them) each report their own failures', async () => {
    const slow = held();
    const handler = sqsHandler(schema, async (message) => {
      if (message.caseId === 'FAIL') throw new Error('cannot handle');
      if (message.caseId === 'SLOW') await slow.promise;
    });
    // The first batch's failure is known while its other message is still running; then a second batch starts.
    const first = handler(event(body('FAIL'), body('SLOW')), context);
    const second = handler(event(body('B'), body('C')), context);
    expect(await second).toEqual({ batchItemFailures: [] });
    slow.release();
    // Still reported: a failure lost here would have its message deleted from the queue.
    expect(await first).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
  });
});

describe('sqsHandlerWithBatchEnd', () => {
  it('ends each invocation once, after every message was handled, failed ones included', async () => {
    const log: string[] = [];
    let invocations = 0;
    const handler = sqsHandlerWithBatchEnd(schema, () => {
      const invocation = ++invocations;
      return {
        handleMessage: async (message) => {
          log.push(`${invocation}:${message.caseId}`);
          if (message.caseId === 'POISON') throw new Error('cannot handle');
        },
        end: async () => {
          log.push(`${invocation}:end`);
        },
      };
    });
    expect(await handler(event(body('A'), body('POISON')), context)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }],
    });
    expect(await handler(event(body('B')), context)).toEqual({ batchItemFailures: [] });
    expect(log).toEqual(['1:A', '1:POISON', '1:end', '2:B', '2:end']);
  });

  it('ends the invocation also when every message fails (the batch is reported failed as a whole)', async () => {
    const ended: number[] = [];
    const handler = sqsHandlerWithBatchEnd(schema, () => ({
      handleMessage: async () => {
        throw new Error('down');
      },
      end: async () => {
        ended.push(1);
      },
    }));
    await expect(handler(event(body('A'), body('B')), context)).rejects.toThrow();
    expect(ended).toEqual([1]);
  });
});
