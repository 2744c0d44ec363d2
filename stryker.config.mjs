// @ts-check
/**
 * `npm run mutation`: mutation testing of the pure domain core (shared/domain) against its unit tests, with
 * Stryker's vitest runner. Not part of `npm test`: a full run takes the better part of an hour on 2 cores.
 *
 *   npm run mutation                                            every file under shared/domain
 *   npm run mutation -- --incremental                           only mutants whose code or tests changed
 *   npm run mutation -- --mutate shared/domain/case/lifecycle.ts  one file
 *   MUTATION_TESTS=a.test.ts,b.test.ts npm run mutation -- --mutate <file>  against those tests only (a lower
 *                                                               bound; see vitest.mutation.config.ts)
 *
 * Reports: reports/mutation/index.html (browse survivors), reports/mutation/mutation.json; the incremental
 * baseline is reports/mutation/stryker-incremental.json. See docs/benchmarks.md for scores and pitfalls.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  // The generated lunar table is data, checked against chinese-days by its own test.
  mutate: ['shared/domain/**/*.ts', '!shared/domain/**/*.generated.ts'],
  coverageAnalysis: 'perTest',
  // Vitest strips types without checking them, so the sandbox needs no `// @ts-nocheck` headers; they would also
  // change the generated lunar table, which a unit test compares byte for byte with what the generator writes.
  disableTypeChecks: false,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  // Per survivor, the tests that ran; not the list of every test (hundreds of lines).
  clearTextReporter: { reportTests: false, logTests: true, maxTestsToLog: 3 },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  thresholds: { high: 90, low: 85, break: null },
  // The sandbox is a copy of the project: leave out build output and local data.
  ignorePatterns: ['dist', 'cdk.out', '.data*', 'web/dist', 'web/.dist-*', 'bench/results', 'coverage'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // A loaded 2-core machine: generous per-mutant time limits, so a slow run is not reported as a timeout kill.
  timeoutFactor: 3,
  timeoutMS: 10_000,
};
