import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateRunningStack } from '../../../infra/local/adopt-environment.ts';
import {
  readRuntimeFile,
  removeRuntimeFile,
  runtimeFilePath,
  writeRuntimeFile,
} from '../../../infra/local/runtime-file.ts';

let dataDirectory: string;
const stack = {
  pid: 4242,
  startedAt: '2026-12-04T01:00:00.000Z',
  url: 'http://127.0.0.1:3100',
  dynamodbEndpoint: 'http://127.0.0.1:8100',
  sqsEndpoint: 'http://localhost:9400',
  smtpUrl: 'smtp://127.0.0.1:2600',
  prefix: 'demo-',
};

beforeEach(() => {
  dataDirectory = mkdtempSync(join(tmpdir(), 'huiyin-runtime-file-'));
});
afterEach(() => rmSync(dataDirectory, { recursive: true, force: true }));

describe('runtime.json', () => {
  it('reads back what the running stack wrote, and tells a live pid from a dead one', () => {
    writeRuntimeFile(dataDirectory, stack);
    expect(readRuntimeFile(dataDirectory, (pid) => pid === 4242)).toEqual({ kind: 'running', file: stack });
    expect(readRuntimeFile(dataDirectory, () => false)).toEqual({ kind: 'stale', file: stack });
  });

  it('is absent before a start and after a stop, and unreadable when damaged', () => {
    expect(readRuntimeFile(dataDirectory)).toEqual({ kind: 'absent' });
    writeFileSync(runtimeFilePath(dataDirectory), '{"pid": "yes"');
    expect(readRuntimeFile(dataDirectory).kind).toBe('invalid');
    writeFileSync(runtimeFilePath(dataDirectory), JSON.stringify({ ...stack, url: 'not a url' }));
    expect(readRuntimeFile(dataDirectory).kind).toBe('invalid');
  });

  it('is removed only by the stack that wrote it', () => {
    writeRuntimeFile(dataDirectory, stack);
    removeRuntimeFile(dataDirectory, 999);
    expect(existsSync(runtimeFilePath(dataDirectory))).toBe(true);
    removeRuntimeFile(dataDirectory, 4242);
    expect(existsSync(runtimeFilePath(dataDirectory))).toBe(false);
  });

  it('refuses to write a file another tool could not read', () => {
    expect(() => writeRuntimeFile(dataDirectory, { ...stack, prefix: 'Not Valid' })).toThrow();
    expect(existsSync(runtimeFilePath(dataDirectory))).toBe(false);
  });
});

describe('npm run job finds the stack', () => {
  it('from the running stack’s runtime.json', () => {
    writeRuntimeFile(dataDirectory, { ...stack, pid: process.pid });
    expect(locateRunningStack('.data', dataDirectory)).toEqual({ ...stack, pid: process.pid });
  });

  it('says clearly when no stack runs on the data folder', () => {
    expect(() => locateRunningStack('.data', dataDirectory)).toThrow(
      'no stack is running on .data/ (no .data/runtime.json): start one with `npm start`',
    );
    expect(() => locateRunningStack('.data-b', dataDirectory)).toThrow(
      /`npm start` \(with DATA_DIR=\.data-b\)$/,
    );
    // A pid that cannot exist (above Linux's pid_max): the stack was killed and left its file behind.
    writeRuntimeFile(dataDirectory, { ...stack, pid: 2 ** 30 });
    expect(() => locateRunningStack('.data', dataDirectory)).toThrow(
      `.data/runtime.json names pid ${2 ** 30}, which has ended`,
    );
  });
});
