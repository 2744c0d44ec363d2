/**
 * Intake throughput: `POST /api/petitions` through the local gateway (autocannon, 16 connections) against
 * its floor, the same number of raw DynamoDB Local transactions from one client at the same concurrency,
 * measured in the same run on the same DynamoDB Local. Two floors: the 2-put transaction of NOTES.md
 * (case + event) and the exact transaction intake writes (case, event, tracking guard, 2 idempotency guards).
 * The second is measured before intake and again after it; the ratio is to the mean of the two.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import type { SingleBar } from 'cli-progress';
import { ulid } from 'ulid';
import { toCaseItem, toEventItem } from '../shared/adapters/dynamo/case-items.ts';
import { idempotencyKey, trackingKey } from '../shared/adapters/dynamo/keys.ts';
import { register } from '../shared/domain/case/lifecycle.ts';
import { publicActor } from '../shared/domain/case/model.ts';
import { newTrackingCode } from '../shared/domain/case/tracking-code.ts';
import { type BenchStack, pipelineHeldFrom, summarize } from './support/stack.ts';

const CONCURRENCY = 16;

function sampleDecision() {
  return register(
    {
      caseId: ulid(),
      trackingCode: newTrackingCode(),
      channel: 'web',
      categoryCode: 'transport',
      jurisdictionCode: 'chengguan',
      title: `基准测试 ${randomBytes(4).toString('hex')}`,
      content: '人民路公交站牌被撞坏，请尽快修复。这是基准测试用的诉求内容。',
      petitioner: { phone: '13812345678', anonymous: false },
      confidential: false,
    },
    { actor: publicActor, now: new Date() },
  );
}

/**
 * The floor writes items of the same size with the same index keys (so DynamoDB Local does the same work:
 * GSIs, stream records), but under keys the stream consumers ignore: the floor measures DynamoDB Local, not
 * DynamoDB Local busy routing and notifying the floor's own fake cases.
 */
function floorItem(item: Record<string, unknown>, sk: string): Record<string, unknown> {
  return { ...item, PK: `FLOOR#${String(item.PK)}`, SK: sk, entity: 'floor' };
}

async function rawFloor(stack: BenchStack, total: number, shape: 'two-puts' | 'intake', bar?: SingleBar) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.emulators.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: { httpAgent: { keepAlive: true, maxSockets: CONCURRENCY } },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const { main, idempotency } = stack.runtime.tables;
  const latencies: number[] = [];
  let next = 0;
  const startedAt = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const decision = sampleDecision();
      const items = [
        {
          Put: {
            TableName: main,
            Item: floorItem(toCaseItem(decision.case), 'CASE'),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: main,
            Item: floorItem(toEventItem(decision.event), 'FLOOR-EVENT'),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...(shape === 'intake'
          ? [
              {
                Put: {
                  TableName: main,
                  Item: { ...trackingKey(decision.case.trackingCode), caseId: decision.case.caseId },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: idempotency,
                  Item: { ...idempotencyKey('bench-a', decision.case.caseId), caseId: decision.case.caseId },
                  ConditionExpression: 'attribute_not_exists(id)',
                },
              },
              {
                Put: {
                  TableName: idempotency,
                  Item: { ...idempotencyKey('bench-b', decision.case.caseId), caseId: decision.case.caseId },
                  ConditionExpression: 'attribute_not_exists(id)',
                },
              },
            ]
          : []),
      ];
      const sent = performance.now();
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      latencies.push(performance.now() - sent);
      bar?.increment();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - startedAt) / 1000;
  client.destroy();
  return { requests: total, perSecond: total / seconds, latencyMs: summarize(latencies) };
}

async function intakeThroughput(stack: BenchStack, total: number, bar?: SingleBar) {
  let counter = 0;
  const result = await autocannon({
    url: stack.runtime.url,
    connections: CONCURRENCY,
    amount: total,
    requests: [
      {
        method: 'POST',
        path: '/api/petitions',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          counter++;
          return {
            ...request,
            body: JSON.stringify({
              categoryCode: 'transport',
              jurisdictionCode: 'chengguan',
              title: `基准测试 ${counter}`,
              content: `人民路公交站牌被撞坏，请尽快修复。编号 ${counter}-${randomBytes(3).toString('hex')}`,
              petitioner: { phone: '13812345678' },
            }),
          };
        },
      },
    ],
  });
  bar?.update(total);
  const status2xx = result['2xx'];
  return {
    requests: result.requests.total,
    created: status2xx,
    errors: result.errors + result.non2xx,
    perSecond: result.requests.average,
    perSecondFromTotal: status2xx / (result.duration || 1),
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
}

export async function benchIntake(
  stack: BenchStack,
  /** The target ratio to the same-transaction floor: 0.65 with the pipeline paused, 0.75 with it running. */
  target: number,
  options: { total?: number; progress?: (name: string, total: number) => SingleBar | undefined } = {},
) {
  const total = options.total ?? 3000;
  // Warm-ups, not measured: JIT, connection pools, DynamoDB Local's own warm-up. The intake warm-up runs
  // after the floors and is given time to drain through the pipeline, so the floors see an idle system and
  // intake sees only the background its own requests cause.
  await rawFloor(stack, 300, 'intake');
  const twoPuts = await rawFloor(
    stack,
    total,
    'two-puts',
    options.progress?.('floor: 2-put transactions', total),
  );
  const sameShape = await rawFloor(
    stack,
    total,
    'intake',
    options.progress?.('floor: intake-shaped transactions', total),
  );
  await intakeThroughput(stack, 300);
  await stack.runtime.settled(300_000);
  const held = pipelineHeldFrom(stack);
  const intake = await intakeThroughput(
    stack,
    total,
    options.progress?.('intake through the gateway', total),
  );
  const pipelineHeld = held();
  // The same floor again once intake's work has gone through the pipeline: DynamoDB Local's speed drifts
  // within a run (its JIT still compiling early on, tables growing later), so intake is compared with the
  // mean of a floor measured before it and one after it, not with whichever moment the floor happened to hit.
  await stack.runtime.settled(600_000);
  const sameShapeAfter = await rawFloor(
    stack,
    total,
    'intake',
    options.progress?.('floor again: intake-shaped transactions', total),
  );
  const sameShapeMean = (sameShape.perSecond + sameShapeAfter.perSecond) / 2;
  return {
    concurrency: CONCURRENCY,
    floorTwoPuts: twoPuts,
    floorIntakeShape: sameShape,
    floorIntakeShapeAfter: sameShapeAfter,
    floorIntakeShapeMean: sameShapeMean,
    intake,
    pipelineHeld,
    ratioToIntakeShape: intake.perSecondFromTotal / sameShapeMean,
    ratioToTwoPuts: intake.perSecondFromTotal / twoPuts.perSecond,
    target,
  };
}
