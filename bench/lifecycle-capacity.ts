/**
 * DynamoDB request units of one full case lifecycle (register → assign → acknowledge → reply → close →
 * survey → archive), measured with `ReturnConsumedCapacity: TOTAL` against DynamoDB Local, through the same
 * use cases and store the functions run. The same lifecycle is measured a second time with the earlier
 * transactional commit (bench/support/transactional-commit.ts), so before and after come from one run.
 * Run: `npx tsx bench/lifecycle-capacity.ts` (or as part of `npm run bench`). Writes
 * bench/results/lifecycle-capacity.json.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/ports.ts';
import { provisionTables } from '../infra/local/provision.ts';
import { DynamoCaseStore } from '../shared/adapters/dynamo/dynamo-case-store.ts';
import { createWorkCalendar } from '../shared/domain/calendar/index.ts';
import { publicActor } from '../shared/domain/case/model.ts';
import { statutoryPolicy, studioSuggestionPolicy } from '../shared/domain/policy/sla-policy.ts';
import { submitPetitionSchema } from '../shared/schemas/petition.ts';
import { demoCounty } from '../shared/seed/demo-county.ts';
import { actOnCase } from '../shared/use-cases/act-on-case.ts';
import { routeRegisteredCase } from '../shared/use-cases/route-case.ts';
import { submitPetition } from '../shared/use-cases/submit-petition.ts';
import { meterCapacity } from './support/capacity-meter.ts';
import { TransactionalCommitStore } from './support/transactional-commit.ts';

export interface LifecycleCapacity {
  readonly steps: { step: string; readUnits: number; writeUnits: number; requests: Record<string, number> }[];
  readonly total: { readUnits: number; writeUnits: number; requests: number };
}

/** How a change is written: the store's two single-item writes, or the earlier one transaction. */
export type CommitMode = 'event-first' | 'transaction';

export async function measureLifecycleCapacity(
  endpoint: string,
  mode: CommitMode = 'event-first',
): Promise<LifecycleCapacity> {
  const dynamodb = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = await provisionTables(dynamodb, `capacity-${mode}-`);
  const meter = meterCapacity(dynamodb);
  const client = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const options = {
    client,
    tableName: tables.main,
    idempotencyTableName: tables.idempotency,
    cursorSecret: 'bench-secret-0123456789',
  };
  const store = mode === 'event-first' ? new DynamoCaseStore(options) : new TransactionalCommitStore(options);
  // Reference data and the calendar are cached in warm functions; they are not part of a case's cost.
  const catalog = async () => demoCounty;
  const calendar = () => createWorkCalendar({ overrides: [] });
  const policies = () => [statutoryPolicy, studioSuggestionPolicy];
  const steps: LifecycleCapacity['steps'] = [];
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    meter.reset();
    const result = await run();
    const totals = meter.totals();
    steps.push({
      step: name,
      readUnits: totals.readUnits,
      writeUnits: totals.writeUnits,
      requests: totals.requests,
    });
    return result;
  };

  const start = new Date('2026-03-02T02:00:00Z');
  const { case: created } = await step('register (public form, with Idempotency-Key)', () =>
    submitPetition(
      { store, catalog },
      // Parsed like the function parses it, so defaults added to the schema later apply here too.
      submitPetitionSchema.parse({
        categoryCode: 'transport',
        jurisdictionCode: 'chengguan',
        title: '公交站牌损坏',
        content: '人民路公交站牌被撞坏，请尽快修复。',
        petitioner: { phone: '13812345678' },
      }),
      { channel: 'web', actor: publicActor, now: start, idempotencyKey: 'capacity-bench-key' },
    ),
  );
  await step('route → assign (router)', () =>
    routeRegisteredCase({ store, catalog, calendar, policies }, created.caseId, start),
  );
  const handler = { id: 'handler-dept-transport', role: 'handler' as const, unitId: 'dept-transport' };
  const act = (
    name: string,
    command: Parameters<typeof actOnCase>[1]['command'],
    actor: Parameters<typeof actOnCase>[1]['actor'],
    at: string,
  ) =>
    step(name, () =>
      actOnCase({ store, calendar, policies }, { caseId: created.caseId, command, actor, now: new Date(at) }),
    );
  await act('acknowledge', { type: 'acknowledge' }, handler, '2026-03-02T06:00:00Z');
  await act(
    'reply',
    { type: 'reply', text: '站牌已于今日修复，感谢反映。' },
    handler,
    '2026-03-05T06:00:00Z',
  );
  await act(
    'close (raises the survey)',
    { type: 'close', surveyTokenHash: createHash('sha256').update('token').digest('hex') },
    handler,
    '2026-03-05T07:00:00Z',
  );
  await act(
    'survey answered → archived',
    { type: 'answerSurvey', rating: 'satisfied', via: 'web' },
    publicActor,
    '2026-03-06T07:00:00Z',
  );
  await step('tracking page read', () =>
    store.getByTrackingCode(created.trackingCode).then(() => store.timeline(created.caseId)),
  );

  dynamodb.destroy();
  const total = steps.reduce(
    (sum, entry) => ({
      readUnits: sum.readUnits + entry.readUnits,
      writeUnits: sum.writeUnits + entry.writeUnits,
      requests: sum.requests + Object.values(entry.requests).reduce((a, b) => a + b, 0),
    }),
    { readUnits: 0, writeUnits: 0, requests: 0 },
  );
  return { steps, total };
}

/** The lifecycle as the store writes it (`after`) and with one transaction per change (`before`). */
export async function measureLifecycleCapacitySideBySide(endpoint: string) {
  const after = await measureLifecycleCapacity(endpoint, 'event-first');
  const before = await measureLifecycleCapacity(endpoint, 'transaction');
  return { after, before, targetWriteUnits: 50 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const local = await startDynamoDbLocal({ port: await freePort() });
  try {
    const result = await measureLifecycleCapacitySideBySide(local.endpoint);
    console.table(
      result.after.steps.map((entry, index) => ({
        step: entry.step,
        RRU: entry.readUnits,
        WRU: entry.writeUnits,
        'WRU, one transaction': result.before.steps[index]?.writeUnits,
        requests: JSON.stringify(entry.requests),
      })),
    );
    console.log(
      `total: ${result.after.total.readUnits} read units, ${result.after.total.writeUnits} write units (one transaction per change: ${result.before.total.writeUnits}), ${result.after.total.requests} requests`,
    );
    const out = resolve(import.meta.dirname, 'results');
    await mkdir(out, { recursive: true });
    await writeFile(
      resolve(out, 'lifecycle-capacity.json'),
      `${JSON.stringify({ measuredAt: new Date().toISOString(), ...result }, null, 2)}\n`,
    );
  } finally {
    await local.stop();
  }
}
