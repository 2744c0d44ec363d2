import { resolve } from 'node:path';
import { type Emulators, startEmulators } from '../../infra/local/emulators.ts';
import { defaultForegroundGate, type ForegroundGateOptions } from '../../infra/local/foreground.ts';
import { freePort } from '../../infra/local/ports.ts';
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';

/**
 * A whole local stack for a benchmark: fresh emulators on free ports (DynamoDB Local in memory, like the
 * floors in NOTES.md) and the runtime with the demo county. Rate limits are off: a load generator is one IP.
 */
export interface BenchStack {
  readonly emulators: Emulators;
  readonly runtime: Runtime;
  stop(): Promise<void>;
}

export async function startBenchStack(
  options: { staticRoot?: string; dataDirectory?: string; startEventSources?: boolean } = {},
): Promise<BenchStack> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.LOG_LEVEL ??= 'ERROR';
  process.env.RATE_LIMITS = 'off';
  const emulators = await startEmulators({
    dynamodbPort: await freePort(),
    sqsPort: await freePort(),
    ...(options.dataDirectory ? { dataDirectory: options.dataDirectory } : {}),
  });
  const runtime = await startRuntime({
    dynamodbEndpoint: emulators.dynamodbEndpoint,
    sqsEndpoint: emulators.sqsEndpoint,
    prefix: 'bench-',
    port: await freePort(),
    staticRoot: options.staticRoot ?? resolve(import.meta.dirname, '../../web/dist'),
    seedDemoCounty: true,
    runSchedules: false,
    // Benchmarks measure beyond API Gateway's stage throttle (rate limits are off too).
    throttle: 'off',
    // The pipeline gives way to the API as `npm start` does; BENCH_FOREGROUND=off lets them compete, and
    // BENCH_FOREGROUND='{"maxWaitMs":1000}' measures other settings of the gate.
    ...benchForeground(process.env.BENCH_FOREGROUND),
    ...(options.startEventSources === false ? { startEventSources: false } : {}),
  });
  return {
    emulators,
    runtime,
    stop: async () => {
      await runtime.stop();
      await emulators.stop();
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

function benchForeground(setting: string | undefined): { foreground?: ForegroundGateOptions | 'off' } {
  if (!setting) return {};
  if (setting === 'off') return { foreground: 'off' };
  return {
    foreground: { ...defaultForegroundGate, ...(JSON.parse(setting) as Partial<ForegroundGateOptions>) },
  };
}

/** How often and how long the pipeline's pollers gave way to the API (foreground.ts) during a measurement. */
export type PipelineHeld = { turns: number; ms: number } | 'gate off';

/** From now on: how often and how long the pipeline's pollers gave way to the API. */
export function pipelineHeldFrom(stack: BenchStack): () => PipelineHeld {
  const gate = stack.runtime.foreground;
  const before = gate?.held();
  return () => {
    const now = gate?.held();
    return now && before ? { turns: now.turns - before.turns, ms: now.ms - before.ms } : 'gate off';
  };
}
