import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every read path of the product is a Query on a key or an index (DESIGN §3): a Scan would make cost grow
 * with the whole table. Product code lives in functions/ and shared/; tests and benchmarks may scan, and so may a
 * one-time data move (infra/migrations/), which reads a whole table once, never on a request.
 */

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('no Scan in any product path', () => {
  const files = [
    ...sourceFiles(join(root, 'functions')),
    ...sourceFiles(join(root, 'shared')),
    ...sourceFiles(join(root, 'infra/local')),
  ];

  it('finds the product sources to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => [relative(root, file), file]))('%s uses no Scan', (_name, file) => {
    const source = readFileSync(file, 'utf8');

    expect(source).not.toMatch(/\bScan(Command|Input|Output)?\b|ParallelScan|\.scan\(/);
  });
});
