// @ts-check
/**
 * `npm start` and `npm test` begin here: plain Node, no packages, so it runs on a fresh clone before anything
 * is installed. It makes the machine ready or stops with one line saying exactly what to run:
 *
 *   - Node 20.19 or newer;
 *   - Java 17+ on PATH (DynamoDB Local is AWS's Java program) and, for `test`, Debian's Chromium at
 *     /usr/bin/chromium (or CHROMIUM_PATH). As root on Debian it installs what is missing with apt-get;
 *     anyone else gets the apt-get line to run;
 *   - the npm dependencies: `npm ci` when node_modules is missing or differs from package-lock.json. The
 *     check compares npm's own record of what it installed (node_modules/.package-lock.json) with the
 *     lockfile, package by package, so a checkout that only touches the lockfile's date costs nothing.
 *
 * Checks that can stop come first, so nobody waits a minute for `npm ci` only to be told to install Java.
 * Two runs starting at once (two `npm test` side by side) take turns through a lock directory, so they never
 * run `npm ci` over each other.
 *
 *   node scripts/preflight.mjs start|test
 */
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MIN_NODE = { major: 20, minor: 19 };
export const MIN_JAVA = 17;
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Debian's headless Java packages, oldest first: the first one the archive offers is installed. */
export const JAVA_PACKAGES = [
  'openjdk-17-jre-headless',
  'openjdk-21-jre-headless',
  'openjdk-25-jre-headless',
];

/**
 * The major version from `java -version` (it writes to stderr): `openjdk version "17.0.15"` → 17,
 * `java version "1.8.0_381"` → 8. Null when the text names no version.
 * @param {string} output
 * @returns {number | null}
 */
export function parseJavaMajor(output) {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match) return null;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/**
 * @param {string} version `process.versions.node`
 * @returns {boolean}
 */
export function nodeIsRecentEnough(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor);
}

/**
 * @typedef {{ version?: string, integrity?: string, optional?: boolean, os?: string[], cpu?: string[], libc?: string[] }} LockEntry
 * @typedef {{ packages?: Record<string, LockEntry> }} Lockfile
 * @typedef {{ platform: string, arch: string, libc: 'glibc' | 'musl' | null }} Platform
 */

/**
 * npm's `os`/`cpu`/`libc` fields: a list of allowed values, or of `!`-prefixed excluded ones.
 * @param {string[] | undefined} allowed
 * @param {string | null} actual
 */
function fieldAllows(allowed, actual) {
  if (!allowed || allowed.length === 0) return true;
  if (actual === null) return !allowed.some((value) => !value.startsWith('!'));
  if (allowed.includes(`!${actual}`)) return false;
  const positive = allowed.filter((value) => !value.startsWith('!'));
  return positive.length === 0 || positive.includes(actual);
}

/**
 * Whether node_modules holds what the lockfile says. `installed` is npm's hidden lockfile
 * (node_modules/.package-lock.json, written by every `npm ci`/`npm install`), null when absent. Optional
 * packages for other platforms (esbuild's and rolldown's binaries for macOS, Windows, musl …) are never
 * installed, nor what only they depend on: of the optional packages only this platform's binaries count.
 * @param {Lockfile} lockfile
 * @param {Lockfile | null} installed
 * @param {Platform} platform
 * @returns {{ state: 'current' } | { state: 'missing' } | { state: 'stale', reason: string }}
 */
export function dependencyState(lockfile, installed, platform) {
  if (!installed) return { state: 'missing' };
  const wanted = lockfile.packages ?? {};
  const present = installed.packages ?? {};
  for (const [path, entry] of Object.entries(wanted)) {
    if (path === '' || !path.includes('node_modules/')) continue;
    const found = present[path];
    if (!found) {
      // Optional packages may be absent: binaries for other platforms, and what only those need. A
      // binary built for this platform (it names its os/cpu) must be there.
      const platformBinary = Boolean(entry.os || entry.cpu || entry.libc);
      const forThisPlatform =
        platformBinary &&
        fieldAllows(entry.os, platform.platform) &&
        fieldAllows(entry.cpu, platform.arch) &&
        fieldAllows(entry.libc, platform.libc);
      if (entry.optional && !forThisPlatform) continue;
      return { state: 'stale', reason: `${path} is not installed` };
    }
    if (found.version !== entry.version || (entry.integrity && found.integrity !== entry.integrity))
      return { state: 'stale', reason: `${path} is ${found.version}, the lockfile says ${entry.version}` };
  }
  for (const path of Object.keys(present))
    if (!(path in wanted)) return { state: 'stale', reason: `${path} is not in the lockfile` };
  return { state: 'current' };
}

/**
 * What this machine lacks and what to do about it: install with apt-get (root on Debian), or stop with
 * one line. Pure, so every branch is tested.
 * @param {{
 *   mode: 'start' | 'test',
 *   javaMajor: number | null,
 *   chromiumPath: string,
 *   chromiumPresent: boolean,
 *   isRoot: boolean,
 *   isDebian: boolean,
 *   javaPackage: string,
 * }} facts
 * @returns {{ action: 'none' } | { action: 'apt', packages: string[] } | { action: 'stop', message: string }}
 */
export function systemPlan(facts) {
  /** @type {string[]} */
  const packages = [];
  /** @type {string[]} */
  const needs = [];
  if (facts.javaMajor === null || facts.javaMajor < MIN_JAVA) {
    packages.push(facts.javaPackage);
    needs.push(
      facts.javaMajor === null
        ? `Java ${MIN_JAVA}+ (for DynamoDB Local; \`java\` is not on PATH)`
        : `Java ${MIN_JAVA}+ (for DynamoDB Local; found Java ${facts.javaMajor})`,
    );
  }
  if (facts.mode === 'test' && !facts.chromiumPresent) {
    if (facts.chromiumPath !== DEFAULT_CHROMIUM)
      return {
        action: 'stop',
        message: `huiyin: CHROMIUM_PATH is ${facts.chromiumPath}, which is not an executable file: point it at Chromium or unset it to use Debian's ${DEFAULT_CHROMIUM}.`,
      };
    packages.push('chromium');
    needs.push(`Debian's Chromium at ${DEFAULT_CHROMIUM} (for the browser tests)`);
  }
  if (packages.length === 0) return { action: 'none' };
  if (facts.isDebian && facts.isRoot) return { action: 'apt', packages };
  const what = needs.join(' and ');
  if (facts.isDebian)
    return {
      action: 'stop',
      message: `huiyin: ${what} missing: run \`sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}\`, then run this again.`,
    };
  return {
    action: 'stop',
    message: `huiyin: ${what} missing: install ${packages.includes('chromium') ? 'them' : 'it'} with your system's package manager (Debian: \`apt-get install -y ${packages.join(' ')}\`), then run this again.`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The impure part: probing this machine and acting on the plan.

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} message */
function stop(message) {
  console.error(message);
  process.exit(1);
}

function javaMajor() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) return null;
  return parseJavaMajor(`${result.stderr}\n${result.stdout}`);
}

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onDebian() {
  if (!existsSync('/etc/debian_version')) return false;
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** The first of JAVA_PACKAGES the package lists offer (after `apt-get update` when root). */
function javaPackage() {
  for (const name of JAVA_PACKAGES) {
    const policy = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' });
    const candidate = /Candidate: (\S+)/.exec(policy.stdout ?? '')?.[1];
    if (candidate && candidate !== '(none)') return name;
  }
  return JAVA_PACKAGES[0] ?? 'openjdk-17-jre-headless';
}

/** @returns {Platform} */
function thisPlatform() {
  // The network part of a diagnostic report is slow (it resolves interfaces) and not needed here.
  if (process.report) /** @type {{ excludeNetwork?: boolean }} */ (process.report).excludeNetwork = true;
  const report = /** @type {{ header?: { glibcVersionRuntime?: string } } | undefined} */ (
    process.platform === 'linux' ? process.report?.getReport() : undefined
  );
  return {
    platform: process.platform,
    arch: process.arch,
    libc: process.platform !== 'linux' ? null : report?.header?.glibcVersionRuntime ? 'glibc' : 'musl',
  };
}

/** @param {string} path */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** @param {number} ms */
function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** @param {string} lock */
function lockAgeMs(lock) {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Runs `work` while holding a lock directory; waits (up to 15 minutes) while another live process holds it.
 * @param {string} lock
 * @param {() => void} work
 */
function withLock(lock, work) {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      const holder = Number(readJson(join(lock, 'pid')));
      // A holder that died (or never wrote its pid within 10 s) leaves a stale lock: take it over.
      if (holder > 0 ? !alive(holder) : lockAgeMs(lock) > 10_000)
        rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) stop(`huiyin: another preflight has held ${lock} for 15 minutes.`);
      else sleepSync(500);
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** @param {string[]} packages */
function aptInstall(packages) {
  console.log(`huiyin: installing ${packages.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  /** @param {string[]} args */
  const apt = (args) => {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0)
      stop(`huiyin: \`apt-get ${args.join(' ')}\` failed; run it yourself to see why.`);
  };
  apt(['update', '-qq']);
  // Fresh package lists may offer another Java than the stale ones did (Debian 13 has no Java 17).
  const resolved = packages.map((name) => (JAVA_PACKAGES.includes(name) ? javaPackage() : name));
  apt(['install', '-y', '-qq', '--no-install-recommends', ...resolved]);
}

function npmCi() {
  const lockfile = readJson(join(projectRoot, 'package-lock.json'));
  if (!lockfile)
    stop(
      'huiyin: package-lock.json is missing or unreadable; restore it with `git checkout package-lock.json`.',
    );
  const check = () =>
    dependencyState(
      lockfile,
      readJson(join(projectRoot, 'node_modules', '.package-lock.json')),
      thisPlatform(),
    );
  if (check().state === 'current') return;
  withLock(join(projectRoot, '.preflight.lock'), () => {
    const state = check(); // another run may have installed while this one waited
    if (state.state === 'current') return;
    console.log(
      state.state === 'missing'
        ? 'huiyin: installing the dependencies (npm ci)'
        : `huiyin: the dependencies differ from package-lock.json (${state.reason}): npm ci`,
    );
    // Inside `npm start`/`npm test` npm tells its own path; run that npm, not whichever is first on PATH.
    const npm = process.env.npm_execpath;
    const result = npm
      ? spawnSync(process.execPath, [npm, 'ci', '--no-audit', '--no-fund'], {
          cwd: projectRoot,
          stdio: 'inherit',
        })
      : spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: projectRoot, stdio: 'inherit' });
    if (result.status !== 0) stop('huiyin: `npm ci` failed (see above); fix that and run this again.');
  });
}

/** @param {'start' | 'test'} mode */
function main(mode) {
  if (!nodeIsRecentEnough(process.versions.node))
    stop(
      `huiyin: Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or newer is needed, this is ${process.versions.node}: install Node 20 LTS (or 22) and run again.`,
    );
  const chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  const isDebian = onDebian();
  const isRoot = process.getuid?.() === 0;
  const facts = {
    mode,
    javaMajor: javaMajor(),
    chromiumPath,
    chromiumPresent: isExecutable(chromiumPath),
    isRoot,
    isDebian,
    javaPackage: JAVA_PACKAGES[0] ?? 'openjdk-17-jre-headless',
  };
  // Asking apt which Java it offers takes seconds: only when Java is missing.
  if (isDebian && (facts.javaMajor ?? 0) < MIN_JAVA) facts.javaPackage = javaPackage();
  const plan = systemPlan(facts);
  if (plan.action === 'stop') stop(plan.message);
  if (plan.action === 'apt') {
    withLock(join(projectRoot, '.preflight-apt.lock'), () => {
      // Re-probe inside the lock: a run beside this one may just have installed the same packages.
      const again = systemPlan({
        ...facts,
        javaMajor: javaMajor(),
        chromiumPresent: isExecutable(chromiumPath),
      });
      if (again.action === 'apt') aptInstall(again.packages);
    });
    const after = systemPlan({
      ...facts,
      javaMajor: javaMajor(),
      chromiumPresent: isExecutable(chromiumPath),
      isRoot: false,
    });
    if (after.action === 'stop') stop(after.message);
  }
  npmCi();
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const mode = process.argv[2];
  if (mode !== 'start' && mode !== 'test') stop('usage: node scripts/preflight.mjs start|test');
  else main(mode);
}
