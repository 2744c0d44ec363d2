import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/functions.ts';
import { toCaseItem } from '../../shared/adapters/dynamo/case-items.ts';
import type { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { DynamoMetricsStore } from '../../shared/adapters/dynamo/dynamo-metrics-store.ts';
import type { Case } from '../../shared/domain/case/model.ts';
import { monthOf, type ReportMonth } from '../../shared/domain/metrics/facts.ts';
import type { ReportCard } from '../../shared/domain/metrics/report-card.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { clearOfShanghaiMonthEdge, MONTH_FILE_BUDGET_MS } from '../support/window-edge.ts';

/**
 * The report card kept from the table stream: a second stream consumer writes per-case facts, a replayed or
 * older record never counts a case twice, the staff API serves the card scoped to the caller (JSON, CSV,
 * XLSX), and the monthly job freezes it.
 */

let runtime: TestRuntime;
let cases: DynamoCaseStore;
let metrics: DynamoMetricsStore;
// The file names this month once; it must not run across a month's end (see window-edge.ts).
await clearOfShanghaiMonthEdge(MONTH_FILE_BUDGET_MS);
const month = monthOf(new Date());

beforeAll(async () => {
  process.env.RATE_LIMITS = 'off';
  runtime = await startTestRuntime();
  cases = runtime.caseStore;
  metrics = new DynamoMetricsStore({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
    factsTableName: runtime.tables.facts,
  });
});

afterAll(async () => {
  await runtime?.stop();
});

async function staff(username: string) {
  const headers = { authorization: `Bearer ${await runtime.tokenFor(username)}` };
  return {
    get: (path: string) => runtime.request(path, { headers }),
    post: (path: string, body: unknown) => runtime.postJson(path, body, headers),
  };
}

async function submitAssigned(categoryCode = 'transport'): Promise<Case> {
  const { caseId } = (await (
    await runtime.postJson('/api/petitions', petitionBody({ categoryCode }))
  ).json()) as {
    caseId: string;
  };
  return eventually(async () => {
    const item = await cases.get(caseId);
    return item?.status === 'assigned' ? item : undefined;
  });
}

const factOf = async (caseId: string) => (await metrics.facts(month)).find((fact) => fact.caseId === caseId);

/** A stream record as Lambda delivers it, for the case image given. */
function record(item: Case, sequence: number): DynamoDBStreamEvent['Records'][number] {
  const image = marshall(toCaseItem(item), { removeUndefinedValues: true }) as never;
  return {
    eventID: `replay-${sequence}`,
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: { PK: { S: `CASE#${item.caseId}` }, SK: { S: 'CASE' } },
      NewImage: image,
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

describe('facts from the stream', () => {
  it('follow a case through its life, next to the dispatcher', async () => {
    const assigned = await submitAssigned();
    const handler = await staff('handler-dept-transport');

    const registeredFact = await eventually(async () => {
      const fact = await factOf(assigned.caseId);
      return fact?.status === 'assigned' ? fact : undefined;
    });
    await handler.post(`/api/staff/cases/${assigned.caseId}/acknowledge`, {
      expectedVersion: assigned.version,
    });
    const acknowledgedFact = await eventually(async () => {
      const fact = await factOf(assigned.caseId);
      return fact?.status === 'acknowledged' ? fact : undefined;
    });

    expect(registeredFact).toMatchObject({ month, unitId: 'dept-transport', channel: 'web', version: 2 });
    expect(acknowledgedFact).toMatchObject({ version: 3, respondedAt: expect.any(String) });
    expect(acknowledgedFact.acknowledgeBy).toBe(assigned.deadlines.acknowledgeBy?.at);
  });

  it('a replayed record, or an older one after a newer, never counts a case twice nor turns it back', async () => {
    const assigned = await submitAssigned('environment');
    const handler = await staff('handler-dept-environment');
    await handler.post(`/api/staff/cases/${assigned.caseId}/acknowledge`, {
      expectedVersion: assigned.version,
    });
    await eventually(async () => ((await factOf(assigned.caseId))?.version === 3 ? true : undefined));
    const latest = (await cases.get(assigned.caseId))!;
    const before = JSON.parse(
      (await invoke<{ body: string }>('staffMonthlyReport', reportEvent('supervisor'))).body,
    ) as ReportCard;

    const result = await invoke<{ batchItemFailures: unknown[] }>('streamMetrics', {
      Records: [
        record(latest, 1),
        record(latest, 2),
        record(assigned, 3),
        record(latest, 4),
        record(assigned, 5),
      ],
    });
    const after = JSON.parse(
      (await invoke<{ body: string }>('staffMonthlyReport', reportEvent('supervisor'))).body,
    ) as ReportCard;
    const facts = (await metrics.facts(month)).filter((fact) => fact.caseId === assigned.caseId);

    expect(result.batchItemFailures).toEqual([]);
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ version: 3, status: 'acknowledged' });
    const environment = (card: ReportCard) => card.units.find((unit) => unit.unitId === 'dept-environment')!;
    expect(environment(after).received).toBe(environment(before).received);
    expect(after.county.received).toBe(before.county.received);
  });
});

/** A payload-v2 event for the report route, with the claims the local gateway would have verified. */
function reportEvent(username: string, query: Record<string, string> = { month }) {
  const claims =
    username === 'supervisor'
      ? { sub: 'supervisor', role: 'supervisor', username }
      : { sub: username, role: 'handler', unitId: username.replace('handler-', ''), username };
  return {
    version: '2.0',
    routeKey: 'GET /api/staff/reports/monthly',
    rawPath: '/api/staff/reports/monthly',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    queryStringParameters: query,
    requestContext: {
      requestId: 'report-test',
      routeKey: 'GET /api/staff/reports/monthly',
      http: { method: 'GET', path: '/api/staff/reports/monthly', sourceIp: '127.0.0.1' },
      authorizer: { jwt: { claims, scopes: null } },
    },
    isBase64Encoded: false,
  };
}

describe('the report card API', () => {
  it('serves supervisors the whole card, a handler only their unit, and refuses an admin', async () => {
    // Two of its own, so the test does not depend on what earlier tests left behind.
    const assigned = [await submitAssigned(), await submitAssigned()];
    for (const item of assigned)
      await eventually(async () => ((await factOf(item.caseId)) ? true : undefined));
    const supervisor = await staff('supervisor');
    const handler = await staff('handler-dept-transport');
    const admin = await staff('admin');

    const whole = (await (
      await supervisor.get(`/api/staff/reports/monthly?month=${month}`)
    ).json()) as ReportCard;
    const own = (await (await handler.get(`/api/staff/reports/monthly?month=${month}`)).json()) as ReportCard;
    const refused = await admin.get(`/api/staff/reports/monthly?month=${month}`);
    const future = await supervisor.get('/api/staff/reports/monthly?month=2099-01');
    const malformed = await supervisor.get('/api/staff/reports/monthly?month=2026-13');

    expect(whole).toMatchObject({ month, frozen: false });
    expect(whole.units.length).toBeGreaterThan(5);
    expect(whole.units.find((unit) => unit.unitId === 'dept-transport')?.received).toBeGreaterThanOrEqual(2);
    expect(whole.county.received).toBeGreaterThanOrEqual(3);
    expect(own.units.map((unit) => unit.unitId)).toEqual(['dept-transport']);
    expect(own.studios).toEqual([]);
    expect(refused.status).toBe(403);
    expect(future.status).toBe(400);
    expect(malformed.status).toBe(400);
  });

  it('exports CSV (UTF-8 with BOM) and XLSX', async () => {
    const supervisor = await staff('supervisor');

    const csv = await supervisor.get(`/api/staff/reports/monthly?month=${month}&format=csv`);
    const xlsx = await supervisor.get(`/api/staff/reports/monthly?month=${month}&format=xlsx`);
    const csvBytes = new Uint8Array(await csv.arrayBuffer());
    const workbook = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));

    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="huiyin-report-${month}.csv"`);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csvBytes)).toContain('县交通运输局');
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(new TextDecoder().decode(workbook['xl/workbook.xml'])).toContain('单位排名');
  });

  it('refuses the exports to an admin, who may not read report data: 403 problem+json, no file', async () => {
    const admin = await staff('admin');

    const answers = await Promise.all(
      ['csv', 'xlsx'].map((format) =>
        admin.get(`/api/staff/reports/monthly?month=${month}&format=${format}`),
      ),
    );
    const bodies = await Promise.all(answers.map((answer) => answer.json() as Promise<{ status: number }>));

    expect(answers.map((answer) => answer.status)).toEqual([403, 403]);
    for (const answer of answers)
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answers.map((answer) => answer.headers.get('content-disposition'))).toEqual([null, null]);
    expect(bodies.map((body) => body.status)).toEqual([403, 403]);
  });

  it('the monthly job freezes a month once; the API then serves the frozen card', async () => {
    const now = new Date().toISOString();

    const first = await invoke<{ outcome: string }>('jobMonthlyReport', { detail: { month, now } });
    const again = await invoke<{ outcome: string }>('jobMonthlyReport', { detail: { month, now } });
    const card = (await metrics.frozenCard(month as ReportMonth))!;
    const served = JSON.parse(
      (await invoke<{ body: string }>('staffMonthlyReport', reportEvent('supervisor'))).body,
    );

    expect(first.outcome).toBe('frozen');
    expect(again.outcome).toBe('already-frozen');
    expect(card).toMatchObject({ month, frozen: true, frozenAt: now });
    expect(served).toEqual(card);
  });
});
