/**
 * DynamoDB and SQS requests of one full lifecycle through the real pipeline: the public form, stream,
 * dispatcher, router, unit delivery, notifier, metrics projector, staff actions and the survey, all
 * running in the local runtime. Counts every request the functions and the event-source pollers make
 * while the lifecycle runs, with the system otherwise idle; empty long polls are counted apart (on AWS
 * they are the pollers' fixed cost, not a per-case cost).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { dynamoDocumentClient, sqs } from '../shared/adapters/aws-clients.ts';
import { surveyToken } from '../shared/domain/survey/token.ts';
import type { BenchStack } from './support/stack.ts';

interface Counts {
  byOperation: Record<string, number>;
  emptyReceives: number;
  readUnits: number;
  writeUnits: number;
}

/** Any SDK v3 client: they share one middleware stack type; SQSClient's stands for all. */
function count(client: SQSClient, counts: Counts, name: string) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const isDynamo = /DynamoDB/i.test(String(context.clientName ?? ''));
      if (isDynamo) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      const output = result.output as { Messages?: unknown[]; ConsumedCapacity?: unknown };
      if (operation === 'ReceiveMessage' && (output.Messages?.length ?? 0) === 0) counts.emptyReceives++;
      else counts.byOperation[operation] = (counts.byOperation[operation] ?? 0) + 1;
      const consumed = output.ConsumedCapacity;
      for (const entry of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
        CapacityUnits?: number;
        ReadCapacityUnits?: number;
        WriteCapacityUnits?: number;
      }[]) {
        if (/Get|Query/.test(operation))
          counts.readUnits += entry.ReadCapacityUnits ?? entry.CapacityUnits ?? 0;
        else counts.writeUnits += entry.WriteCapacityUnits ?? entry.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: `requestCounter-${name}` },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureLifecycleRequests(stack: BenchStack) {
  const { runtime } = stack;
  const dynamo: Counts = { byOperation: {}, emptyReceives: 0, readUnits: 0, writeUnits: 0 };
  const queue: Counts = { byOperation: {}, emptyReceives: 0, readUnits: 0, writeUnits: 0 };
  // The functions' own clients (one per process, like a warm Lambda) and the pollers' SQS client.
  count(dynamoDocumentClient() as never, dynamo, 'functions-dynamodb');
  count(sqs() as never, queue, 'functions-sqs');
  count(runtime.clients.sqs as never, queue, 'pollers-sqs');
  const store = runtime.caseStore;
  const until = async (check: () => Promise<boolean>) => {
    for (let waited = 0; waited < 30_000 && !(await check()); waited += 100) await sleep(100);
  };
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  const created = (await (
    await post('/api/petitions', {
      categoryCode: 'transport',
      jurisdictionCode: 'chengguan',
      title: '公交站牌损坏',
      content: '人民路公交站牌被撞坏，请尽快修复。',
      petitioner: { name: '张三', phone: '13812345678' },
    })
  ).json()) as { caseId: string; trackingCode: string };
  await until(async () => (await store.get(created.caseId))?.status === 'assigned');
  const token = await runtime.tokenFor('handler-dept-transport');
  for (const [action, body] of [
    ['acknowledge', {}],
    ['reply', { text: '站牌已于今日修复，感谢反映。' }],
    ['close', {}],
  ] as const) {
    const current = (await store.get(created.caseId))!;
    await post(
      `/api/staff/cases/${created.caseId}/${action}`,
      { expectedVersion: current.version, ...body },
      token,
    );
  }
  const closed = (await store.get(created.caseId))!;
  const link = surveyToken(process.env.SURVEY_SECRET!, created.caseId, closed.survey?.round ?? 1);
  await post(`/api/surveys/${link}`, { rating: 'satisfied' });
  await until(async () => (await store.get(created.caseId))?.status === 'archived');
  await fetch(`${runtime.url}/api/petitions/${created.trackingCode}?phone=5678`);
  // Notifications, deliveries and the metrics projector finish first.
  await runtime.settled(120_000);
  const total = (counts: Counts) => Object.values(counts.byOperation).reduce((sum, value) => sum + value, 0);
  return {
    lifecycle: 'form → assign → acknowledge → reply → close → survey (satisfied) → archived → tracking page',
    dynamodb: {
      requests: total(dynamo),
      byOperation: dynamo.byOperation,
      readUnits: dynamo.readUnits,
      writeUnits: dynamo.writeUnits,
    },
    sqs: {
      requests: total(queue),
      byOperation: queue.byOperation,
      emptyReceivesWhileRunning: queue.emptyReceives,
    },
  };
}
