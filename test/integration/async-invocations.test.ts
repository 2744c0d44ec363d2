import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearFault, injectFault, invocationCount, localFunctionNamed } from '../../infra/local/functions.ts';
import { scheduledEvent } from '../../infra/local/scheduler.ts';
import { functionNameOfArn, invocationRecordSchema } from '../../shared/ops/invocation-record.ts';
import { redriveFailedInvocations } from '../../shared/ops/redrive.ts';
import { schedules } from '../../shared/topology.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * No silent drops: a scheduled job is invoked asynchronously, as EventBridge Scheduler invokes it. When it
 * fails, Lambda's semantics (two retries, then an invocation record in the on-failure destination) keep the run;
 * once the fault is fixed, redrive hands the event back to the job, and the job's effect appears.
 */

let runtime: TestRuntime;
const schedule = schedules.find((candidate) => candidate.name === 'monthly-report')!;
const month = '2026-10';

beforeAll(async () => {
  // Lambda waits 1 and then 2 minutes between attempts; scaled down for the test, the count is Lambda's.
  runtime = await startTestRuntime({ asyncRetryDelaysMs: [20, 40] });
});

afterAll(async () => {
  clearFault(schedule.fn);
  await runtime?.stop();
});

const frozenCard = async () =>
  (
    await runtime.clients.document.send(
      new GetCommand({ TableName: runtime.tables.main, Key: { PK: `REPORT#${month}`, SK: 'CARD' } }),
    )
  ).Item;

describe('a failing scheduled job', () => {
  it('is tried three times, recorded in the on-failure destination, and done after the fix and a redrive', async () => {
    const event = {
      ...scheduledEvent(schedule, new Date('2026-11-01T00:00:00.000Z')),
      detail: { schedule: schedule.name, month },
    };
    const before = invocationCount(schedule.fn);
    injectFault(schedule.fn, 'crash');

    runtime.asyncInvoker.invoke(schedule.fn, event);
    const [message] = await eventually(async () => {
      const { Messages } = await runtime.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: runtime.asyncFailureQueueUrl, VisibilityTimeout: 1 }),
      );
      return Messages?.length ? Messages : undefined;
    }, 15_000);

    // Lambda's invocation record: the original event, the error, three attempts.
    const record = invocationRecordSchema.parse(JSON.parse(message!.Body!));
    expect(invocationCount(schedule.fn) - before).toBe(3);
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: expect.stringContaining('Runtime exited') },
    });
    expect(localFunctionNamed(functionNameOfArn(record.requestContext.functionArn))).toBe(schedule.fn);
    expect(await frozenCard()).toBeUndefined();

    // The fault is fixed; redrive re-invokes the recorded event, asynchronously again.
    clearFault(schedule.fn);
    await eventually(async () => {
      const result = await redriveFailedInvocations(
        runtime.clients.sqs,
        runtime.asyncFailureQueueUrl,
        async (failed) => {
          runtime.asyncInvoker.invoke(
            localFunctionNamed(functionNameOfArn(failed.requestContext.functionArn))!,
            failed.requestPayload,
          );
        },
      );
      return result.reinvoked === 1 ? result : undefined;
    }, 10_000);
    await runtime.asyncInvoker.settle();

    expect(await frozenCard()).toMatchObject({ PK: `REPORT#${month}`, SK: 'CARD' });
    const { Messages } = await runtime.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: runtime.asyncFailureQueueUrl }),
    );
    expect(Messages ?? []).toEqual([]);
  });
});
