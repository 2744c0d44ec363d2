import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import {
  type Runtime,
  type RuntimeOptions,
  SETTLE_PATIENCE_MS,
  startRuntime,
} from '../../infra/local/runtime.ts';
import { DynamoCatalogStore } from '../../shared/adapters/dynamo/dynamo-catalog-store.ts';
import type { Catalog, Unit } from '../../shared/domain/reference/model.ts';
import type { TableName } from '../../shared/topology.ts';

/**
 * A full local runtime (gateway, pollers, real handlers) on the shared emulators, under a unique prefix.
 * One per test file: handlers read their environment once per process, and vitest runs each file in its
 * own process.
 */

export interface TestRuntime extends Runtime {
  readonly prefix: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** A request with a staff bearer token and, when given, a JSON body. */
  authorized(token: string, method: string, path: string, body?: unknown): Promise<Response>;
  /** Test-only full read of a table, the main one unless named (product code never scans). */
  scanAll(table?: TableName): Promise<Record<string, unknown>[]>;
}

export async function startTestRuntime(options: Partial<RuntimeOptions> = {}): Promise<TestRuntime> {
  const prefix = `t${randomBytes(4).toString('hex')}-`;
  const runtime = await startRuntime({
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    prefix,
    port: await freePort(),
    staticRoot: resolve(import.meta.dirname, '../../web'),
    seedDemoCounty: true,
    runSchedules: false,
    // As RATE_LIMITS in vitest.config.ts: fuzzing sends thousands of requests to one route; the tests of the
    // stage throttle set their own (test/integration/edge-and-gateway.test.ts). `npm start` throttles as dev does.
    throttle: 'off',
    ...options,
  });
  const request = (path: string, init?: RequestInit) => fetch(`${runtime.url}${path}`, init);
  return {
    ...runtime,
    prefix,
    request,
    postJson: (path, body, headers = {}) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    authorized: (token, method, path, body) =>
      request(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    scanAll: async (table: TableName = 'main') => {
      const items: Record<string, unknown>[] = [];
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await runtime.clients.document.send(
          new ScanCommand({ TableName: runtime.tables[table], ExclusiveStartKey: cursor }),
        );
        items.push(...(page.Items ?? []));
        cursor = page.LastEvaluatedKey;
      } while (cursor);
      return items;
    },
  };
}

/**
 * The least time any wait here allows. Tests never time anything: a limit only ends a test that is already
 * failing, and must hold on a 2-core machine running two whole suites at once (scripts/stress-tests.sh).
 */
export const LOADED_MACHINE_PATIENCE_MS = 30_000;

/** The time limit of a test that waits for `runtime.settled()`: its default patience and two minutes of work. */
export const SETTLE_TEST_TIMEOUT_MS = SETTLE_PATIENCE_MS + 120_000;

/**
 * Polls until `check` returns a value (not undefined). Gives up after `timeoutMs`, and never before
 * LOADED_MACHINE_PATIENCE_MS: a check that succeeds returns at once, so the patience costs a passing test nothing.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = LOADED_MACHINE_PATIENCE_MS,
  intervalMs = 50,
): Promise<T> {
  timeoutMs = Math.max(timeoutMs, LOADED_MACHINE_PATIENCE_MS);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`,
  );
}

/** The fields a problem+json answer names in its `errors`. */
export const fieldErrors = async (response: Response): Promise<string[]> =>
  ((await response.json()) as { errors?: { field: string }[] }).errors?.map((error) => error.field) ?? [];

let counter = 0;
/** A valid petition body; every call differs so the double-submit guard does not merge them. */
export function petitionBody(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    categoryCode: 'transport',
    jurisdictionCode: 'chengguan',
    title: `公交站牌损坏 ${counter}`,
    content: `人民路公交站牌被撞坏，请尽快修复。编号 ${counter}-${randomBytes(3).toString('hex')}`,
    petitioner: { name: '张三', phone: '13812345678' },
    ...overrides,
  };
}

/** Changes the seeded county's catalog; do it before any function has cached it. */
export async function changeCatalog(runtime: Runtime, change: (catalog: Catalog) => Catalog): Promise<void> {
  const catalogStore = new DynamoCatalogStore({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
  });
  await catalogStore.save(change(await catalogStore.load()));
}

/** Changes one unit of the seeded county; do it before any function has cached the catalog. */
export async function changeUnit(runtime: Runtime, unitId: string, change: Partial<Unit>): Promise<void> {
  await changeCatalog(runtime, (catalog) => ({
    ...catalog,
    units: catalog.units.map((unit) => (unit.unitId === unitId ? { ...unit, ...change } : unit)),
  }));
}
