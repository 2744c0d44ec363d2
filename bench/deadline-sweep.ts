/**
 * Deadline sweep cost against the number of open cases (DESIGN §3: "sweep cost must grow with the number of
 * due items, not with the number of cases"). Seeds DynamoDB Local (in memory, its own instance) directly with
 * BatchWriteItem through the real item mapping (`toCaseItem`, so every index entry is the real one), then
 * times `runDeadlineSweep` — the use case the scheduled function runs — with 100 due cases among 1,000 and
 * among 100,000 open cases. Every run gets 100 freshly seeded due cases; the median of the runs is reported.
 *
 *   npx tsx bench/deadline-sweep.ts            # writes bench/results/deadline-sweep.json
 *   SWEEP_BENCH_LARGE=20000 npx tsx bench/deadline-sweep.ts   # a quicker, smaller comparison
 *
 * Benchmarks measure, they do not assert: the target (ratio ≤ 1.5) is printed next to the result.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/ports.ts';
import { provisionTables } from '../infra/local/provision.ts';
import { toCaseItem } from '../shared/adapters/dynamo/case-items.ts';
import { DynamoCaseStore } from '../shared/adapters/dynamo/dynamo-case-store.ts';
import { createWorkCalendar } from '../shared/domain/calendar/index.ts';
import { decide, register } from '../shared/domain/case/lifecycle.ts';
import { type Case, publicActor, systemActor } from '../shared/domain/case/model.ts';
import { statutoryPolicy, studioSuggestionPolicy } from '../shared/domain/policy/sla-policy.ts';
import { runDeadlineSweep } from '../shared/use-cases/sweeps.ts';
import { writeResult } from './support/results.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'WARN';

const DUE = 100;
const RUNS = Number(process.env.SWEEP_BENCH_RUNS ?? 5);
const SMALL = 1_000;
const LARGE = Number(process.env.SWEEP_BENCH_LARGE ?? 100_000);
const TARGET_RATIO = 1.5;

const calendar = createWorkCalendar({ overrides: [] });
const policies = [statutoryPolicy, studioSuggestionPolicy];
/** The sweep runs at Tuesday 3 March 2026, 09:00 Shanghai. */
const NOW = new Date('2026-03-03T01:00:00Z');

/**
 * A case assigned at `assignedAt` under the studio policy (acknowledge in 1 working day, reminder at 09:00
 * on the deadline day): assigned Monday 2 March, its reminder is due at NOW; assigned later, it is not due.
 */
function template(assignedAt: Date): Case {
  const registered = register(
    {
      caseId: ulid(),
      trackingCode: 'HY-BNCH-0000',
      channel: 'visit',
      categoryCode: 'transport',
      jurisdictionCode: 'chengguan',
      studioId: 'studio-chengguan',
      title: '路灯不亮',
      content: '人民路路灯已坏一周，夜间出行不便。',
      petitioner: { phone: '13812345678', anonymous: false },
      confidential: false,
    },
    { actor: publicActor, now: new Date(assignedAt.getTime() - 60_000) },
  );
  return decide(
    registered.case,
    { type: 'assign', unitId: 'dept-transport' },
    { actor: systemActor, now: assignedAt, calendar, policy: studioSuggestionPolicy },
  ).case;
}

const dueTemplate = template(new Date('2026-03-02T02:00:00Z'));
/** Assigned Thursday 5 March: nothing due until 6 March, so in the due index but after NOW. */
const openTemplate = template(new Date('2026-03-05T02:00:00Z'));

let sequence = 0;
function copy(from: Case): Record<string, unknown> {
  sequence++;
  const caseId = ulid();
  return toCaseItem({ ...from, caseId, trackingCode: `HY-${String(sequence).padStart(8, '0')}` });
}

async function seed(client: DynamoDBDocumentClient, table: string, from: Case, count: number): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < count; start += 25)
    batches.push(Array.from({ length: Math.min(25, count - start) }, () => copy(from)));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let items = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (items.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: items } }));
        items = (result.UnprocessedItems?.[table] ?? []) as typeof items;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface SizeResult {
  readonly openCases: number;
  readonly dueCases: number;
  readonly seedSeconds: number;
  readonly runsMs: number[];
  readonly medianMs: number;
  /** Due entries the sweep read from the index: 100 whatever the number of open cases. */
  readonly examinedPerRun: number[];
  readonly remindedPerRun: number[];
}

interface Prepared {
  readonly openCases: number;
  readonly seedSeconds: number;
  readonly client: DynamoDBDocumentClient;
  readonly table: string;
  readonly deps: Parameters<typeof runDeadlineSweep>[0];
}

async function prepare(dynamodb: DynamoDBClient, openCases: number, prefix: string): Promise<Prepared> {
  const tables = await provisionTables(dynamodb, prefix);
  const client = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoCaseStore({
    client,
    tableName: tables.main,
    idempotencyTableName: tables.idempotency,
    cursorSecret: 'bench-cursor-secret-0123456789',
  });
  const seedStarted = performance.now();
  await seed(client, tables.main, openTemplate, openCases - DUE);
  const deps = {
    store,
    calendar: () => calendar,
    policies: () => policies,
    surveySecret: () => 'bench-survey-secret-0123456789',
  };
  return {
    openCases,
    seedSeconds: Math.round((performance.now() - seedStarted) / 1000),
    client,
    table: tables.main,
    deps,
  };
}

/** Seeds 100 due cases, then times one sweep over them. */
async function sweepOnce(prepared: Prepared) {
  await seed(prepared.client, prepared.table, dueTemplate, DUE);
  const started = performance.now();
  const report = await runDeadlineSweep(prepared.deps, NOW);
  return { ms: Math.round(performance.now() - started), report };
}

export async function benchDeadlineSweep() {
  const local = await startDynamoDbLocal({ port: await freePort() });
  const dynamodb = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const sizes = [
      await prepare(dynamodb, SMALL, 'sweep-small-'),
      await prepare(dynamodb, LARGE, 'sweep-large-'),
    ];
    const results: SizeResult[] = sizes.map((size) => ({
      openCases: size.openCases,
      dueCases: DUE,
      seedSeconds: size.seedSeconds,
      runsMs: [],
      medianMs: 0,
      examinedPerRun: [],
      remindedPerRun: [],
    }));
    // Alternating runs (after one warm-up each), so load on the machine falls on both sizes alike.
    for (let run = 0; run <= RUNS; run++) {
      for (const [index, size] of sizes.entries()) {
        const { ms, report } = await sweepOnce(size);
        if (run === 0) continue;
        const result = results[index]!;
        result.runsMs.push(ms);
        result.examinedPerRun.push(report.examined);
        result.remindedPerRun.push(report.applied.reminded ?? 0);
      }
    }
    const [small, large] = results.map((result) => ({ ...result, medianMs: median(result.runsMs) })) as [
      SizeResult,
      SizeResult,
    ];
    for (const result of [small, large])
      console.error(
        `  ${result.openCases} open cases: median ${result.medianMs} ms (runs ${result.runsMs.join(', ')})`,
      );
    const ratio = Math.round((large.medianMs / small.medianMs) * 100) / 100;
    return { small, large, ratio, target: `≤ ${TARGET_RATIO}`, met: ratio <= TARGET_RATIO };
  } finally {
    dynamodb.destroy();
    await local.stop();
  }
}

/** `npm run bench -- sweep`: the summary row for the runner. */
export async function bench() {
  const result = await benchDeadlineSweep();
  return {
    result,
    row: {
      benchmark: `deadline sweep, ${DUE} due cases: ${SMALL.toLocaleString('en')} vs ${LARGE.toLocaleString('en')} open`,
      result: `median ${result.small.medianMs} ms vs ${result.large.medianMs} ms`,
      floor: `${SMALL.toLocaleString('en')} open cases`,
      ratio: String(result.ratio),
      target: result.target,
      met: result.met ? 'yes' : 'NO',
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchDeadlineSweep();
  await writeResult('deadline-sweep', result);
  console.log(
    `deadline sweep, ${DUE} due: ${result.small.medianMs} ms among ${SMALL} open, ${result.large.medianMs} ms among ${LARGE} open; ratio ${result.ratio} (target ${result.target}: ${result.met ? 'met' : 'NOT met'})`,
  );
  process.exit(0);
}
