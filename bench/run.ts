/**
 * `npm run bench`: every benchmark, each side by side with its floor in the same run, results written to
 * bench/results/<name>.json and a summary table printed at the end (also bench/results/summary.md, quoted
 * in docs/benchmarks.md). `npm run bench -- intake latency` runs a subset.
 *
 * Each benchmark runs in a process of its own: functions keep their SDK clients and configuration for the
 * life of a process (a warm Lambda), so two local stacks must never share one. Benchmarks never assert;
 * they measure, and show the target next to the number.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { resultsDirectory, writeResult } from './support/results.ts';
import type { PipelineHeld } from './support/stack.ts';

export interface Row {
  readonly benchmark: string;
  readonly result: string;
  readonly floor: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: string;
}

type Progress = (name: string, total: number) => SingleBar;
type Benchmark = (progress: Progress) => Promise<{ row: Row; result: unknown; file: string }>;

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const yes = (condition: boolean) => (condition ? 'yes' : 'NO');

async function withStack<T>(
  run: (stack: import('./support/stack.ts').BenchStack) => Promise<T>,
  options: { startEventSources?: boolean } = {},
): Promise<T> {
  const { startBenchStack } = await import('./support/stack.ts');
  const stack = await startBenchStack(options);
  try {
    return await run(stack);
  } finally {
    await stack.stop();
  }
}

/** The ten seconds of sending whose petitions were routed slowest (p99), and when they began. */
function slowestSlice(slices: readonly { sentFromSecond: number; p99: number }[]): string {
  const slowest = slices.reduce((worst, slice) => (slice.p99 > worst.p99 ? slice : worst));
  return `p99 ${slowest.p99} ms, sent from second ${slowest.sentFromSecond}`;
}

/** The foreground gate's part in a run (infra/local/foreground.ts). */
function gaveWay(held: PipelineHeld): string {
  if (held === 'gate off') return 'pipeline not giving way (BENCH_FOREGROUND=off)';
  return held.turns === 0
    ? 'the pipeline never gave way'
    : `the pipeline gave way ${held.turns} times (${fixed(held.ms / 1000, 1)} s of poller waits)`;
}

async function intakeBenchmark(progress: Progress, pipeline: boolean) {
  const { benchIntake } = await import('./intake.ts');
  const result = await withStack((stack) => benchIntake(stack, pipeline ? 0.75 : 0.65, { progress }), {
    startEventSources: pipeline,
  });
  return {
    file: pipeline ? 'intake-live' : 'intake',
    result: { pipelineRunning: pipeline, ...result },
    row: {
      benchmark: `intake throughput (POST /api/petitions, 16 connections, pipeline ${pipeline ? 'running' : 'paused'})`,
      result: `${fixed(result.intake.perSecondFromTotal)} req/s, p99 ${result.intake.latencyMs.p99} ms, ${result.intake.errors} errors${pipeline ? `; ${gaveWay(result.pipelineHeld)}` : ''}`,
      floor: `${fixed(result.floorIntakeShapeMean)} tx/s same 5-item transaction (${fixed(result.floorIntakeShape.perSecond)} before intake, ${fixed(result.floorIntakeShapeAfter.perSecond)} after); ${fixed(result.floorTwoPuts.perSecond)} tx/s 2 puts`,
      ratio: `${fixed(result.ratioToIntakeShape, 2)} / ${fixed(result.ratioToTwoPuts, 2)}`,
      target: `≥ ${result.target}`,
      met: yes(result.ratioToIntakeShape >= result.target),
    },
  };
}

const benchmarks: Record<string, Benchmark> = {
  // Intake alone: the asynchronous pipeline is paused, so intake and its floor compete for the same
  // DynamoDB Local and nothing else: the ratio is the cost of the HTTP path, validation and guards.
  intake: async (progress) => intakeBenchmark(progress, false),
  // The same with the whole pipeline running (routing, delivery, notifications, metrics: about fifteen
  // more writes per petition on the same single DynamoDB Local process and two cores).
  'intake-live': async (progress) => intakeBenchmark(progress, true),
  latency: async (progress) => {
    const { benchAssignLatency, TARGET_RATE_PER_SECOND } = await import('./assign-latency.ts');
    // Another rate for a one-off look (`BENCH_LATENCY_RATE=12 npm run bench -- latency`); the target is at 20.
    const ratePerSecond = Number(process.env.BENCH_LATENCY_RATE ?? TARGET_RATE_PER_SECOND);
    if (!(ratePerSecond > 0))
      throw new Error('BENCH_LATENCY_RATE must be a positive number of petitions a second');
    // The earlier runs' near-identical texts for a like-for-like comparison (`BENCH_LATENCY_TEXTS=alike`).
    const texts = process.env.BENCH_LATENCY_TEXTS ?? 'county';
    if (texts !== 'county' && texts !== 'alike')
      throw new Error('BENCH_LATENCY_TEXTS must be `county` (the default) or `alike`');
    const result = await withStack((stack) => benchAssignLatency(stack, { progress, ratePerSecond, texts }));
    return {
      file: 'assign-latency',
      result,
      row: {
        benchmark: `submit → assigned at ${result.rate}/s for ${result.seconds} s${texts === 'alike' ? ' (alike texts)' : ''}`,
        result: `p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms (${result.accepted} cases, ${result.notRoutedInTime} late; p99 ${result.stagesMs.toCommitted.p99} ms to the commit, ${result.stagesMs.committedToRouted.p99} ms from there to routed; slowest ten seconds ${slowestSlice(result.latencyMsBySlice)}); ${result.requestsPerPetition} DynamoDB and SQS requests and ${result.cpuMsPerPetition.toSettled.nodeMs} ms CPU here + ${result.cpuMsPerPetition.toSettled.dynamodbLocalMs ?? '?'} ms in DynamoDB Local per petition; ${gaveWay(result.pipelineHeld)}`,
        floor: '—',
        ratio: '—',
        target: 'p99 < 1000 ms',
        met: yes(
          result.rate >= TARGET_RATE_PER_SECOND &&
            result.latencyMs.p99 < 1000 &&
            result.notRoutedInTime === 0,
        ),
      },
    };
  },
  capacity: async () => {
    const { measureLifecycleCapacitySideBySide } = await import('./lifecycle-capacity.ts');
    const result = await withStack((stack) =>
      measureLifecycleCapacitySideBySide(stack.emulators.dynamodbEndpoint),
    );
    const { after, before, targetWriteUnits } = result;
    return {
      file: 'lifecycle-capacity',
      result,
      row: {
        benchmark: 'DynamoDB request units per full lifecycle (floor: one transaction per change, as before)',
        result: `${after.total.readUnits} RRU, ${after.total.writeUnits} WRU, ${after.total.requests} requests`,
        floor: `${before.total.writeUnits} WRU`,
        ratio: (after.total.writeUnits / before.total.writeUnits).toFixed(2),
        target: `≤ ${targetWriteUnits} WRU`,
        met: after.total.writeUnits <= targetWriteUnits ? 'yes' : 'no',
      },
    };
  },
  requests: async () => {
    const { measureLifecycleRequests } = await import('./lifecycle-requests.ts');
    const result = await withStack((stack) => measureLifecycleRequests(stack));
    return {
      file: 'lifecycle-requests',
      result,
      row: {
        benchmark: 'requests per full lifecycle through the whole pipeline',
        result: `DynamoDB ${result.dynamodb.requests} requests (${result.dynamodb.readUnits} RRU, ${result.dynamodb.writeUnits} WRU); SQS ${result.sqs.requests} requests`,
        floor: '—',
        ratio: '—',
        target: 'measured',
        met: '—',
      },
    };
  },
  bundles: async (progress) => {
    const { benchBundles } = await import('./bundles.ts');
    const result = await benchBundles({ progress });
    const largest = [...result.functions].sort((a, b) => b.bytes - a.bytes)[0]!;
    const slowest = [...result.functions].sort((a, b) => b.coldImportMs - a.coldImportMs)[0]!;
    return {
      file: 'bundles',
      result,
      row: {
        benchmark: `function bundles (${result.functions.length}): size at cold start, cold import`,
        result: `largest ${largest.name} ${fixed(largest.bytes / 1024)} KB; slowest import ${slowest.name} ${slowest.coldImportMs} ms`,
        floor: '—',
        ratio: '—',
        target: '≤ 500 KB, ≤ 150 ms',
        met: yes(result.functions.every((entry) => entry.withinSize && entry.withinImport)),
      },
    };
  },
  form: async () => {
    const { benchFormPage } = await import('./form-page.ts');
    const result = await withStack((stack) => benchFormPage(stack));
    return {
      file: 'form-page',
      result,
      row: {
        benchmark: 'public form page, first load in Chromium (360 px)',
        result: `${fixed(result.transferredBytes / 1024, 1)} KB in ${result.requests} requests, usable after ${result.interactiveMs} ms`,
        floor: '—',
        ratio: '—',
        target: '≤ 150 KB',
        met: yes(result.transferredBytes <= result.limitBytes),
      },
    };
  },
  sweep: async () => {
    const { bench } = await import('./deadline-sweep.ts');
    return { file: 'deadline-sweep', ...(await bench()) };
  },
  inbox: async () => {
    const { bench } = await import('./inbox.ts');
    return { file: 'inbox-ratio', ...(await bench()) };
  },
  // Similar cases: its own DynamoDB Local per table size (no local stack: only the index, the consumer's use
  // case and the hot-topic job are measured). About ten minutes, most of it seeding 100,000 cases' band items.
  similar: async () => {
    const { bench } = await import('./similar.ts');
    return { file: 'similar', ...(await bench()) };
  },
};

async function runOne(name: string) {
  const benchmark = benchmarks[name];
  if (!benchmark) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benchmarks).join(', ')}`);
  const bars = new MultiBar(
    {
      clearOnComplete: false,
      hideCursor: true,
      stream: process.stderr,
      // Also when piped (CI logs): a line every 5 s instead of a redrawn bar.
      noTTYOutput: true,
      notTTYSchedule: 5000,
      format: ` ${name} {bar} {percentage}% | {value}/{total} | {name}`,
    },
    Presets.shades_classic,
  );
  const { row, result, file } = await benchmark((label, total) => bars.create(total, 0, { name: label }));
  bars.stop();
  await writeResult(file, result as object);
  process.stdout.write(`\n@@ROW ${JSON.stringify(row)}\n`);
}

function runChild(name: string): Promise<Row | null> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, 'run.ts'), '--one', name],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith('@@ROW '));
      if (code !== 0 || !line) {
        console.error(`${name}: failed (exit ${code})`);
        done(null);
        return;
      }
      done(JSON.parse(line.slice('@@ROW '.length)) as Row);
    });
  });
}

async function main() {
  if (process.argv[2] === '--one') {
    await runOne(process.argv[3] ?? '');
    process.exit(0);
  }
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
  const rows: Row[] = [];
  for (const name of names) {
    console.error(`\n▶ ${name}`);
    const row = await runChild(name);
    if (row) rows.push(row);
  }
  const table = [
    '| benchmark | result | floor | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.benchmark} | ${row.result} | ${row.floor} | ${row.ratio} | ${row.target} | ${row.met} |`,
    ),
  ].join('\n');
  const complete = rows.length === names.length;
  // A run with a failed benchmark leaves the last summary as it was, rather than one with that row missing.
  if (complete) {
    await mkdir(resultsDirectory, { recursive: true });
    await writeFile(
      resolve(resultsDirectory, 'summary.md'),
      `Measured ${new Date().toISOString()} on Node ${process.version} (${names.join(', ')})\n\n${table}\n`,
    );
  }
  console.log(
    `\n${table}\n\n${complete ? 'results in bench/results/' : 'a benchmark failed: bench/results/summary.md left as it was'}`,
  );
  process.exit(complete ? 0 : 1);
}

await main();
