import { afterEach, describe, expect, it, vi } from 'vitest';
import { foregroundGate } from '../../../infra/local/foreground.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** Whether `promise` has settled by the time the microtasks queued now have run. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return settled;
}

describe('the foreground gate (the API before the pipeline, on one machine)', () => {
  it('lets background work go on at once while fewer than busyAt API invocations are in flight', async () => {
    const gate = foregroundGate({ busyAt: 2, calmAt: 1, burstPerSecond: 1, maxWaitMs: 60_000 });
    expect(await settledNow(gate.backgroundTurn())).toBe(true);
    gate.enter();
    expect(gate.inFlight).toBe(1);
    expect(await settledNow(gate.backgroundTurn())).toBe(true);
  });

  it('holds background work while the API is busy and lets it go as soon as an invocation ends', async () => {
    const gate = foregroundGate({ busyAt: 2, calmAt: 1, burstPerSecond: 1, maxWaitMs: 60_000 });
    const leaveFirst = gate.enter();
    gate.enter();
    const first = gate.backgroundTurn();
    const second = gate.backgroundTurn();
    expect(await settledNow(first)).toBe(false);
    expect(await settledNow(second)).toBe(false);

    leaveFirst();

    expect(gate.inFlight).toBe(1);
    expect(await settledNow(first)).toBe(true);
    expect(await settledNow(second)).toBe(true);
  });

  it('counts an invocation once however often its end is reported', async () => {
    const gate = foregroundGate({ busyAt: 1, calmAt: 0, burstPerSecond: 1, maxWaitMs: 60_000 });
    const leave = gate.enter();
    gate.enter();
    leave();
    leave();
    expect(gate.inFlight).toBe(1);
    expect(await settledNow(gate.backgroundTurn())).toBe(false);
  });

  it('never holds background work longer than maxWaitMs, so a sustained load cannot stop the pipeline', async () => {
    vi.useFakeTimers();
    const gate = foregroundGate({ busyAt: 1, calmAt: 0, burstPerSecond: 1, maxWaitMs: 1_000 });
    gate.enter();
    const turn = gate.backgroundTurn();
    await vi.advanceTimersByTimeAsync(999);
    expect(await settledNow(turn)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settledNow(turn)).toBe(true);
    expect(gate.inFlight).toBe(1);
  });

  it('does not hold the pipeline when invocations pile up at a steady rate (a slow moment, not a crowd)', async () => {
    vi.useFakeTimers();
    const gate = foregroundGate({ busyAt: 3, calmAt: 2, burstPerSecond: 5, maxWaitMs: 60_000 });
    // Three invocations started over three seconds, all still in flight: busy, but no burst.
    for (let second = 0; second < 3; second++) {
      gate.enter();
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(gate.inFlight).toBe(3);
    expect(await settledNow(gate.backgroundTurn())).toBe(true);
  });

  it('holds the pipeline in a burst: busyAt in flight while burstPerSecond started within the last second', async () => {
    vi.useFakeTimers();
    const gate = foregroundGate({ busyAt: 3, calmAt: 2, burstPerSecond: 5, maxWaitMs: 60_000 });
    const leaves = Array.from({ length: 5 }, () => gate.enter());
    for (const leave of leaves.slice(0, 2)) leave();
    expect(gate.inFlight).toBe(3);
    const turn = gate.backgroundTurn();
    expect(await settledNow(turn)).toBe(false);

    leaves[2]?.();

    expect(await settledNow(turn)).toBe(true);
  });

  it('keeps holding through the dips of a crowd and lets go once no more than calmAt are in flight', async () => {
    const gate = foregroundGate({ busyAt: 4, calmAt: 1, burstPerSecond: 4, maxWaitMs: 60_000 });
    const [first, second, third] = Array.from({ length: 4 }, () => gate.enter());
    const turn = gate.backgroundTurn();

    first?.();
    expect(gate.inFlight).toBe(3);
    expect(await settledNow(turn)).toBe(false);
    second?.();
    expect(await settledNow(turn)).toBe(false);
    third?.();

    expect(gate.inFlight).toBe(1);
    expect(await settledNow(turn)).toBe(true);
  });

  it('forgets starts older than a second, so a burst that has passed holds nothing', async () => {
    vi.useFakeTimers();
    const gate = foregroundGate({ busyAt: 2, calmAt: 1, burstPerSecond: 4, maxWaitMs: 60_000 });
    for (let i = 0; i < 4; i++) gate.enter();
    expect(await settledNow(gate.backgroundTurn())).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(gate.inFlight).toBe(4);
    expect(await settledNow(gate.backgroundTurn())).toBe(true);
  });

  it('refuses settings that would stop background work for good', () => {
    expect(() => foregroundGate({ busyAt: 0, calmAt: -1, burstPerSecond: 1, maxWaitMs: 1_000 })).toThrow(
      /busyAt/,
    );
    expect(() => foregroundGate({ busyAt: 8, calmAt: 7, burstPerSecond: 0, maxWaitMs: 1_000 })).toThrow(
      /burstPerSecond/,
    );
    expect(() => foregroundGate({ busyAt: 8, calmAt: 7, burstPerSecond: 1, maxWaitMs: -1 })).toThrow(
      /maxWaitMs/,
    );
    expect(() => foregroundGate({ busyAt: 8, calmAt: 8, burstPerSecond: 1, maxWaitMs: 1_000 })).toThrow(
      /calmAt/,
    );
  });
});
