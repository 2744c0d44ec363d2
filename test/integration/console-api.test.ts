import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/** What the console reads besides the inbox: exports, notices, flagged lists, reply templates, audit, deliveries. */

let runtime: TestRuntime;
let store: DynamoCaseStore;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  runtime = await startTestRuntime();
  store = new DynamoCaseStore({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
    idempotencyTableName: runtime.tables.idempotency,
    cursorSecret: 'unused-in-this-test',
  });
  for (const username of ['handler-dept-transport', 'handler-dept-environment', 'supervisor', 'admin'])
    tokens[username] = await runtime.tokenFor(username);
});

afterAll(async () => {
  await runtime?.stop();
});

function as(username: string) {
  const authorization = `Bearer ${tokens[username]}`;
  return {
    get: (path: string) => runtime.request(path, { headers: { authorization } }),
    send: (method: string, path: string, body?: unknown) =>
      runtime.request(path, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

async function assignedCase(overrides: Record<string, unknown> = {}) {
  const created = (await (
    await runtime.postJson('/api/petitions', petitionBody({ categoryCode: 'transport', ...overrides }))
  ).json()) as { caseId: string; trackingCode: string };
  await eventually(
    async () => ((await store.get(created.caseId))?.status === 'assigned' ? true : undefined),
    10_000,
  );
  return created;
}

describe('exports', () => {
  it('exports the inbox as CSV with a BOM, CRLF rows, and formulas neutralised', async () => {
    const created = await assignedCase({ title: '=HYPERLINK("http://x","点我") 站牌' });
    const response = await as('handler-dept-transport').get(
      '/api/staff/cases/export?status=assigned&format=csv',
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="huiyin-cases-assigned-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    // fetch's text() would swallow the BOM: look at the bytes.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(lines[0]).toBe(
      '跟踪码,状态,承办单位,类别,镇街,来源,标题,签收期限,答复期限,督办,延期待批,登记时间,更新时间',
    );
    const row = lines.find((line) => line.startsWith(created.trackingCode));
    expect(row).toContain('"\'=HYPERLINK(""http://x"",""点我"") 站牌"');
    expect(row).toContain('县交通运输局');
    expect(response.headers.get('x-export-truncated')).toBe('false');
  });

  it('exports XLSX (a zip with the worksheet), scoped like the list', async () => {
    const response = await as('handler-dept-transport').get(
      '/api/staff/cases/export?status=assigned&format=xlsx',
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    const otherUnit = await as('handler-dept-transport').get(
      '/api/staff/cases/export?status=assigned&unitId=dept-environment&format=xlsx',
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml'))).toBe(true);
    expect(otherUnit.status).toBe(403);
  });
});

describe('notices, flags, templates', () => {
  it('shows a unit its own console notices only', async () => {
    const created = await assignedCase();
    const own = await eventually(async () => {
      const page = (await (await as('handler-dept-transport').get('/api/staff/notices')).json()) as {
        audience: string;
        items: { trackingCode: string }[];
      };
      return page.items.some((item) => item.trackingCode === created.trackingCode) ? page : undefined;
    }, 10_000);
    const other = (await (await as('handler-dept-environment').get('/api/staff/notices')).json()) as {
      audience: string;
      items: { trackingCode: string }[];
    };

    expect(own.audience).toBe('dept-transport');
    expect(other.audience).toBe('dept-environment');
    expect(other.items.map((item) => item.trackingCode)).not.toContain(created.trackingCode);
  });

  it('lists extension requests for supervisors only', async () => {
    const { caseId } = await assignedCase();
    const handler = as('handler-dept-transport');
    await handler.send('POST', `/api/staff/cases/${caseId}/acknowledge`, { expectedVersion: 2 });
    await handler.send('POST', `/api/staff/cases/${caseId}/request-extension`, {
      expectedVersion: 3,
      days: 5,
      reason: '等待检测报告',
    });
    const flagged = (await (await as('supervisor').get('/api/staff/cases?flag=extension')).json()) as {
      items: { caseId: string; extensionPending?: { days: number } }[];
    };

    expect(flagged.items.find((item) => item.caseId === caseId)?.extensionPending?.days).toBe(5);
    expect((await handler.get('/api/staff/cases?flag=extension')).status).toBe(403);
  });

  it('keeps reply templates per unit: a handler sees their unit’s and the county-wide ones', async () => {
    const transport = as('handler-dept-transport');
    await transport.send('PUT', '/api/staff/reply-templates/bus', {
      title: '公交',
      text: '公交问题已转交公交公司处理。',
    });
    await as('handler-dept-environment').send('PUT', '/api/staff/reply-templates/river', {
      title: '河道',
      text: '河道问题已安排清理。',
    });
    await as('admin').send('PUT', '/api/staff/reply-templates/thanks', {
      title: '致谢',
      text: '感谢您对我县工作的支持。',
    });
    const seen = (await (await transport.get('/api/staff/reply-templates')).json()) as {
      items: { templateId: string; unitId: string | null }[];
    };
    const foreignDelete = await transport.send(
      'DELETE',
      '/api/staff/reply-templates/river?unitId=dept-environment',
    );
    const invalid = await transport.send('PUT', '/api/staff/reply-templates/x', { title: '', text: '短' });

    // The unit's own first, then the county-wide ones (the demo county's seeded set among them); no other unit's.
    const pairs = seen.items.map((item) => [item.unitId, item.templateId]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        ['dept-transport', 'bus'],
        [null, 'thanks'],
        [null, 'county-3-reply'],
      ]),
    );
    expect(pairs.findIndex(([unitId]) => unitId === null)).toBeGreaterThan(
      pairs.findIndex(([, id]) => id === 'bus'),
    );
    expect(seen.items.some((item) => item.unitId === 'dept-environment')).toBe(false);
    expect(foreignDelete.status).toBe(403);
    expect(invalid.status).toBe(400);
    expect((await transport.send('DELETE', '/api/staff/reply-templates/bus')).status).toBe(204);
    expect((await transport.send('DELETE', '/api/staff/reply-templates/bus')).status).toBe(404);
  });
});

describe('supervisors’ case records', () => {
  it('shows the audit trail with changes and reads, and records that it was read', async () => {
    const { caseId } = await assignedCase();
    await as('handler-dept-transport').get(`/api/staff/cases/${caseId}`);
    await as('handler-dept-transport').get(`/api/staff/cases/${caseId}/petitioner`);
    await as('handler-dept-transport').send('POST', `/api/staff/cases/${caseId}/acknowledge`, {
      expectedVersion: 2,
    });
    const audit = (await (await as('supervisor').get(`/api/staff/cases/${caseId}/audit`)).json()) as {
      events: {
        type: string;
        actor: { id: string };
        changes: Record<string, { before: unknown; after: unknown }>;
      }[];
      reads: { actor: { id: string }; what: string }[];
    };
    const again = (await (await as('supervisor').get(`/api/staff/cases/${caseId}/audit`)).json()) as {
      reads: { actor: { id: string }; what: string }[];
    };
    const deliveries = await as('supervisor').get(`/api/staff/cases/${caseId}/deliveries`);

    expect(audit.events.map((event) => event.type)).toEqual(['registered', 'assigned', 'acknowledged']);
    expect(audit.events[2]).toMatchObject({
      actor: { id: 'handler-dept-transport' },
      changes: { status: { before: 'assigned', after: 'acknowledged' } },
    });
    expect(audit.reads.map((read) => [read.actor.id, read.what])).toEqual([
      ['handler-dept-transport', 'case'],
      ['handler-dept-transport', 'petitioner'],
    ]);
    expect(again.reads.map((read) => [read.actor.id, read.what])).toContainEqual(['supervisor', 'audit']);
    expect(deliveries.status).toBe(200);
    expect(((await deliveries.json()) as { deliveries: unknown[] }).deliveries).toBeInstanceOf(Array);
  });
});
