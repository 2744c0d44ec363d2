/**
 * People first, on one machine. In AWS the API's functions and the pipeline's (stream and queue consumers)
 * run in Lambdas of their own against an on-demand table: a backlog in the pipeline never slows a petition's
 * submission or a handler's page. The local runtime runs both in one Node process against one DynamoDB Local,
 * which uses about one core; a pipeline that works through a backlog at full speed halves what the API can
 * serve (docs/architecture.md, "The local runtime").
 *
 * So during a burst the event-source pollers take their turn after the people. A burst is many API invocations
 * in flight (`busyAt`) while many start each second (`burstPerSecond`). Both are needed: invocations pile up
 * also when DynamoDB Local has a slow moment under a county's steady load, and holding the pipeline then only
 * delays every petition's routing; what the gate is for is a crowd that keeps the API saturated. While the API
 * is in a burst, a poller waits before its next read until no more than `calmAt` are in flight or `maxWaitMs`
 * has passed, so the pipeline never stops under sustained load. Nothing else changes: the same batches, retries,
 * visibility timeouts and order; only when a poller reads next.
 */
export interface ForegroundGate {
  /** Counts one API invocation in flight; call what it returns once the gateway has answered it. */
  enter(): () => void;
  /** Resolves when background work may go on (at once unless the API is in a burst). */
  backgroundTurn(): Promise<void>;
  /** API invocations in flight now. */
  readonly inFlight: number;
  /** How often and how long pollers have waited so far (benchmarks report it; nothing else reads it). */
  held(): { readonly turns: number; readonly ms: number };
}

export interface ForegroundGateOptions {
  /** API invocations in flight at which a burst holds background work. */
  readonly busyAt: number;
  /**
   * API invocations in flight at or below which held pollers go on. Lower than `busyAt`: a crowd's requests
   * leave the function for a moment between their invocations (the gateway parses and answers them), and
   * resuming at the first dip below `busyAt` would give the pipeline a turn every few milliseconds.
   */
  readonly calmAt: number;
  /** API invocations started within the last second that make the load a burst, not a slow moment. */
  readonly burstPerSecond: number;
  /** The longest a poller waits for its turn. */
  readonly maxWaitMs: number;
}

/**
 * 8 of the 16 connections a busy client opens, at 50 invocations a second: more than twice the 20 petitions
 * a second the latency target is set at, and about what ten staff opening pages at once cause. A county's
 * everyday load keeps one or two in flight.
 */
export const defaultForegroundGate: ForegroundGateOptions = {
  busyAt: 8,
  calmAt: 4,
  burstPerSecond: 50,
  maxWaitMs: 5_000,
};

const RATE_WINDOW_MS = 1_000;

export function foregroundGate(options: ForegroundGateOptions = defaultForegroundGate): ForegroundGate {
  if (!(options.busyAt >= 1) || !(options.burstPerSecond >= 1) || !(options.maxWaitMs >= 0))
    throw new Error(
      'foregroundGate: busyAt and burstPerSecond must be at least 1 and maxWaitMs not negative',
    );
  if (!(options.calmAt >= 0 && options.calmAt < options.busyAt))
    throw new Error('foregroundGate: calmAt must be at least 0 and below busyAt');
  let inFlight = 0;
  /** Start times of the invocations started within the last RATE_WINDOW_MS, oldest first. */
  const starts: number[] = [];
  const startedLately = (now: number) => {
    while (starts.length > 0 && (starts[0] as number) <= now - RATE_WINDOW_MS) starts.shift();
    return starts.length;
  };
  const inBurst = () => inFlight >= options.busyAt && startedLately(Date.now()) >= options.burstPerSecond;
  const waiting = new Set<() => void>();
  let heldTurns = 0;
  let heldMs = 0;
  const release = () => {
    for (const resume of [...waiting]) resume();
  };
  return {
    get inFlight() {
      return inFlight;
    },
    held: () => ({ turns: heldTurns, ms: heldMs }),
    enter() {
      inFlight++;
      const now = Date.now();
      // Forgets the starts that have left the window here too, not only when a poller asks: a county's
      // everyday load never asks, and `npm start` runs for months.
      startedLately(now);
      starts.push(now);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inFlight--;
        if (inFlight <= options.calmAt) release();
      };
    },
    backgroundTurn() {
      if (!inBurst()) return Promise.resolve();
      heldTurns++;
      const heldSince = Date.now();
      return new Promise<void>((resolve) => {
        const resume = () => {
          clearTimeout(timer);
          waiting.delete(resume);
          heldMs += Date.now() - heldSince;
          resolve();
        };
        const timer = setTimeout(resume, options.maxWaitMs);
        waiting.add(resume);
      });
    },
  };
}
