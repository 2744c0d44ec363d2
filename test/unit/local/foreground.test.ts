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
    const gate = foregroundGate({ busyAt: 2, maxWaitMs: 60_000 });
    expect(await settledNow(gate.backgroundTurn())).toBe(true);
    gate.enter();
    expect(gate.inFlight).toBe(1);
    expect(await settledNow(gate.backgroundTurn())).toBe(true);
  });

  it('holds background work while the API is busy and lets it go as soon as an invocation ends', async () => {
    const gate = foregroundGate({ busyAt: 2, maxWaitMs: 60_000 });
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
    const gate = foregroundGate({ busyAt: 1, maxWaitMs: 60_000 });
    const leave = gate.enter();
    gate.enter();
    leave();
    leave();
    expect(gate.inFlight).toBe(1);
    expect(await settledNow(gate.backgroundTurn())).toBe(false);
  });

  it('never holds background work longer than maxWaitMs, so a sustained load cannot stop the pipeline', async () => {
    vi.useFakeTimers();
    const gate = foregroundGate({ busyAt: 1, maxWaitMs: 1_000 });
    gate.enter();
    const turn = gate.backgroundTurn();
    await vi.advanceTimersByTimeAsync(999);
    expect(await settledNow(turn)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settledNow(turn)).toBe(true);
    expect(gate.inFlight).toBe(1);
  });

  it('refuses settings that would stop background work for good', () => {
    expect(() => foregroundGate({ busyAt: 0, maxWaitMs: 1_000 })).toThrow(/busyAt/);
    expect(() => foregroundGate({ busyAt: 8, maxWaitMs: -1 })).toThrow(/maxWaitMs/);
  });
});
