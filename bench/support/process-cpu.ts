import { readFileSync } from 'node:fs';

/**
 * CPU time, not wall time: how much work a petition costs each process, which a busy machine slows down but
 * does not change. Linux only (DynamoDB Local's figure comes from /proc); elsewhere it is left out.
 */
export interface CpuSample {
  /** This process, every thread (the gateway, the SQS emulator, every function and poller). */
  readonly nodeMs: number;
  /** DynamoDB Local's Java process, or null where /proc cannot tell. */
  readonly dynamodbLocalMs: number | null;
}

// Linux's USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 1/100 s on every architecture Node runs on.
const TICKS_PER_SECOND = 100;

function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // The command name (field 2) may hold spaces; the fields after its closing bracket are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export function sampleCpu(dynamodbPid: number | undefined): CpuSample {
  const own = process.cpuUsage();
  return { nodeMs: (own.user + own.system) / 1000, dynamodbLocalMs: processCpuMs(dynamodbPid) };
}

/** CPU milliseconds each process spent between two samples (null where either sample could not tell). */
function spentBetween(from: CpuSample, to: CpuSample) {
  return {
    nodeMs: to.nodeMs - from.nodeMs,
    dynamodbLocalMs:
      from.dynamodbLocalMs === null || to.dynamodbLocalMs === null
        ? null
        : to.dynamodbLocalMs - from.dynamodbLocalMs,
  };
}

/** CPU milliseconds spent between two samples, per unit of work (a petition). */
export function cpuPerUnit(from: CpuSample, to: CpuSample, units: number) {
  const per = (spent: number) => Math.round((spent / Math.max(1, units)) * 10) / 10;
  const spent = spentBetween(from, to);
  return {
    nodeMs: per(spent.nodeMs),
    dynamodbLocalMs: spent.dynamodbLocalMs === null ? null : per(spent.dynamodbLocalMs),
  };
}

/** Cores a process kept busy on average between two samples `seconds` apart. */
export function coresBusy(from: CpuSample, to: CpuSample, seconds: number) {
  const cores = (spent: number) => Math.round((spent / 1000 / Math.max(0.001, seconds)) * 100) / 100;
  const spent = spentBetween(from, to);
  return {
    node: cores(spent.nodeMs),
    dynamodbLocal: spent.dynamodbLocalMs === null ? null : cores(spent.dynamodbLocalMs),
  };
}

/**
 * Cores busy in each `seconds`-long stretch from now until `stop()`: shows whether a process has settled
 * (DynamoDB Local's JVM keeps compiling for tens of seconds after a fresh start) or where a run slowed.
 */
export function coresBusyEvery(dynamodbPid: number | undefined, seconds: number) {
  const stretches: ReturnType<typeof coresBusy>[] = [];
  let last = sampleCpu(dynamodbPid);
  let lastAt = performance.now();
  const take = () => {
    const now = sampleCpu(dynamodbPid);
    const at = performance.now();
    stretches.push(coresBusy(last, now, (at - lastAt) / 1000));
    last = now;
    lastAt = at;
  };
  const timer = setInterval(take, seconds * 1000);
  return {
    stop() {
      clearInterval(timer);
      // A last stretch shorter than a second says more about timer jitter than about the process.
      if (performance.now() - lastAt >= 1000) take();
      return stretches;
    },
  };
}
