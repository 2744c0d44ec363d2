/**
 * People first, on one machine. In AWS the API's functions and the pipeline's (stream and queue consumers)
 * run in Lambdas of their own against an on-demand table: a backlog in the pipeline never slows a petition's
 * submission or a handler's page. The local runtime runs both in one Node process against one DynamoDB Local,
 * which uses about one core; a pipeline that works through a backlog at full speed halves what the API can
 * serve (docs/architecture.md, "The local runtime").
 *
 * So the event-source pollers take their turn after the people: while `busyAt` or more API invocations are
 * in flight (from the gateway's call of the function to its answer), a poller waits before its next read, until they drop below `busyAt` or
 * `maxWaitMs` has passed, so the pipeline never stops under sustained load. Nothing else changes: the same
 * batches, retries, visibility timeouts and order; only when a poller reads next. Below `busyAt` (a county's
 * everyday load) the pollers never wait.
 */
export interface ForegroundGate {
  /** Counts one API invocation in flight; call what it returns once the gateway has answered it. */
  enter(): () => void;
  /** Resolves when background work may go on (at once unless the API is busy). */
  backgroundTurn(): Promise<void>;
  /** API invocations in flight now. */
  readonly inFlight: number;
}

export interface ForegroundGateOptions {
  /** API invocations in flight at which background work waits. */
  readonly busyAt: number;
  /** The longest a poller waits for its turn. */
  readonly maxWaitMs: number;
}

/** 8 of the 16 connections a busy client opens; a county's everyday load keeps one or two in flight. */
export const defaultForegroundGate: ForegroundGateOptions = { busyAt: 8, maxWaitMs: 1_000 };

export function foregroundGate(options: ForegroundGateOptions = defaultForegroundGate): ForegroundGate {
  if (!(options.busyAt >= 1) || !(options.maxWaitMs >= 0))
    throw new Error('foregroundGate: busyAt must be at least 1 and maxWaitMs not negative');
  let inFlight = 0;
  const waiting = new Set<() => void>();
  const release = () => {
    for (const resume of [...waiting]) resume();
  };
  return {
    get inFlight() {
      return inFlight;
    },
    enter() {
      inFlight++;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inFlight--;
        if (inFlight < options.busyAt) release();
      };
    },
    backgroundTurn() {
      if (inFlight < options.busyAt) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const resume = () => {
          clearTimeout(timer);
          waiting.delete(resume);
          resolve();
        };
        const timer = setTimeout(resume, options.maxWaitMs);
        waiting.add(resume);
      });
    },
  };
}
