/**
 * `npm run bench`: every benchmark, each side by side with its floor in the same run, results written to
 * bench/results/*.json and a summary table printed at the end (and written to bench/results/summary.md,
 * which docs/benchmarks.md quotes). `npm run bench -- intake latency` runs a subset.
 * Benchmarks never assert: they measure. Targets are shown next to the numbers.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { benchAssignLatency } from './assign-latency.ts';
import { benchBundles } from './bundles.ts';
import { benchFormPage } from './form-page.ts';
import { benchIntake } from './intake.ts';
import { measureLifecycleCapacity } from './lifecycle-capacity.ts';
import { type BenchStack, startBenchStack } from './support/stack.ts';

const resultsDirectory = resolve(import.meta.dirname, 'results');
const wanted = new Set(process.argv.slice(2));
const runs = (name: string) => wanted.size === 0 || wanted.has(name);

const bars = new MultiBar(
  {
    clearOnComplete: false,
    hideCursor: true,
    // Also when piped (CI logs): a line every 5 s instead of a redrawn bar.
    noTTYOutput: true,
    notTTYSchedule: 5000,
    format: ' {bar} {percentage}% | {value}/{total} | {name}',
  },
  Presets.shades_classic,
);
const progress = (name: string, total: number): SingleBar => bars.create(total, 0, { name });

interface Row {
  readonly benchmark: string;
  readonly result: string;
  readonly floor: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: string;
}
const rows: Row[] = [];

async function save(name: string, result: unknown) {
  await mkdir(resultsDirectory, { recursive: true });
  await writeFile(
    resolve(resultsDirectory, `${name}.json`),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, ...(result as object) }, null, 2)}\n`,
  );
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const yes = (condition: boolean) => (condition ? 'yes' : 'NO');

async function withStack<T>(run: (stack: BenchStack) => Promise<T>): Promise<T> {
  const stack = await startBenchStack();
  try {
    return await run(stack);
  } finally {
    await stack.stop();
  }
}

async function main() {
  if (runs('intake')) {
    const result = await withStack((stack) => benchIntake(stack, { progress }));
    await save('intake', result);
    rows.push({
      benchmark: 'intake throughput (POST /api/petitions, 16 connections)',
      result: `${fixed(result.intake.perSecondFromTotal)} req/s, p99 ${result.intake.latencyMs.p99} ms`,
      floor: `${fixed(result.floorIntakeShape.perSecond)} tx/s (same 5-item tx); ${fixed(result.floorTwoPuts.perSecond)} tx/s (2 puts)`,
      ratio: `${fixed(result.ratioToIntakeShape, 2)} / ${fixed(result.ratioToTwoPuts, 2)}`,
      target: '≥ 0.65',
      met: yes(result.ratioToIntakeShape >= 0.65),
    });
  }
  if (runs('latency')) {
    const result = await withStack((stack) => benchAssignLatency(stack, { progress }));
    await save('assign-latency', result);
    rows.push({
      benchmark: `submit → assigned at ${result.rate}/s for ${result.seconds} s`,
      result: `p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms (${result.accepted} cases)`,
      floor: '—',
      ratio: '—',
      target: 'p99 < 2000 ms',
      met: yes(result.latencyMs.p99 < 2000 && result.notRoutedInTime === 0),
    });
  }
  if (runs('capacity')) {
    const result = await withStack((stack) => measureLifecycleCapacity(stack.emulators.dynamodbEndpoint));
    await save('lifecycle-capacity', result);
    rows.push({
      benchmark: 'DynamoDB request units per full lifecycle',
      result: `${result.total.readUnits} RRU, ${result.total.writeUnits} WRU, ${result.total.requests} requests`,
      floor: '—',
      ratio: '—',
      target: 'measured',
      met: '—',
    });
  }
  if (runs('bundles')) {
    const result = await benchBundles({ progress });
    await save('bundles', result);
    const largest = [...result.functions].sort((a, b) => b.bytes - a.bytes)[0]!;
    const slowest = [...result.functions].sort((a, b) => b.coldImportMs - a.coldImportMs)[0]!;
    rows.push({
      benchmark: `function bundles (${result.functions.length})`,
      result: `largest ${largest.name} ${fixed(largest.bytes / 1024)} KB; slowest import ${slowest.name} ${slowest.coldImportMs} ms`,
      floor: '—',
      ratio: '—',
      target: '≤ 500 KB, ≤ 150 ms',
      met: yes(result.functions.every((entry) => entry.withinSize && entry.withinImport)),
    });
  }
  if (runs('form')) {
    const result = await withStack((stack) => benchFormPage(stack));
    await save('form-page', result);
    rows.push({
      benchmark: 'public form page, first load in Chromium (360 px)',
      result: `${fixed(result.transferredBytes / 1024, 1)} KB in ${result.requests} requests, usable after ${result.interactiveMs} ms`,
      floor: '—',
      ratio: '—',
      target: '≤ 150 KB',
      met: yes(result.transferredBytes <= result.limitBytes),
    });
  }
  // Benchmarks contributed with their features; each exports `bench(progress)` returning a summary row.
  for (const [name, file] of [
    ['sweep', 'deadline-sweep.ts'],
    ['inbox', 'inbox.ts'],
  ] as const) {
    if (!runs(name) || !existsSync(resolve(import.meta.dirname, file))) continue;
    const module = (await import(`./${file}`)) as {
      bench?: (makeBar: (name: string, total: number) => SingleBar) => Promise<{ row: Row; result: unknown }>;
    };
    if (!module.bench) continue;
    const { row, result } = await module.bench(progress);
    await save(name === 'sweep' ? 'deadline-sweep' : 'inbox', result);
    rows.push(row);
  }
  bars.stop();
  const table = [
    '| benchmark | result | floor | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.benchmark} | ${row.result} | ${row.floor} | ${row.ratio} | ${row.target} | ${row.met} |`,
    ),
  ].join('\n');
  await writeFile(
    resolve(resultsDirectory, 'summary.md'),
    `Measured ${new Date().toISOString()} on Node ${process.version}\n\n${table}\n`,
  );
  console.log(`\n${table}\n\nresults in bench/results/`);
}

await main();
process.exit(0);
