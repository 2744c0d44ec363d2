import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesUnder, publish } from '../../../scripts/build-web.ts';

const made: string[] = [];
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'huiyin-site-'));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('publish', () => {
  it('replaces the served site with the new build, file by file, and drops what the build no longer has', () => {
    const served = folder({
      'index.html': 'old page',
      'assets/index-old.js': 'old script',
      'assets/shared-same.js': 'same',
      'old/only.txt': 'gone',
    });
    const staging = folder({
      'index.html': 'new page',
      'assets/index-new.js': 'new script',
      'assets/shared-same.js': 'same',
      'nested/deeper/file.txt': 'deep',
    });

    publish(staging, served);

    expect(filesUnder(served).sort()).toEqual([
      'assets/index-new.js',
      'assets/shared-same.js',
      'index.html',
      'nested/deeper/file.txt',
    ]);
    expect(readFileSync(join(served, 'index.html'), 'utf8')).toBe('new page');
    expect(existsSync(join(served, 'old'))).toBe(false);
    expect(filesUnder(staging)).toEqual([]);
  });

  it('creates the site folder on a first build', () => {
    const staging = folder({ 'index.html': 'page' });
    const parent = folder({});
    publish(staging, join(parent, 'dist'));
    expect(filesUnder(join(parent, 'dist'))).toEqual(['index.html']);
  });
});
