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
        send: async () => {
          log.push('send');
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
  // Nothing leaves before the changes are complete, and a batch's notice markers are written at once, first.
  expect(log.lastIndexOf('complete')).toBeLessThan(log.indexOf('send'));
  expect(log.filter((entry) => entry.startsWith('markers'))).toEqual([`markers ${events.length}`]);
  expect(log.findIndex((entry) => entry.startsWith('markers'))).toBeLessThan(log.indexOf('send'));
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
