import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { sqsBatchHandler } from '../../../shared/runtime/sqs-batch.ts';

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
