import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export const resultsDirectory = resolve(import.meta.dirname, '..', 'results');

/** Writes `bench/results/<file>.json`: when and on which Node it was measured, then the result. */
export async function writeResult(file: string, result: object): Promise<void> {
  await mkdir(resultsDirectory, { recursive: true });
  await writeFile(
    resolve(resultsDirectory, `${file}.json`),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, ...result }, null, 2)}\n`,
  );
}
