/**
 * `npm run build`: one minified ESM bundle per topology function, ready for Lambda (nodejs22.x).
 *
 *   dist/<entry>/index.mjs        the entry (Lambda handler `index.handler`)
 *   dist/<entry>/chunks/*.mjs     chunks it shares or loads lazily (code splitting)
 *   dist/<entry>/*.map            source maps (esbuild `external`: no sourceMappingURL comment)
 *   dist/metafiles/<entry>.json   esbuild metafile (inspect with https://esbuild.github.io/analyze/)
 *   dist/bundle-sizes.json        sizes of every bundle, for the benchmark and CI
 *
 * Everything is bundled, the AWS SDK v3 included: Lambda's built-in SDK is not the version our lockfile
 * pins, so we ship ours. The exceptions are native addons (`NATIVE_EXTERNALS`: sharp's libvips for photos,
 * jieba's Chinese segmenter): they stay external, and the functions that load one get `dist/<entry>/node_modules/`
 * with that package and its prebuilt binaries for Lambda's platform (linux arm64, glibc), installed from the npm
 * registry with npm's `--os/--cpu/--libc` (docs/deploy.md).
 * Metafiles live outside the function folders so each `dist/<entry>/` can be zipped as-is. Exits non-zero
 * when a bundle is larger than BUNDLE_LIMIT_BYTES (the benchmark target).
 *
 * `bundleFunction`, `measureBundle` and `buildAll` are exported for the benchmark; importing this module
 * builds nothing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { type BuildOptions, build, version as esbuildVersion, type Metafile } from 'esbuild';
import { type FunctionName, functionNames, functions } from '../shared/topology.ts';

const gzipAsync = promisify(gzip);

export const projectRoot = resolve(import.meta.dirname, '..');
export const defaultOutRoot = resolve(projectRoot, 'dist');

/** Benchmark target for one minified bundle: 500 KiB. */
export const BUNDLE_LIMIT_BYTES = 500 * 1024;

/**
 * Packages with native code that cannot be bundled. Lambda runs nodejs22.x on arm64 (Graviton, glibc), so
 * their binaries for that platform ship beside the bundle; the machine that builds may be anything.
 */
export const NATIVE_EXTERNALS = ['sharp', '@node-rs/jieba'] as const;
export const LAMBDA_PLATFORM = { os: 'linux', cpu: 'arm64', libc: 'glibc' } as const;

/**
 * ESM output still meets CommonJS dependencies that call `require` (the AWS SDK's transitive deps do):
 * give them a real one. Aliased so it cannot collide with an import of `createRequire` in bundled code.
 * Emscripten output (libheif for HEIC photos) reads `__dirname` and `__filename` as CommonJS has them.
 */
export const ESM_REQUIRE_BANNER = [
  "import { createRequire as __huiyinCreateRequire } from 'node:module';",
  'const require = __huiyinCreateRequire(import.meta.url);',
  'const __filename = import.meta.filename;',
  'const __dirname = import.meta.dirname;',
].join('\n');

/** The esbuild options of one function's bundle, exposed so a benchmark can vary one knob at a time. */
export function bundleOptions(name: FunctionName, outRoot = defaultOutRoot): BuildOptions {
  const { entry } = functions[name];
  return {
    absWorkingDir: projectRoot,
    entryPoints: [resolve(projectRoot, 'functions', `${entry}.ts`)],
    outdir: resolve(outRoot, entry),
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    // Code the SDK only loads on demand (SSO, INI-file and web-identity credential providers, STS) goes into
    // lazy chunks that a Lambda never loads: its credentials come from the environment.
    splitting: true,
    bundle: true,
    minify: true,
    // Not needed (and 40 KB per bundle): every error class spells out its own `name`.
    keepNames: false,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Prefer packages' ES module builds (the AWS SDK's `dist-es`): they tree-shake far better than CJS.
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: [...NATIVE_EXTERNALS],
    sourcemap: 'external',
    metafile: true,
    logLevel: 'silent',
    write: true,
  };
}

/** Which native externals a bundle imports (from its metafile): those it needs in its `node_modules/`. */
export function nativeImports(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const imported of output.imports)
      if (imported.external && (NATIVE_EXTERNALS as readonly string[]).includes(imported.path))
        found.add(imported.path);
  return [...found].sort();
}

/** The npm command that installs a native package for Lambda's platform into `prefix` (from the registry). */
export function lambdaInstallCommand(prefix: string, spec: string): [string, string[]] {
  return [
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      `--os=${LAMBDA_PLATFORM.os}`,
      `--cpu=${LAMBDA_PLATFORM.cpu}`,
      `--libc=${LAMBDA_PLATFORM.libc}`,
      '--omit=dev',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      spec,
    ],
  ];
}

/**
 * Runs an ES module script in a fresh Node process whose environment holds only what a bundle needs to load
 * (a region; no credentials or project settings), and returns what it printed. The bundles benchmark times
 * cold imports with it; `test/unit/scripts/build.test.ts` checks what an import touches.
 */
export function runInFreshNode(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
}

/** Runs an install command; tests pass their own (the real one needs the npm registry). */
export type NativeInstaller = (command: string, args: string[]) => Promise<void>;

const run: NativeInstaller = (command, args) =>
  new Promise<void>((done, fail) =>
    execFile(command, args, { cwd: projectRoot }, (error, _stdout, stderr) =>
      error ? fail(new Error(`${command} ${args.join(' ')} failed: ${stderr || error.message}`)) : done(),
    ),
  );

/**
 * Puts `node_modules/` with the native externals a bundle imports (Lambda's platform, the version our lockfile
 * installed) into that function's folder, and only those: jieba's 11 MB dictionary goes beside the functions
 * that segment, sharp beside the ones that decode images. Each package is installed once per build under
 * `<outRoot>/.native/<platform>/<package>/`, so a function gets the package and its dependencies alone.
 */
export async function stageNativeModules(
  results: readonly Pick<BundleResult, 'entry' | 'metafile'>[],
  options: { outRoot?: string; install?: NativeInstaller } = {},
): Promise<string[]> {
  const outRoot = options.outRoot ?? defaultOutRoot;
  const needing = results
    .map((result) => ({ entry: result.entry, natives: nativeImports(result.metafile) }))
    .filter((result) => result.natives.length > 0);
  if (needing.length === 0) return [];
  const platform = resolve(outRoot, '.native', `${LAMBDA_PLATFORM.os}-${LAMBDA_PLATFORM.cpu}`);
  const prefixes = new Map<string, string>();
  for (const name of new Set(needing.flatMap((result) => result.natives))) {
    const { version } = JSON.parse(
      await readFile(resolve(projectRoot, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { version: string };
    const spec = `${name}@${version}`;
    const prefix = resolve(platform, name.replace('/', '__'));
    const marker = resolve(prefix, 'installed.json');
    const installed = await readFile(marker, 'utf8').catch(() => '');
    if (installed !== JSON.stringify(spec)) {
      await rm(prefix, { recursive: true, force: true });
      await mkdir(prefix, { recursive: true });
      await (options.install ?? run)(...lambdaInstallCommand(prefix, spec));
      await writeFile(marker, JSON.stringify(spec));
    }
    await stat(resolve(prefix, 'node_modules'));
    prefixes.set(name, prefix);
  }
  await Promise.all(
    needing.flatMap((result) =>
      result.natives.map((name) =>
        cp(resolve(prefixes.get(name)!, 'node_modules'), resolve(outRoot, result.entry, 'node_modules'), {
          recursive: true,
        }),
      ),
    ),
  );
  return needing.map((result) => result.entry);
}

export interface BundleSize {
  /** Bytes loaded at cold start: the entry and every chunk it imports statically, minified. */
  readonly bytes: number;
  /** The same after gzip at level 9: roughly what the bundle costs in a deployment zip. */
  readonly gzipBytes: number;
  /** Bytes of lazy chunks (dynamic `import()`), loaded only if that code path ever runs. */
  readonly lazyBytes: number;
}

export interface BundleResult extends BundleSize {
  readonly name: FunctionName;
  readonly entry: string;
  readonly outfile: string;
  readonly buildMs: number;
  readonly overLimit: boolean;
  readonly metafile: Metafile;
}

/** The output files an entry loads at start-up: itself and, transitively, its static chunk imports. */
export function staticClosure(metafile: Metafile, entryFile: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryFile);
  return [...seen];
}

export async function measureBundle(metafile: Metafile, entryFile: string): Promise<BundleSize> {
  const eager = staticClosure(metafile, entryFile);
  const contents = Buffer.concat(
    await Promise.all(eager.map((file) => readFile(resolve(projectRoot, file)))),
  );
  const zipped = await gzipAsync(contents, { level: constants.Z_BEST_COMPRESSION });
  const lazyBytes = Object.entries(metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs') && !eager.includes(file))
    .reduce((total, [, output]) => total + output.bytes, 0);
  return { bytes: contents.byteLength, gzipBytes: zipped.byteLength, lazyBytes };
}

/** Bundles one function into `<outRoot>/<entry>/index.mjs` (its folder is emptied first) and measures it. */
export async function bundleFunction(
  name: FunctionName,
  options: { outRoot?: string; limitBytes?: number } = {},
): Promise<BundleResult> {
  const outRoot = options.outRoot ?? defaultOutRoot;
  const { entry } = functions[name];
  const config = bundleOptions(name, outRoot);
  await rm(resolve(outRoot, entry), { recursive: true, force: true });
  const startedAt = performance.now();
  const result = await build(config);
  const buildMs = performance.now() - startedAt;
  const outfile = resolve(config.outdir!, 'index.mjs');
  const metafile = result.metafile!;
  const entryFile = relative(projectRoot, outfile);
  const size = await measureBundle(metafile, entryFile);
  return {
    name,
    entry,
    outfile,
    buildMs,
    ...size,
    overLimit: size.bytes > (options.limitBytes ?? BUNDLE_LIMIT_BYTES),
    metafile,
  };
}

/** Builds every function in parallel; a failing build rejects with the function's name in the message. */
export async function buildAll(
  options: { outRoot?: string; limitBytes?: number; names?: readonly FunctionName[] } = {},
): Promise<BundleResult[]> {
  const names = options.names ?? functionNames;
  const settled = await Promise.allSettled(names.map((name) => bundleFunction(name, options)));
  const failures = settled.flatMap((outcome, index) =>
    outcome.status === 'rejected' ? [`${names[index]}: ${describeBuildError(outcome.reason)}`] : [],
  );
  if (failures.length > 0) throw new Error(`build failed\n${failures.join('\n')}`);
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<BundleResult>).value);
}

function describeBuildError(error: unknown): string {
  const messages = (error as { errors?: { text: string; location?: { file: string; line: number } }[] })
    .errors;
  if (Array.isArray(messages) && messages.length > 0)
    return messages
      .map((message) =>
        message.location ? `${message.location.file}:${message.location.line} ${message.text}` : message.text,
      )
      .join('; ');
  return error instanceof Error ? error.message : String(error);
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

export function formatSizeTable(results: readonly BundleResult[], limitBytes = BUNDLE_LIMIT_BYTES): string {
  const rows = [
    ['function', 'entry', 'size KB', 'gzip KB', 'lazy KB', ''],
    ...results.map((result) => [
      result.name,
      result.entry,
      kib(result.bytes),
      kib(result.gzipBytes),
      kib(result.lazyBytes),
      result.overLimit ? `OVER ${kib(limitBytes)} KB LIMIT` : 'ok',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const numeric = new Set([2, 3, 4]);
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function sizeReport(results: readonly BundleResult[], limitBytes = BUNDLE_LIMIT_BYTES) {
  return {
    generatedAt: new Date().toISOString(),
    esbuild: esbuildVersion,
    limitBytes,
    functions: results.map(({ name, entry, outfile, bytes, gzipBytes, lazyBytes, overLimit }) => ({
      name,
      entry,
      outfile: relative(projectRoot, outfile),
      bytes,
      gzipBytes,
      lazyBytes,
      overLimit,
    })),
  };
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  let results: BundleResult[];
  try {
    results = await buildAll();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  results.sort((a, b) => functionNames.indexOf(a.name) - functionNames.indexOf(b.name));
  let withNative: string[];
  try {
    withNative = await stageNativeModules(results);
  } catch (error) {
    console.error(
      `could not stage native modules for Lambda (npm registry needed): ${(error as Error).message}`,
    );
    return 1;
  }
  const metaRoot = resolve(defaultOutRoot, 'metafiles');
  await mkdir(metaRoot, { recursive: true });
  await Promise.all(
    results.map((result) =>
      writeFile(resolve(metaRoot, `${result.entry}.json`), JSON.stringify(result.metafile)),
    ),
  );
  await writeFile(
    resolve(defaultOutRoot, 'bundle-sizes.json'),
    `${JSON.stringify(sizeReport(results), null, 2)}\n`,
  );
  console.log(formatSizeTable(results));
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`\n${results.length} bundles in dist/ (${seconds} s); sizes in dist/bundle-sizes.json`);
  if (withNative.length > 0)
    console.log(
      `${NATIVE_EXTERNALS.join(', ')} for ${LAMBDA_PLATFORM.os}-${LAMBDA_PLATFORM.cpu} in node_modules/ of: ${withNative.join(', ')}`,
    );
  const over = results.filter((result) => result.overLimit);
  for (const result of over)
    console.error(
      `error: ${result.name} (dist/${result.entry}/index.mjs) is ${kib(result.bytes)} KB minified, over the ${kib(BUNDLE_LIMIT_BYTES)} KB limit; see dist/metafiles/${result.entry}.json`,
    );
  return over.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
