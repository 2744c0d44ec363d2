import { cp, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { LAMBDA_PLATFORM, type NativeInstaller, projectRoot } from '../../../scripts/build.ts';

/**
 * The build's native installer without the registry: tests run offline and never download binaries. It checks
 * the command is the one the build really runs (npm install of the locked version for Lambda's platform) and
 * stages this machine's copy of the package and of what it requires (its JavaScript, jieba's dictionary,
 * sharp's binaries for this machine). Lambda's arm64 binaries are not there: the tests check what ships where
 * and that every bundle imports, and no bundle loads an addon at import (each is loaded on first use).
 */
const requires: Readonly<Record<string, readonly string[]>> = {
  sharp: ['@img', 'detect-libc', 'semver'],
};

export const offlineNativeInstaller: NativeInstaller = async (command, args) => {
  expect(command).toBe('npm');
  expect(args).toEqual(
    expect.arrayContaining([
      'install',
      `--os=${LAMBDA_PLATFORM.os}`,
      `--cpu=${LAMBDA_PLATFORM.cpu}`,
      `--libc=${LAMBDA_PLATFORM.libc}`,
    ]),
  );
  const prefix = args[args.indexOf('--prefix') + 1]!;
  const spec = args.at(-1)!;
  const at = spec.lastIndexOf('@');
  const [name, version] = [spec.slice(0, at), spec.slice(at + 1)];
  const installed = resolve(projectRoot, 'node_modules', name);
  const { version: locked } = JSON.parse(await readFile(resolve(installed, 'package.json'), 'utf8')) as {
    version: string;
  };
  expect(version).toBe(locked);
  for (const each of [name, ...(requires[name] ?? [])])
    await cp(resolve(projectRoot, 'node_modules', each), resolve(prefix, 'node_modules', each), {
      recursive: true,
    });
};
