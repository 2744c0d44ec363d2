/**
 * Inbox response time for a unit with 10,000 cases: seeds 10,000 `assigned` cases of one unit through the real
 * domain (register → assign) and the real item mapping (`toCaseItem`, so every index key is what production
 * writes) with BatchWrite, then times `GET /api/staff/cases?status=assigned` (first page of 50) through the
 * local gateway — JWT verification, the real handler, DynamoDB Local — and counts the DynamoDB requests and
 * read units each page costs.
 *
 * Run: `npx tsx bench/inbox.ts` (about a minute on 2 cores). Writes bench/results/inbox.json.
 * Options: CASES=10000 REQUESTS=50 UNIT=dept-transport.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { startEmulators } from '../infra/local/emulators.ts';
import { freePort } from '../infra/local/ports.ts';
import { type Runtime, startRuntime } from '../infra/local/runtime.ts';
import { dynamoDocumentClient } from '../shared/adapters/aws-clients.ts';
import { toCaseItem } from '../shared/adapters/dynamo/case-items.ts';
import { createWorkCalendar } from '../shared/domain/calendar/index.ts';
import { decide, register } from '../shared/domain/case/lifecycle.ts';
import { publicActor, systemActor } from '../shared/domain/case/model.ts';
import { newTrackingCode } from '../shared/domain/case/tracking-code.ts';
import { statutoryPolicy } from '../shared/domain/policy/sla-policy.ts';
import { meterCapacity } from './support/capacity-meter.ts';
import { percentile } from './support/stack.ts';

const CASES = Number(process.env.CASES ?? 10_000);
const REQUESTS = Number(process.env.REQUESTS ?? 50);
const UNIT = process.env.UNIT ?? 'dept-transport';
const PAGE = 50;

const round = (value: number) => Math.round(value * 10) / 10;

/** 10,000 realistic cases: registered over the past 60 days, assigned by the router, deadlines spread. */
function seedItems(count: number, unit: string): Record<string, unknown>[] {
  const calendar = createWorkCalendar({ overrides: [] });
  const now = Date.now();
  const items: Record<string, unknown>[] = [];
  for (let index = 0; index < count; index++) {
    const registeredAt = new Date(now - Math.floor((index / count) * 60 * 86_400_000) - 60_000);
    const registered = register(
      {
        caseId: ulid(registeredAt.getTime()),
        trackingCode: newTrackingCode(),
        channel: 'web',
        categoryCode: 'transport',
        jurisdictionCode: 'chengguan',
        title: `公交站牌损坏 ${index}`,
        content: `人民路公交站牌被撞坏，请尽快修复。编号 ${index}`,
        petitioner: { name: '张三', phone: '13812345678', anonymous: false },
        confidential: false,
      },
      { actor: publicActor, now: registeredAt },
    );
    const assigned = decide(
      registered.case,
      { type: 'assign', unitId: unit, routing: { unitId: unit, ruleId: 'R3', reason: 'rule R3, category' } },
      {
        actor: systemActor,
        now: new Date(registeredAt.getTime() + 1_000),
        calendar,
        policy: statutoryPolicy,
      },
    );
    items.push(toCaseItem(assigned.case));
  }
  return items;
}

/** Seeds `count` assigned cases of `unit` through the real item mapping, with BatchWrite (8 writers). */
async function seedUnit(runtime: Runtime, unit: string, count: number): Promise<number> {
  const items = seedItems(count, unit);
  const seedStart = performance.now();
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!;
        while (pending.length > 0) {
          const result = await runtime.clients.document.send(
            new BatchWriteCommand({
              RequestItems: { [runtime.tables.main]: pending.map((Item) => ({ PutRequest: { Item } })) },
            }),
          );
          pending = (result.UnprocessedItems?.[runtime.tables.main] ?? []).map(
            (request) => request.PutRequest?.Item as Record<string, unknown>,
          );
        }
      }
    }),
  );
  return (performance.now() - seedStart) / 1000;
}

/** Times the first inbox page of `unit`'s handler through the gateway and meters its DynamoDB requests. */
async function measurePage(runtime: Runtime, unit: string) {
  const token = await runtime.tokenFor(`handler-${unit}`);
  const url = `${runtime.url}/api/staff/cases?status=assigned&limit=${PAGE}`;
  const fetchPage = async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    if (response.status !== 200) throw new Error(`inbox answered ${response.status}`);
    return body;
  };
  for (let warm = 0; warm < 5; warm++) await fetchPage();

  // The handler runs in this process: meter the very client it uses. The stream consumers read the seeded
  // items too (and use the same client); wait until they are done, so only the inbox is measured.
  await runtime.settled(300_000);
  const meter = meterCapacity(dynamoDocumentClient() as unknown as Parameters<typeof meterCapacity>[0]);
  const timings: number[] = [];
  let itemsPerPage = 0;
  let hasNext = false;
  for (let request = 0; request < REQUESTS; request++) {
    const started = performance.now();
    const page = await fetchPage();
    timings.push(performance.now() - started);
    itemsPerPage = page.items.length;
    hasNext = page.nextCursor !== null;
  }
  const totals = meter.totals();
  meter.detach();
  const sorted = [...timings].sort((a, b) => a - b);
  // The inbox only reads. Writes seen meanwhile belong to the stream consumers still digesting the seeded
  // cases (50,000 of them take minutes), so they are reported apart and not charged to the page.
  const isRead = (operation: string) => /^(Query|GetItem|BatchGetItem)Command$/.test(operation);
  const requestsPerPage = Object.fromEntries(
    Object.entries(totals.requests)
      .filter(([operation]) => isRead(operation))
      .map(([operation, count]) => [operation, count / REQUESTS]),
  );
  const backgroundWritesPerPage = Object.fromEntries(
    Object.entries(totals.requests)
      .filter(([operation]) => !isRead(operation))
      .map(([operation, count]) => [operation, count / REQUESTS]),
  );
  return {
    unit,
    requests: REQUESTS,
    itemsPerPage,
    hasNextPage: hasNext,
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      max: round(sorted[sorted.length - 1]!),
      mean: round(timings.reduce((sum, value) => sum + value, 0) / timings.length),
    },
    dynamodbRequestsPerPage: requestsPerPage,
    backgroundWritesPerPage,
    readUnitsPerPage: round(totals.readUnits / REQUESTS),
  };
}

async function withRuntime<T>(run: (runtime: Runtime) => Promise<T>, startEventSources = true): Promise<T> {
  const emulators = await startEmulators({ dynamodbPort: await freePort(), sqsPort: await freePort() });
  const runtime = await startRuntime({
    dynamodbEndpoint: emulators.dynamodbEndpoint,
    sqsEndpoint: emulators.sqsEndpoint,
    prefix: 'bench-inbox-',
    port: await freePort(),
    staticRoot: resolve(import.meta.dirname, '../web'),
    seedDemoCounty: true,
    runSchedules: false,
    // Benchmarks measure beyond API Gateway's stage throttle (rate limits are off too).
    throttle: 'off',
    startEventSources,
  });
  try {
    return await run(runtime);
  } finally {
    await runtime.stop();
    await emulators.stop();
  }
}

const SMALL_UNIT = 'dept-housing';
const LARGE_UNIT = 'dept-transport';

/**
 * `npm run bench -- inbox`: a unit with 1,000 cases against a unit with 50,000 in the same table (the
 * table holds both, as a county's would): at most 2 DynamoDB requests per first page, time ratio ≤ 1.5.
 */
export async function bench() {
  const small = Number(process.env.INBOX_SMALL ?? 1_000);
  const large = Number(process.env.INBOX_LARGE ?? 50_000);
  const result = await withRuntime(async (runtime) => {
    const seeded = {
      small: await seedUnit(runtime, SMALL_UNIT, small),
      large: await seedUnit(runtime, LARGE_UNIT, large),
    };
    const pages = {
      small: await measurePage(runtime, SMALL_UNIT),
      large: await measurePage(runtime, LARGE_UNIT),
    };
    return {
      seededSeconds: seeded,
      small: { cases: small, ...pages.small },
      large: { cases: large, ...pages.large },
    };
  });
  const ratio = round(result.large.latencyMs.p50 / result.small.latencyMs.p50);
  const requests = Math.max(
    ...[result.small, result.large].map((entry) =>
      Object.values(entry.dynamodbRequestsPerPage).reduce((sum, count) => sum + count, 0),
    ),
  );
  const full = {
    command: 'npm run bench -- inbox',
    ...result,
    ratioP50: ratio,
    dynamodbRequestsPerPageMax: requests,
    target: 'ratio ≤ 1.5, ≤ 2 requests',
  };
  return {
    result: full,
    row: {
      benchmark: `unit inbox, first page of ${PAGE}: ${small.toLocaleString('en')} vs ${large.toLocaleString('en')} cases`,
      result: `p50 ${result.small.latencyMs.p50} ms vs ${result.large.latencyMs.p50} ms; ${requests} DynamoDB request(s) per page`,
      floor: `${small.toLocaleString('en')}-case unit`,
      ratio: String(ratio),
      target: '≤ 1.5, ≤ 2 requests',
      met: ratio <= 1.5 && requests <= 2 ? 'yes' : 'NO',
    },
  };
}

/** `npx tsx bench/inbox.ts`: one unit with CASES cases (10,000 by default; docs/console.md). */
async function main() {
  const result = await withRuntime(async (runtime) => {
    const seedSeconds = await seedUnit(runtime, UNIT, CASES);
    console.log(`seeded ${CASES} cases of ${UNIT} in ${seedSeconds.toFixed(1)} s`);
    return {
      measuredAt: new Date().toISOString(),
      machine: { cpus: availableParallelism(), node: process.version },
      command: 'npx tsx bench/inbox.ts',
      casesInUnit: CASES,
      seedSeconds: round(seedSeconds),
      request: `GET /api/staff/cases?status=assigned&limit=${PAGE} (through the local gateway, JWT verified)`,
      ...(await measurePage(runtime, UNIT)),
    };
  });
  console.log(JSON.stringify(result, null, 2));
  const directory = resolve(import.meta.dirname, 'results');
  await mkdir(directory, { recursive: true });
  await writeFile(resolve(directory, 'inbox.json'), `${JSON.stringify(result, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
