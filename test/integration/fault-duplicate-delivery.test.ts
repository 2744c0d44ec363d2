import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamo/dynamo-delivery-store.ts';
import { readNotices } from '../../shared/adapters/notify/console-notices.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import {
  eventually,
  petitionBody,
  SETTLE_TEST_TIMEOUT_MS,
  startTestRuntime,
  type TestRuntime,
} from '../support/runtime-harness.ts';

/**
 * Fault injection: every queue message and every stream batch reaches its function twice. The final state
 * must be what a single delivery gives: one assignment, one delivery, one of each notification.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  // A duplicate that finds its twin mid-send ("being sent by another worker") fails and comes back after the
  // queue's visibility timeout, as on AWS; 10 s instead of 180 s lets the test see the end of it.
  runtime = await startTestRuntime({ deliverTwice: true, visibilityTimeoutSeconds: 10 });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('every consumer receives each message twice', () => {
  it(
    'ends a full lifecycle in the same state as single delivery',
    async () => {
      const created = (await (
        await runtime.postJson('/api/petitions', petitionBody({ categoryCode: 'transport' }))
      ).json()) as { caseId: string };
      const store = runtime.caseStore;
      await eventually(async () =>
        (await store.get(created.caseId))?.status === 'assigned' ? true : undefined,
      );
      const token = await runtime.tokenFor('handler-dept-transport');
      const act = async (action: string, body: Record<string, unknown>) => {
        const current = await store.get(created.caseId);
        const response = await runtime.postJson(
          `/api/staff/cases/${created.caseId}/${action}`,
          { expectedVersion: current!.version, ...body },
          { authorization: `Bearer ${token}` },
        );
        expect(response.status).toBe(200);
      };
      await act('acknowledge', {});
      await act('reply', { text: '站牌已修复，感谢反映。' });
      await act('close', {});

      // Every notice the case owes, not just the last one sent: the reply's and the close's notices can leave in
      // one batch and be sent in either order.
      const owed = ['assignedNotice', 'registered', 'replied', 'surveyInvitation'];
      const outbox = await eventually(async () => {
        const entries = (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000)).filter(
          (entry) => entry.caseId === created.caseId,
        );
        const sent = new Set<string>(entries.map((entry) => entry.template));
        return owed.every((template) => sent.has(template)) ? entries : undefined;
      });
      // Duplicates have landed, if there were any, once the pipeline has nothing left to do.
      await runtime.settled();
      const finalOutbox = (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000)).filter(
        (entry) => entry.caseId === created.caseId,
      );
      const notices = (
        await readNotices(runtime.clients.document, runtime.tables.main, 'dept-transport')
      ).filter((notice) => notice.caseId === created.caseId);
      const deliveries = await new DynamoDeliveryStore({
        client: runtime.clients.document,
        tableName: runtime.tables.main,
      }).forCase(created.caseId);
      const timeline = await store.timeline(created.caseId);

      expect(timeline.map((event) => event.type)).toEqual([
        'registered',
        'assigned',
        'acknowledged',
        'replied',
        'closed',
      ]);
      expect(finalOutbox.map((entry) => entry.template).sort()).toEqual(owed);
      expect(finalOutbox).toHaveLength(outbox.length);
      expect(notices.map((notice) => notice.template)).toEqual(['newAssignment']);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]?.status).toBe('delivered');
    },
    SETTLE_TEST_TIMEOUT_MS,
  );

  it('a delivery is recorded once: a repeat is told by its conditional write and leaves the record as it was', async () => {
    const deliveries = new DynamoDeliveryStore({
      client: runtime.clients.document,
      tableName: runtime.tables.main,
    });
    const caseId = '01DELIVEREDONCE00000000000';
    const record = (attempts: number, updatedAt: string) => ({
      caseId,
      version: 2,
      unitId: 'dept-transport',
      method: 'console' as const,
      status: 'delivered' as const,
      attempts,
      updatedAt,
    });
    expect(await deliveries.putDelivered(record(1, '2026-01-05T08:00:00.000Z'))).toBe(true);
    expect(await deliveries.putDelivered(record(2, '2026-01-05T08:05:00.000Z'))).toBe(false);
    expect(await deliveries.forCase(caseId)).toEqual([record(1, '2026-01-05T08:00:00.000Z')]);
    // A delivery that was still being retried (a unit's own system) is recorded delivered when it gets through.
    await deliveries.put({ ...record(1, '2026-01-05T09:00:00.000Z'), version: 3, status: 'retrying' });
    expect(await deliveries.putDelivered({ ...record(2, '2026-01-05T09:01:00.000Z'), version: 3 })).toBe(
      true,
    );
    expect((await deliveries.get(caseId, 3))?.status).toBe('delivered');
  });
});
