import { defineConfig } from 'vitest/config';

// The AWS SDK warns once per process that Node 20 support ends in 2027; the lockfile pins a version that runs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'WARN';
// Every test client is 127.0.0.1: the public routes' rate limiter counts as in production, at limits no test
// reaches. Tests of the limits set their own (test/integration/rate-limit.test.ts); fuzzing turns them off.
process.env.RATE_LIMITS ??=
  'read=999999/60,submit=999999/60,upload=999999/60,verify=999999/60,verifyPhone=999999/60';

/**
 * Projects: `unit` (pure code, no AWS), `integration` (real DynamoDB Local + fauxqs shared per run through the
 * global setup; each file isolates itself with its own table/queue name prefix), `infra` (CDK synth), `e2e`
 * (Chromium through playwright-core against a full local runtime).
 *
 * Time limits are sized for a loaded machine: two whole suites side by side on two cores
 * (scripts/stress-tests.sh). Tests wait on readiness signals, never on the clock, so a limit only ends a test
 * that is already failing; passing tests never wait for it.
 */
export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 60_000,
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/emulators-global-setup.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/emulators-global-setup.ts'],
          pool: 'forks',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        test: {
          // Slow fault injection (`npm run chaos`): whole processes killed and restarted.
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 600_000,
          hookTimeout: 180_000,
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 300_000,
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
    ],
  },
});
