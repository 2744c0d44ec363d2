import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators, startSqsEmulator } from '../../infra/local/emulators.ts';
import { freePort } from '../../infra/local/ports.ts';
import { provisionQueues } from '../../infra/local/provision.ts';
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamo/dynamo-delivery-store.ts';
import {
  DynamoPendingDeliveries,
  DynamoPendingNotices,
} from '../../shared/adapters/dynamo/dynamo-pending-deliveries.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/sqs-queue-publisher.ts';
import {
  redriveStuckCases,
  redriveUndelivered,
  redriveUnnotified,
} from '../../shared/use-cases/redrive-stuck-cases.ts';
import { eventually, petitionBody } from '../support/runtime-harness.ts';

/** Its own emulators: this file stops and restarts the SQS emulator. */
let emulators: Emulators;
let runtime: Runtime;
let sqsPort: number;
let replacementSqs: Awaited<ReturnType<typeof startSqsEmulator>> | undefined;

beforeAll(async () => {
  sqsPort = await freePort();
  emulators = await startEmulators({ dynamodbPort: await freePort(), sqsPort });
  runtime = await startRuntime({
    dynamodbEndpoint: emulators.dynamodbEndpoint,
    sqsEndpoint: emulators.sqsEndpoint,
    prefix: 'recovery-',
    port: await freePort(),
    staticRoot: resolve(import.meta.dirname, '../../web'),
    seedDemoCounty: true,
    runSchedules: false,
    visibilityTimeoutSeconds: 1,
  });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await replacementSqs?.stop();
  await emulators?.stop();
});

const post = (body: unknown, token?: string) =>
  fetch(`${runtime.url}/api/petitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

const store = () => runtime.caseStore;

async function statusOf(caseId: string): Promise<string | undefined> {
  return (await store().get(caseId))?.status;
}

describe('a unit returns a case as "not ours"', () => {
  it('routes it again, never to the returning unit, and to triage when no unit is left', async () => {
    // Category health matches only R8 (team-medical): once that team returns it, no unit is left.
    const created = (await (
      await post(
        petitionBody({ categoryCode: 'health', title: '村卫生室缺药', content: '村卫生室常用药经常缺货。' }),
      )
    ).json()) as { caseId: string };
    await eventually(async () => ((await statusOf(created.caseId)) === 'assigned' ? true : undefined));
    const handler = await runtime.tokenFor('handler-team-medical');

    const returned = await fetch(`${runtime.url}/api/staff/cases/${created.caseId}/return`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${handler}` },
      body: JSON.stringify({ expectedVersion: 2, reason: '属卫健部门职责，非本团队' }),
    });
    const final = await eventually(async () => {
      const item = await store().get(created.caseId);
      return item?.status === 'triage' ? item : undefined;
    });

    expect(returned.status).toBe(200);
    expect(final.unitId).toBe('petition-office');
    expect(final.returnedByUnitIds).toEqual(['team-medical']);
    expect(final.transfers?.map((transfer) => transfer.kind)).toEqual(['assigned', 'returned', 'assigned']);
  });
});

describe('the SQS emulator goes away while petitions keep coming', () => {
  it('loses none: every accepted petition ends up assigned or in triage exactly once, and its petitioner gets one "registered" notice', async () => {
    await emulators.stopSqs();
    const bodies = Array.from({ length: 200 }, (_, index) =>
      petitionBody({
        title: `停机期间的诉求 ${index}`,
        categoryCode: index % 5 === 0 ? 'other' : 'transport',
      }),
    );
    // Ten at a time, as residents arrive: the property is that intake keeps accepting while the queue is down
    // (and loses none later), not how many requests one loaded machine can take at once.
    const responses: Response[] = [];
    for (let start = 0; start < bodies.length; start += 10)
      responses.push(...(await Promise.all(bodies.slice(start, start + 10).map((body) => post(body)))));
    expect(responses.map((response) => response.status).filter((status) => status !== 201)).toEqual([]);
    const accepted = await Promise.all(
      responses
        .filter((response) => response.status === 201)
        .map(async (response) => ((await response.json()) as { caseId: string }).caseId),
    );

    // Like `npm start` after a crash: a fresh emulator on the same port, queues provisioned again.
    replacementSqs = await startSqsEmulator(sqsPort);
    await provisionQueues(runtime.clients.sqs, 'recovery-', { visibilityTimeoutSeconds: 1 });
    const publisher = new SqsQueuePublisher({
      client: runtime.clients.sqs,
      queueUrl: (queue) => runtime.queues[queue].url,
    });
    const later = new Date(Date.now() + 10 * 60 * 1000);
    await redriveStuckCases({ store: store(), publisher }, later, 1000);
    await redriveUndelivered(
      {
        pendingDeliveries: new DynamoPendingDeliveries({
          client: runtime.clients.document,
          tableName: runtime.tables.pending,
        }),
        deliveries: new DynamoDeliveryStore({
          client: runtime.clients.document,
          tableName: runtime.tables.main,
        }),
        publisher,
      },
      later,
      1000,
    );
    const pendingNotices = new DynamoPendingNotices({
      client: runtime.clients.document,
      tableName: runtime.tables.pending,
    });
    await redriveUnnotified({ pendingNotices, publisher }, later, 1000);
    await eventually(
      async () => {
        const statuses = await Promise.all(accepted.map(statusOf));
        return statuses.every((status) => status === 'assigned' || status === 'triage') ? true : undefined;
      },
      60_000,
      500,
    );
    const timelines = await Promise.all(accepted.map((caseId) => store().timeline(caseId)));

    // Notices: every one owed was sent exactly once (the ledger stops a resend from doubling one), and no
    // marker is left behind.
    const registeredNotices = await eventually(
      async () => {
        const sent = (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000)).filter(
          (entry) => entry.template === 'registered' && accepted.includes(entry.caseId),
        );
        return new Set(sent.map((entry) => entry.caseId)).size === accepted.length ? sent : undefined;
      },
      60_000,
      500,
    );
    expect(registeredNotices).toHaveLength(accepted.length);
    await eventually(
      async () => ((await pendingNotices.due(later, 10)).length === 0 ? true : undefined),
      30_000,
      500,
    );

    expect(accepted).toHaveLength(200);
    for (const timeline of timelines) {
      expect(timeline.filter((event) => event.type === 'assigned' || event.type === 'triaged')).toHaveLength(
        1,
      );
    }
    // 200 intakes, two redrives and every notice: about 90 s on two loaded cores; room for a busier machine.
  }, 240_000);
});
