/**
 * `npm run build:web`: the site with Vite (web/vite.config.ts) into web/dist, safe while web/dist is being
 * served. `npm start` and `npm test` both build the site, and a running `npm start` or another `npm test`
 * beside this one serves web/dist at the same moment. Vite empties its output folder before writing, so a
 * page fetched then would miss its scripts. Instead Vite writes into a private folder next to web/dist, and
 * each file is then renamed into place (a rename replaces a file atomically), after which files the new build
 * no longer has are removed. Two identical builds at once leave web/dist whole at every moment.
 *
 * The build must stay silent: a Vite warning (a chunk over the size limit, an unresolved asset …) fails it.
 */
import { mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build, createLogger } from 'vite';
import { processAlive } from '../infra/local/runtime-file.ts';

const webRoot = resolve(import.meta.dirname, '../web');
export const siteDirectory = join(webRoot, 'dist');

/** Every file under `root`, as paths relative to it. */
export function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(root, path));
    }
  };
  walk(root);
  return found;
}

/** Removes the folders under `root` that pruning left empty (never `root` itself). */
function removeEmptyDirectories(root: string, directory = root): void {
  for (const entry of readdirSync(directory, { withFileTypes: true }))
    if (entry.isDirectory()) removeEmptyDirectories(root, join(directory, entry.name));
  if (directory !== root && readdirSync(directory).length === 0) rmdirSync(directory);
}

/** Moves a finished build into `target` file by file, then drops what the build no longer has. */
export function publish(staging: string, target: string): void {
  const files = filesUnder(staging);
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    renameSync(join(staging, file), join(target, file));
  }
  const built = new Set(files);
  for (const file of filesUnder(target)) if (!built.has(file)) rmSync(join(target, file), { force: true });
  removeEmptyDirectories(target);
}

/** Staging folders a killed build left behind (its process is gone). */
function removeAbandonedStaging(): void {
  for (const name of readdirSync(webRoot)) {
    const pid = /^\.dist-(\d+)-\d+$/.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) rmSync(join(webRoot, name), { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  removeAbandonedStaging();
  // Same file system as web/dist, so the renames are renames, not copies.
  const staging = join(webRoot, `.dist-${process.pid}-${Date.now()}`);
  const logger = createLogger('warn');
  const warnings: string[] = [];
  const warn = logger.warn.bind(logger);
  logger.warn = (message, options) => {
    warnings.push(message);
    warn(message, options);
  };
  logger.warnOnce = logger.warn;
  try {
    await build({
      configFile: join(webRoot, 'vite.config.ts'),
      logLevel: 'warn',
      customLogger: logger,
      build: { outDir: staging, emptyOutDir: true },
    });
    if (warnings.length > 0) {
      console.error(
        `build:web: the site build must stay silent; fix the ${warnings.length} warning(s) above.`,
      );
      return 1;
    }
    publish(staging, siteDirectory);
    const bytes = filesUnder(siteDirectory).reduce(
      (sum, file) => sum + statSync(join(siteDirectory, file)).size,
      0,
    );
    console.log(`build:web: web/dist (${Math.round(bytes / 1024)} KB)`);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main();
}
