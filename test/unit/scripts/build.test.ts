import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_LIMIT_BYTES,
  type BundleResult,
  bundleFunction,
  bundleOptions,
  defaultOutRoot,
  formatSizeTable,
  lambdaInstallCommand,
  nativeImports,
  runInFreshNode,
  sizeReport,
  stageNativeModules,
  staticClosure,
} from '../../../scripts/build.ts';
import { functionNames, functions } from '../../../shared/topology.ts';

/** Runs `build` with an output folder of its own, removed afterwards whatever happens. */
async function inFreshOutRoot(build: (outRoot: string) => Promise<void>): Promise<void> {
  const outRoot = await mkdtemp(join(tmpdir(), 'huiyin-build-'));
  try {
    await build(outRoot);
  } finally {
    await rm(outRoot, { recursive: true, force: true });
  }
}

/** The input files (project paths) an entry evaluates at start-up, before any lazy chunk is loaded. */
function inputsLoadedAtStart(result: BundleResult): string[] {
  const entryFile = Object.keys(result.metafile.outputs).find((file) => file.endsWith('/index.mjs'))!;
  return staticClosure(result.metafile, entryFile).flatMap((file) =>
    Object.keys(result.metafile.outputs[file]?.inputs ?? {}),
  );
}

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
    // The AWS SDK is shipped, not taken from the Lambda runtime; only native addons (sharp, the segmenter)
    // stay outside the bundle.
    expect(options.external).toEqual(['sharp', '@node-rs/jieba']);
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

describe('the official holiday table at cold start', () => {
  // chinese-days' JSON (37 KB) and the table built from it cost ~20 ms of import; functions that only format
  // Shanghai dates (the report facts, hot topics, similar cases) or load the calendar on first use must not carry them. The deadline sweep does use them.
  it('loads only in functions that compute deadlines at start-up', async () => {
    await inFreshOutRoot(async (outRoot) => {
      const [hotTopics, metrics, similarCases, sweep] = await Promise.all([
        bundleFunction('jobHotTopics', { outRoot }),
        bundleFunction('streamMetrics', { outRoot }),
        bundleFunction('staffSimilarCases', { outRoot }),
        bundleFunction('jobDeadlineSweep', { outRoot }),
      ]);
      const holidayTable = (input: string) => input.includes('chinese-days');
      expect(inputsLoadedAtStart(hotTopics).filter(holidayTable)).toEqual([]);
      expect(inputsLoadedAtStart(metrics).filter(holidayTable)).toEqual([]);
      expect(inputsLoadedAtStart(similarCases).filter(holidayTable)).toEqual([]);
      expect(inputsLoadedAtStart(sweep).filter(holidayTable)).not.toEqual([]);
      // The metrics consumer still has it: the work calendar loads it on first use.
      expect(Object.keys(metrics.metafile.inputs).some(holidayTable)).toBe(true);
    });
  }, 120_000);
});

/**
 * Imports a bundle in a fresh Node process whose `Intl` constructors and `toLocale*`/`localeCompare` methods
 * record their callers' use, and returns the names used while the module was being evaluated.
 */
function intlUsedAtImport(file: string): string[] {
  const script = `
    const used = new Set();
    for (const name of ['NumberFormat', 'DateTimeFormat', 'Collator', 'PluralRules', 'Segmenter', 'RelativeTimeFormat', 'ListFormat']) {
      const original = Intl[name];
      Intl[name] = new Proxy(original, {
        construct(target, args) { used.add('Intl.' + name); return Reflect.construct(target, args); },
        apply(target, self, args) { used.add('Intl.' + name); return Reflect.apply(target, self, args); },
      });
    }
    const methods = [[Number.prototype, 'toLocaleString', 'Number'], [Date.prototype, 'toLocaleString', 'Date'],
      [Date.prototype, 'toLocaleDateString', 'Date'], [Date.prototype, 'toLocaleTimeString', 'Date'],
      [String.prototype, 'localeCompare', 'String']];
    for (const [prototype, method, owner] of methods) {
      const original = prototype[method];
      prototype[method] = function (...args) { used.add(owner + '.' + method); return original.apply(this, args); };
    }
    await import(${JSON.stringify(file)});
    process.stdout.write(JSON.stringify([...used].sort()));
  `;
  const output = runInFreshNode(script);
  return JSON.parse(output) as string[];
}

describe('Intl at cold start', () => {
  // The first Intl use of a process loads ICU's data for it: ~20 ms for number formats, paid at every cold
  // start by a function whose modules call it at top level (an error message once formatted 4000 as "4,000").
  it('is not used while a function module is imported', async () => {
    await inFreshOutRoot(async (outRoot) => {
      const built = await Promise.all(
        (['open311Create', 'apiCreatePetition', 'staffGetCase'] as const).map((name) =>
          bundleFunction(name, { outRoot }),
        ),
      );
      for (const result of built)
        expect({ [result.name]: intlUsedAtImport(result.outfile) }).toEqual({ [result.name]: [] });
    });
  }, 120_000);
});

describe('sharp for Lambda arm64', () => {
  it('stays out of the bundles that load it, and those get it for linux arm64 in their node_modules', async () => {
    await inFreshOutRoot(async (outRoot) => {
      const [petition, health] = await Promise.all([
        bundleFunction('apiCreatePetition', { outRoot }),
        bundleFunction('apiHealth', { outRoot }),
      ]);
      expect(nativeImports(petition.metafile)).toEqual(['sharp']);
      expect(nativeImports(health.metafile)).toEqual([]);
      // Loaded lazily: a petition without photos never opens libvips.
      expect(petition.bytes).toBeLessThan(BUNDLE_LIMIT_BYTES);

      // The bundled image code runs as built (emscripten's libheif included), with this machine's sharp.
      const functionRoot = join(outRoot, 'api-create-petition');
      await symlink(
        resolve(import.meta.dirname, '../../../node_modules'),
        join(functionRoot, 'node_modules'),
      );
      const chunk = (await readdir(join(functionRoot, 'chunks'))).find((file) =>
        file.startsWith('clean-image-'),
      )!;
      const { cleanImage } = (await import(join(functionRoot, 'chunks', chunk))) as {
        cleanImage: (bytes: Uint8Array) => Promise<{ contentType: string; width: number }>;
      };
      const heic = await readFile(resolve(import.meta.dirname, '../../fixtures/photo.heic'));
      expect(await cleanImage(heic)).toMatchObject({ contentType: 'image/jpeg', width: 64 });
      await rm(join(functionRoot, 'node_modules'));

      const commands: string[][] = [];
      const staged = await stageNativeModules([petition, health], {
        outRoot,
        install: async (command, args) => {
          commands.push([command, ...args]);
          const prefix = args[args.indexOf('--prefix') + 1]!;
          await mkdir(join(prefix, 'node_modules/@img/sharp-linux-arm64'), { recursive: true });
          await writeFile(
            join(prefix, 'node_modules/@img/sharp-linux-arm64/package.json'),
            '{"cpu":["arm64"]}',
          );
        },
      });

      expect(staged).toEqual(['api-create-petition']);
      expect(commands).toHaveLength(1);
      expect(commands[0]).toEqual(
        expect.arrayContaining(['--os=linux', '--cpu=arm64', '--libc=glibc', '--omit=dev']),
      );
      expect(commands[0]!.at(-1)).toMatch(/^sharp@0\.35\.\d+$/);
      expect(
        await readFile(
          join(outRoot, 'api-create-petition/node_modules/@img/sharp-linux-arm64/package.json'),
          'utf8',
        ),
      ).toContain('arm64');
      await expect(
        readFile(join(outRoot, 'api-health/node_modules/@img/sharp-linux-arm64/package.json')),
      ).rejects.toThrow();
    });
  }, 120_000);

  it('installs from the registry with the platform flags npm understands', () => {
    expect(lambdaInstallCommand('/x', 'sharp@0.35.6')).toEqual([
      'npm',
      expect.arrayContaining([
        'install',
        '--prefix',
        '/x',
        '--os=linux',
        '--cpu=arm64',
        '--libc=glibc',
        'sharp@0.35.6',
      ]),
    ]);
  });
});
