import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHROMIUM,
  dependencyState,
  nodeIsRecentEnough,
  parseJavaMajor,
  systemPlan,
} from '../../../scripts/preflight.mjs';

const linux = { platform: 'linux', arch: 'x64', libc: 'glibc' } as const;

describe('parseJavaMajor', () => {
  it('reads the major version of modern and legacy version strings', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_381"')).toBe(8);
    expect(parseJavaMajor('openjdk version "11.0.2" 2019-01-15')).toBe(11);
  });

  it('answers null when the output names no version', () => {
    expect(parseJavaMajor('')).toBeNull();
    expect(parseJavaMajor('bash: java: command not found')).toBeNull();
  });
});

describe('nodeIsRecentEnough', () => {
  it('accepts 20.19 and newer only', () => {
    expect(nodeIsRecentEnough('20.19.0')).toBe(true);
    expect(nodeIsRecentEnough('20.20.2')).toBe(true);
    expect(nodeIsRecentEnough('22.1.0')).toBe(true);
    expect(nodeIsRecentEnough('20.18.3')).toBe(false);
    expect(nodeIsRecentEnough('18.20.0')).toBe(false);
  });
});

describe('dependencyState', () => {
  const lockfile = {
    packages: {
      '': { version: '0.1.0' },
      'node_modules/a': { version: '1.0.0', integrity: 'sha512-a' },
      'node_modules/b/node_modules/c': { version: '2.0.0', integrity: 'sha512-c' },
      'node_modules/@esbuild/linux-x64': { version: '0.28.2', optional: true, os: ['linux'], cpu: ['x64'] },
      'node_modules/@esbuild/darwin-arm64': {
        version: '0.28.2',
        optional: true,
        os: ['darwin'],
        cpu: ['arm64'],
      },
      'node_modules/@rolldown/binding-linux-x64-musl': {
        version: '1.0.0',
        optional: true,
        os: ['linux'],
        cpu: ['x64'],
        libc: ['musl'],
      },
      // Needed only by the WebAssembly build of a binary: never installed on a platform with a native one.
      'node_modules/@emnapi/core': { version: '2.0.0', optional: true },
    },
  };
  const installed = {
    packages: {
      'node_modules/a': { version: '1.0.0', integrity: 'sha512-a' },
      'node_modules/b/node_modules/c': { version: '2.0.0', integrity: 'sha512-c' },
      'node_modules/@esbuild/linux-x64': { version: '0.28.2' },
    },
  };

  it('is current when every package for this platform is installed at its locked version', () => {
    expect(dependencyState(lockfile, installed, linux)).toEqual({ state: 'current' });
  });

  it('is missing without npm’s record of an install', () => {
    expect(dependencyState(lockfile, null, linux)).toEqual({ state: 'missing' });
  });

  it('is stale when a locked package is absent, another version, or not in the lockfile', () => {
    const without = { packages: { ...installed.packages } } as { packages: Record<string, unknown> };
    delete without.packages['node_modules/a'];
    expect(dependencyState(lockfile, without as never, linux)).toEqual({
      state: 'stale',
      reason: 'node_modules/a is not installed',
    });
    expect(
      dependencyState(
        lockfile,
        {
          packages: {
            ...installed.packages,
            'node_modules/a': { version: '0.9.0', integrity: 'sha512-old' },
          },
        },
        linux,
      ),
    ).toEqual({ state: 'stale', reason: 'node_modules/a is 0.9.0, the lockfile says 1.0.0' });
    expect(
      dependencyState(
        lockfile,
        { packages: { ...installed.packages, 'node_modules/gone': { version: '1.0.0' } } },
        linux,
      ),
    ).toEqual({ state: 'stale', reason: 'node_modules/gone is not in the lockfile' });
  });

  it('requires the optional binary meant for this platform, and only that one', () => {
    const noBinary = { packages: { ...installed.packages } } as { packages: Record<string, unknown> };
    delete noBinary.packages['node_modules/@esbuild/linux-x64'];
    expect(dependencyState(lockfile, noBinary as never, linux).state).toBe('stale');
    expect(dependencyState(lockfile, installed, { platform: 'linux', arch: 'x64', libc: 'musl' }).state).toBe(
      'stale',
    );
    expect(
      dependencyState(lockfile, installed, { platform: 'linux', arch: 'arm64', libc: 'glibc' }).state,
    ).toBe('current');
  });

  it('agrees with the project’s own lockfile and installed tree', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const read = (path: string) => JSON.parse(readFileSync(resolve(root, path), 'utf8'));
    const platform = { platform: process.platform, arch: process.arch, libc: 'glibc' as const };
    expect(
      dependencyState(read('package-lock.json'), read('node_modules/.package-lock.json'), platform),
    ).toEqual({
      state: 'current',
    });
  });
});

describe('systemPlan', () => {
  const ready = {
    mode: 'test' as const,
    javaMajor: 17,
    chromiumPath: DEFAULT_CHROMIUM,
    chromiumPresent: true,
    isRoot: false,
    isDebian: true,
    javaPackage: 'openjdk-17-jre-headless',
  };

  it('does nothing on a ready machine', () => {
    expect(systemPlan(ready)).toEqual({ action: 'none' });
    expect(systemPlan({ ...ready, mode: 'start', chromiumPresent: false })).toEqual({ action: 'none' });
  });

  it('installs what is missing with apt-get as root on Debian', () => {
    expect(systemPlan({ ...ready, isRoot: true, javaMajor: null, chromiumPresent: false })).toEqual({
      action: 'apt',
      packages: ['openjdk-17-jre-headless', 'chromium'],
    });
    expect(systemPlan({ ...ready, isRoot: true, javaMajor: 11, mode: 'start' })).toEqual({
      action: 'apt',
      packages: ['openjdk-17-jre-headless'],
    });
  });

  it('stops with the one apt-get line to run when not root', () => {
    const plan = systemPlan({ ...ready, javaMajor: null, chromiumPresent: false });
    expect(plan).toEqual({
      action: 'stop',
      message:
        "huiyin: Java 17+ (for DynamoDB Local; `java` is not on PATH) and Debian's Chromium at /usr/bin/chromium (for the browser tests) missing: run `sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless chromium`, then run this again.",
    });
    expect(systemPlan({ ...ready, javaMajor: 11 })).toMatchObject({
      action: 'stop',
      message: expect.stringContaining('found Java 11'),
    });
  });

  it('names the packages on a machine without apt-get', () => {
    const plan = systemPlan({ ...ready, isDebian: false, isRoot: true, javaMajor: null });
    expect(plan.action).toBe('stop');
    expect(plan).toMatchObject({
      message: expect.stringMatching(/^huiyin: Java 17\+ .* with your system's package manager/),
    });
    expect(plan).toMatchObject({ message: expect.not.stringContaining('\n') });
  });

  it('never installs over a CHROMIUM_PATH that points nowhere', () => {
    expect(
      systemPlan({ ...ready, isRoot: true, chromiumPath: '/opt/chrome/chrome', chromiumPresent: false }),
    ).toMatchObject({
      action: 'stop',
      message: expect.stringContaining('CHROMIUM_PATH is /opt/chrome/chrome'),
    });
  });
});
