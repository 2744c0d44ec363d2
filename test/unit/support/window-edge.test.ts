import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearOfShanghaiMonthEdge, clearOfWindowEdge } from '../../support/window-edge.ts';

/** The test-suite guards against counting across a window's or a month's end wait only when they must. */

afterEach(() => {
  vi.useRealTimers();
});

async function waitedMs(at: string, guard: () => Promise<void>): Promise<number> {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(at));
  const started = Date.now();
  const done = guard();
  await vi.runAllTimersAsync();
  await done;
  return Date.now() - started;
}

describe('clearOfWindowEdge', () => {
  it('goes on at once when the day window has room, and waits past 00:00 UTC when it has not', async () => {
    expect(await waitedMs('2026-12-05T12:00:00Z', () => clearOfWindowEdge(86_400, 60_000))).toBe(0);
    expect(await waitedMs('2026-12-05T23:59:30Z', () => clearOfWindowEdge(86_400, 60_000))).toBe(31_000);
  });
});

describe('clearOfShanghaiMonthEdge', () => {
  it('waits past midnight in Shanghai on the last day of the month (16:00 UTC), not past UTC midnight', async () => {
    expect(await waitedMs('2026-11-30T15:55:00Z', () => clearOfShanghaiMonthEdge(600_000))).toBe(301_000);
    expect(await waitedMs('2026-11-30T16:00:01Z', () => clearOfShanghaiMonthEdge(600_000))).toBe(0);
    expect(await waitedMs('2026-12-31T15:59:00Z', () => clearOfShanghaiMonthEdge(600_000))).toBe(61_000);
    expect(await waitedMs('2026-12-15T15:55:00Z', () => clearOfShanghaiMonthEdge(600_000))).toBe(0);
  });
});
