import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The unit tests as `npm run mutation` (Stryker, stryker.config.mjs) runs them. Stryker's vitest runner puts
 * every project in worker threads, where a test cannot change the process time zone (`process.env.TZ = …`
 * takes effect in the main thread only). Test files that do are found by reading them and run in a project
 * of their own in forked processes, so the calendar's time-zone tests still kill mutants. Stryker narrows the
 * run to the tests that import the mutated files (`vitest.related`), so integration, e2e and infra tests are
 * never part of it.
 */
const root = import.meta.dirname;

function testFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

/**
 * `MUTATION_TESTS=a.test.ts,b.test.ts npm run mutation -- --mutate <file>` runs only those test files. For a
 * file made of schemas, every mutant is static (it runs when the module loads) and Stryker reruns every
 * related test file for each; the file's own tests then give its score in minutes instead of hours. The score
 * is a lower bound: tests left out might kill more.
 */
const chosen = process.env.MUTATION_TESTS?.split(',')
  .map((file) => file.trim())
  .filter(Boolean);
const unitTests = chosen?.length ? chosen : testFiles(resolve(root, 'test/unit'));
const changesTimeZone = unitTests.filter((file) =>
  /process\.env\.TZ\s*=(?!=)/.test(readFileSync(resolve(root, file), 'utf8')),
);

export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Instrumented code with per-test coverage runs several times slower; the property tests need room.
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: chosen?.length ? chosen : ['test/unit/**/*.test.ts'],
          exclude: changesTimeZone,
        },
      },
      {
        extends: true,
        // Stryker's runner sets `pool: 'threads'` for the whole run, over any project's own choice; this
        // plugin puts this project back into forks once the configuration is resolved.
        plugins: [
          {
            name: 'time-zone-tests-in-forks',
            configureVitest({ project }) {
              project.config.pool = 'forks';
            },
          },
        ],
        test: { name: 'unit-time-zones', include: changesTimeZone, pool: 'forks' },
      },
    ],
  },
});
