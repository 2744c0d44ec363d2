import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../shared/domain/case/model.ts';
import { dispatchEvents } from '../../../shared/use-cases/dispatch-event.ts';

/**
 * The dispatcher completes a change whose writer stopped between event and case before sending what the
 * event set in motion; a case the same stream batch showed at the event's version (or later) is complete
 * already, and costs no read.
 */

const event = (caseId: string, version: number): CaseEvent => ({
  caseId,
  version,
  type: 'registered' as CaseEvent['type'],
  at: '2026-03-02T02:00:00.000Z',
  actor: { kind: 'system' } as unknown as CaseEvent['actor'],
  changes: {},
  data: {},
});

async function completedFor(events: CaseEvent[], casesSeen?: Map<string, number>) {
  const completed: string[] = [];
  const log: string[] = [];
  await dispatchEvents(
    {
      publisher: {
        send: async (queue) => {
          log.push(`send ${queue}`);
        },
      },
      pendingDeliveries: { putAll: async () => undefined } as never,
      pendingNotices: {
        putAll: async (markers: readonly unknown[]) => {
          log.push(`markers ${markers.length}`);
        },
      } as never,
      store: {
        completeChange: async (caseId, version) => {
          completed.push(`${caseId}@${version}`);
          log.push('complete');
        },
      },
    },
    events,
    casesSeen,
  );
  // Nothing leaves before the changes are complete, and a batch's notice markers are written at once, before
  // the notices.
  const firstSend = log.findIndex((entry) => entry.startsWith('send'));
  expect(log.lastIndexOf('complete')).toBeLessThan(firstSend);
  expect(log.filter((entry) => entry.startsWith('markers'))).toEqual([`markers ${events.length}`]);
  expect(log.findIndex((entry) => entry.startsWith('markers'))).toBeLessThan(
    log.indexOf('send notifications'),
  );
  expect(log.filter((entry) => entry.startsWith('send')).sort()).toEqual([
    'send notifications',
    'send routing',
    'send similar',
  ]);
  return completed.sort();
}

describe('completing changes before dispatch', () => {
  it('completes each case once, up to its newest event in the batch', async () => {
    expect(await completedFor([event('A', 3), event('A', 4), event('B', 1)])).toEqual(['A@4', 'B@1']);
  });

  it('skips a case the batch showed at the newest event version or later, and only that case', async () => {
    const seen = new Map([
      ['A', 4],
      ['B', 1],
      ['C', 2],
    ]);
    // A at 4 and B at 1: complete. C was seen one version behind its event: the writer may have stopped.
    // D was not seen at all.
    expect(
      await completedFor([event('A', 3), event('A', 4), event('B', 1), event('C', 3), event('D', 2)], seen),
    ).toEqual(['C@3', 'D@2']);
  });
});

/** A promise and what resolves it, to hold a write in flight. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Runs every step that is ready now (a handful of promise turns). */
async function readyStepsRun() {
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
}

/** Case A's registration, which the batch showed complete: a route, a notice (with its marker), a similar check. */
const dispatchRegistration = (send: (queue: string) => Promise<void>, putNotices: () => Promise<void>) =>
  dispatchEvents(
    {
      publisher: { send },
      pendingDeliveries: { putAll: async () => undefined } as never,
      pendingNotices: { putAll: putNotices } as never,
      store: { completeChange: async () => undefined },
    },
    [event('A', 1)],
    new Map([['A', 1]]),
  );

describe('what waits for the markers', () => {
  it('routing and similar cases go out while the markers are still being written; notices only after', async () => {
    const sent: string[] = [];
    const markers = deferred();
    const dispatching = dispatchRegistration(
      async (queue) => {
        sent.push(queue);
      },
      () => markers.promise,
    );
    // The marker write is still pending.
    await readyStepsRun();
    expect(sent.sort()).toEqual(['routing', 'similar']);

    markers.resolve();
    expect(await dispatching).toBe(3);
    expect(sent.sort()).toEqual(['notifications', 'routing', 'similar']);
  });

  it('a failed marker write fails the batch before any notice is sent', async () => {
    const sent: string[] = [];
    await expect(
      dispatchRegistration(
        async (queue) => {
          sent.push(queue);
        },
        async () => Promise.reject(new Error('throttled')),
      ),
    ).rejects.toThrow('throttled');
    expect(sent).not.toContain('notifications');
  });

  it('a failed routing send fails the batch only once the markers are written and nothing is in flight', async () => {
    let markersWritten = false;
    const markers = deferred();
    const dispatching = dispatchRegistration(
      async (queue) => {
        if (queue === 'routing') throw new Error('queue down');
      },
      async () => {
        await markers.promise;
        markersWritten = true;
      },
    );
    let failed = false;
    dispatching.catch(() => {
      failed = true;
    });
    await readyStepsRun();
    expect(failed).toBe(false);

    markers.resolve();
    await expect(dispatching).rejects.toThrow('queue down');
    expect(markersWritten).toBe(true);
  });
});
