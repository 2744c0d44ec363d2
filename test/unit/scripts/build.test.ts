import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_LIMIT_BYTES,
  type BundleResult,
  bundleOptions,
  defaultOutRoot,
  formatSizeTable,
  sizeReport,
} from '../../../scripts/build.ts';
import { functionNames, functions } from '../../../shared/topology.ts';

describe('bundleOptions', () => {
  it.each(functionNames)('bundles %s alone, everything included, as node22 ESM', (name) => {
    const options = bundleOptions(name);
    expect(options.entryPoints).toEqual([
      resolve(import.meta.dirname, '../../../functions', `${functions[name].entry}.ts`),
    ]);
    expect(options.outdir).toBe(resolve(defaultOutRoot, functions[name].entry));
    expect(options.entryNames).toBe('index');
    expect(options.splitting).toBe(true);
    expect(options).toMatchObject({
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      sourcemap: 'external',
      metafile: true,
    });
    // The AWS SDK is shipped, not taken from the Lambda runtime.
    expect(options.external ?? []).toEqual([]);
    expect(options.packages).toBeUndefined();
    expect(options.banner?.js).toMatch(/createRequire.*\n.*const require = /);
  });
});

describe('size reporting', () => {
  const result = (name: (typeof functionNames)[number], bytes: number): BundleResult => ({
    name,
    entry: functions[name].entry,
    outfile: resolve(defaultOutRoot, functions[name].entry, 'index.mjs'),
    bytes,
    gzipBytes: Math.round(bytes / 4),
    lazyBytes: 1024,
    buildMs: 1,
    overLimit: bytes > BUNDLE_LIMIT_BYTES,
    metafile: { inputs: {}, outputs: {} },
  });

  it('marks the bundles over the limit in the table', () => {
    const table = formatSizeTable([result('apiHealth', 300 * 1024), result('queueRouter', 600 * 1024)]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^function\s+entry\s+size KB\s+gzip KB\s+lazy KB$/);
    expect(lines[1]).toMatch(/^apiHealth\s+api-health\s+300\.0\s+75\.0\s+1\.0\s+ok$/);
    expect(lines[2]).toMatch(/queueRouter.*600\.0.*OVER 500\.0 KB LIMIT$/);
  });

  it('writes paths relative to the project', () => {
    const report = sizeReport([result('apiHealth', 1000)]);
    expect(report.limitBytes).toBe(BUNDLE_LIMIT_BYTES);
    expect(report.functions).toEqual([
      {
        name: 'apiHealth',
        entry: 'api-health',
        outfile: 'dist/api-health/index.mjs',
        bytes: 1000,
        gzipBytes: 250,
        lazyBytes: 1024,
        overLimit: false,
      },
    ]);
  });
});
