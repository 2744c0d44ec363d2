import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPendingNotices } from '../../shared/adapters/dynamo/dynamo-pending-deliveries.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/sqs-queue-publisher.ts';
import type { CaseEvent } from '../../shared/domain/case/model.ts';
import type { QueuePublisher } from '../../shared/ports/queue-publisher.ts';
import { dispatchEvents } from '../../shared/use-cases/dispatch-event.ts';
import { redriveUnnotified } from '../../shared/use-cases/redrive-stuck-cases.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * A notice is owed from the moment its event is committed: the dispatcher writes a pending-notice marker
 * before the queue message, the notifier clears it once sent, and whatever a lost message leaves behind is
 * sent again by the sweep (and start-up recovery) — exactly once per recipient, through the ledger.
 */

let runtime: TestRuntime;
let pendingNotices: DynamoPendingNotices;
let publisher: SqsQueuePublisher;

beforeAll(async () => {
  runtime = await startTestRuntime();
  pendingNotices = new DynamoPendingNotices({
    client: runtime.clients.document,
    tableName: runtime.tables.pending,
  });
  publisher = new SqsQueuePublisher({
    client: runtime.clients.sqs,
    queueUrl: (queue) => runtime.queues[queue].url,
  });
});

afterAll(async () => {
  await runtime?.stop();
});

const registeredNotices = async (caseId: string) =>
  (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000)).filter(
    (entry) => entry.caseId === caseId && entry.template === 'registered',
  );

describe('notices after a crash', () => {
  it('clears the marker once the notice is sent; a lost message is sent again, never twice', async () => {
    const { caseId } = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
      caseId: string;
    };
    await eventually(async () => ((await registeredNotices(caseId)).length === 1 ? true : undefined), 15_000);
    const later = new Date(Date.now() + 10 * 60 * 1000);
    // The normal path left no marker behind.
    await eventually(
      async () =>
        (await pendingNotices.due(later, 100)).some((marker) => marker.caseId === caseId) ? undefined : true,
      15_000,
    );

    // The dispatcher runs again for the same committed event, and the queue loses every message it is sent
    // (what a crash of the local runtime does to fauxqs): only the marker says the notice is owed.
    const [registered] = (await runtime.caseStore.timeline(caseId)) as CaseEvent[];
    const losing: QueuePublisher = { send: async () => undefined };
    await dispatchEvents(
      {
        publisher: losing,
        pendingDeliveries: { putAll: async () => undefined } as never,
        pendingNotices,
        store: runtime.caseStore,
      },
      [registered!],
    );
    // Only this notice's marker: the case's later notices (its assignment) have markers of their own meanwhile.
    const registeredMarkers = async (at: Date) =>
      (await pendingNotices.due(at, 100)).filter(
        (marker) => marker.caseId === caseId && marker.template === 'registered',
      );
    expect(await registeredMarkers(later)).toEqual([
      expect.objectContaining({ caseId, template: 'registered', audience: 'petitioner', version: 1 }),
    ]);

    // The sweep sends it again; the ledger knows it was sent: still one notice, and the marker is gone.
    expect(await redriveUnnotified({ pendingNotices, publisher }, later, 100)).toBeGreaterThanOrEqual(1);
    await eventually(
      async () =>
        (await registeredMarkers(new Date(later.getTime() + 10 * 60 * 1000))).length === 0 ? true : undefined,
      15_000,
    );
    expect(await registeredNotices(caseId)).toHaveLength(1);
  });

  it('a dispatcher that dies before the queue send still leaves the notice owed', async () => {
    const { caseId } = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
      caseId: string;
    };
    // After the normal path is done, so that nothing else touches this notice's marker: the notice is in the
    // outbox and the notifier has cleared its marker (it does so after sending).
    await eventually(async () => ((await registeredNotices(caseId)).length === 1 ? true : undefined), 15_000);
    const later = new Date(Date.now() + 10 * 60 * 1000);
    await eventually(
      async () =>
        (await pendingNotices.due(later, 100)).some(
          (marker) => marker.caseId === caseId && marker.template === 'registered',
        )
          ? undefined
          : true,
      15_000,
    );
    const [registered] = (await runtime.caseStore.timeline(caseId)) as CaseEvent[];
    const dying: QueuePublisher = {
      send: async () => {
        throw new Error('process killed');
      },
    };
    await expect(
      dispatchEvents(
        {
          publisher: dying,
          pendingDeliveries: { putAll: async () => undefined } as never,
          pendingNotices,
          store: runtime.caseStore,
        },
        [registered!],
      ),
    ).rejects.toThrow('process killed');
    const owed = await pendingNotices.due(new Date(Date.now() + 10 * 60 * 1000), 100);
    expect(
      owed.filter((marker) => marker.caseId === caseId && marker.template === 'registered'),
    ).toHaveLength(1);
  });

  it('markers of a whole stream batch go in batches: more than one request holds, a repeated one is written once', async () => {
    const dueAt = '2001-01-01T00:00:00.000Z';
    const markers = Array.from({ length: 30 }, (_, index) => ({
      caseId: `01BATCHMARKER000000000000${String(index).padStart(2, '0')}`.slice(-26),
      version: 1,
      template: 'registered' as const,
      audience: 'petitioner' as const,
      dueAt,
    }));
    await pendingNotices.putAll([...markers, markers[0]!]);
    const stored = (await pendingNotices.due(new Date('2001-01-02T00:00:00.000Z'), 100)).filter(
      (marker) => marker.dueAt === dueAt,
    );
    expect(stored.map((marker) => marker.caseId).sort()).toEqual(
      markers.map((marker) => marker.caseId).sort(),
    );
    // Removed together too (what one notifier invocation cleared), a repeated one once: nothing of them is left.
    await pendingNotices.removeAll([...markers, markers[0]!]);
    expect(
      (await pendingNotices.due(new Date('2001-01-02T00:00:00.000Z'), 100)).filter(
        (marker) => marker.dueAt === dueAt,
      ),
    ).toEqual([]);
  });

  it('removes only the markers it is given', async () => {
    const dueAt = '2001-02-01T00:00:00.000Z';
    const marker = (caseId: string) => ({
      caseId,
      version: 1,
      template: 'registered' as const,
      audience: 'petitioner' as const,
      dueAt,
    });
    const kept = marker('01KEPTMARKER00000000000000');
    await pendingNotices.putAll([
      marker('01GONEMARKER00000000000001'),
      kept,
      marker('01GONEMARKER00000000000002'),
    ]);
    await pendingNotices.removeAll([
      marker('01GONEMARKER00000000000001'),
      marker('01GONEMARKER00000000000002'),
    ]);
    expect(
      (await pendingNotices.due(new Date('2001-02-02T00:00:00.000Z'), 100)).filter(
        (stored) => stored.dueAt === dueAt,
      ),
    ).toEqual([kept]);
    await pendingNotices.remove(kept);
  });
});
