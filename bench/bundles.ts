/**
 * Per function: the minified size loaded at cold start (entry + static chunks) and the time a fresh Node
 * process takes to import it (median of 9 cold processes). Targets: ≤ 500 KB and ≤ 150 ms.
 *
 * The runs go round-robin over the functions (every function once, then again), so a few seconds of machine
 * noise cost each function at most one run instead of all runs of the one measured at that moment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SingleBar } from 'cli-progress';
import { BUNDLE_LIMIT_BYTES, buildAll, runInFreshNode } from '../scripts/build.ts';

const RUNS = 9;

function coldImportMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Number(runInFreshNode(script));
}

export async function benchBundles(
  options: { progress?: (name: string, total: number) => SingleBar | undefined } = {},
) {
  const outRoot = mkdtempSync(join(tmpdir(), 'huiyin-bundles-'));
  try {
    const results = await buildAll({ outRoot });
    const bar = options.progress?.('cold imports', results.length * RUNS);
    const timesOf = results.map((): number[] => []);
    for (let run = 0; run < RUNS; run++)
      results.forEach((result, index) => {
        timesOf[index]!.push(coldImportMs(result.outfile));
        bar?.increment();
      });
    const rows = results.map((result, index) => {
      const times = timesOf[index]!.sort((a, b) => a - b);
      return {
        name: result.name,
        bytes: result.bytes,
        gzipBytes: result.gzipBytes,
        lazyBytes: result.lazyBytes,
        coldImportMs: Math.round(times[Math.floor(RUNS / 2)]! * 10) / 10,
        withinSize: result.bytes <= BUNDLE_LIMIT_BYTES,
        withinImport: times[Math.floor(RUNS / 2)]! <= 150,
      };
    });
    return { limitBytes: BUNDLE_LIMIT_BYTES, limitImportMs: 150, runs: RUNS, functions: rows };
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
}
