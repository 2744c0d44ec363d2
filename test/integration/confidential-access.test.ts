import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../shared/topology.ts';
import {
  changeCatalog,
  eventually,
  petitionBody,
  startTestRuntime,
  type TestRuntime,
} from '../support/runtime-harness.ts';
import { createStaffAccount } from '../support/staff-accounts.ts';
import { clearOfShanghaiMonthEdge, MONTH_FILE_BUDGET_MS } from '../support/window-edge.ts';

/**
 * Confidential really confidential, generated from the topology: every staff route × every kind of staff
 * member, around two confidential cases of 溪口 studio held by 县人社局 (cleared): a letter with a scanned page,
 * routed by a keyword rule, acknowledged, noted, replied, closed with a summary and rated on a call-back with a
 * comment; and a reception-day visit turned into a confidential case. Every text of theirs carries the marker
 * ZXQJ; the routing reasons (which name the keyword) and the page's key are looked for as well. Only the
 * holding unit's handler and a supervisor cleared for confidential work may receive any of it, and only from
 * the case page, its actions and its audit trail (each read recorded); everyone else, and every other view
 * (lists, searches, exports, the ledger, the day's visits, notices, reports, the staff e-mails in the outbox),
 * gets none of it. A staff route added to the topology without a call below fails the first test.
 */

const roles = [
  'liaison',
  'holdingHandler',
  'otherHandler',
  'clearedSupervisor',
  'supervisor',
  'admin',
] as const;
type Role = (typeof roles)[number];
const HOLDING_UNIT = 'dept-hrss';
const STUDIO = 'studio-xikou';
const logins: Record<Role, string> = {
  liaison: `liaison-${STUDIO}`,
  holdingHandler: `handler-${HOLDING_UNIT}`,
  otherHandler: 'handler-dept-transport',
  clearedSupervisor: 'supervisor-confidential',
  supervisor: 'supervisor',
  admin: 'admin',
};
const readers: ReadonlySet<Role> = new Set(['holdingHandler', 'clearedSupervisor']);
/** The views a reader gets the content from: each one records the read. */
const readerViews: ReadonlySet<string> = new Set([
  'GET /api/staff/cases/{caseId}',
  'POST /api/staff/cases/{caseId}/{action}',
  'GET /api/staff/cases/{caseId}/audit',
  // The case's files (their signed links name the stored key), each view recorded as a read.
  'GET /api/staff/cases/{caseId}/attachments',
  'GET /api/staff/cases/{caseId}/attachments/{index}',
]);

const MARKER = 'ZXQJ';
/** The holding unit's mailbox: new assignments are e-mailed there with the case's title. */
const UNIT_MAILBOX = 'hrss-office@example.cn';
const KEYWORD = '心结难解';
// The file names this month once; it must not run across a month's end (see window-edge.ts).
await clearOfShanghaiMonthEdge(MONTH_FILE_BUDGET_MS);
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const day = `${month}-10`;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}
interface Context {
  readonly letterCase: string;
  readonly visitCase: string;
  readonly trackingCode: string;
  readonly n: number;
}

let runtime: TestRuntime;
let tokens: Record<Role, string>;
let fixtures: Context;
/** Strings none of the content may leave as: the marker, the routing reasons, the page's key. */
let forbidden: string[];
let counter = 0;

const versionOf = async (caseId: string) => (await runtime.caseStore.get(caseId))!.version;
const byCase = ({ letterCase, visitCase }: Context, path: (caseId: string) => string): Call[] =>
  [letterCase, visitCase].map((caseId) => ({ method: 'GET', path: path(caseId) }));
const get = (...paths: string[]): Call[] => paths.map((path) => ({ method: 'GET', path }));
const listQueries = (base: string, { trackingCode }: Context) =>
  get(
    `${base}?status=archived&unitId=${HOLDING_UNIT}`,
    `${base}?status=assigned&unitId=${HOLDING_UNIT}`,
    `${base}?status=archived`,
    `${base}?status=archived&scope=studio`,
    `${base}?status=assigned&scope=studio`,
    `${base}?status=archived&q=${encodeURIComponent(MARKER)}`,
    `${base}?status=archived&q=${encodeURIComponent(KEYWORD)}`,
    `${base}?status=archived&q=${trackingCode}`,
    // The owner lists (the holding unit's open visit case has no owner yet): no text there either.
    `${base}?status=assigned&owner=unassigned`,
    `${base}?status=assigned&owner=mine`,
  );

/**
 * One entry per staff route of the topology: the calls that exercise it around the confidential cases. Routes
 * that hold no case text (administration, uploads, templates) are called all the same: a route that starts to
 * answer with case text must fail here, not in production.
 */
const calls: Record<string, (context: Context) => Call[] | Promise<Call[]>> = {
  'GET /api/staff/cases': (context) => listQueries('/api/staff/cases', context),
  'GET /api/staff/cases/export': (context) =>
    listQueries('/api/staff/cases/export', context).flatMap((call) => [
      call,
      { ...call, path: `${call.path}&format=xlsx` },
    ]),
  'POST /api/staff/cases': ({ n }) => [
    {
      method: 'POST',
      path: '/api/staff/cases',
      body: { ...petitionBody({ jurisdictionCode: 'xikou', title: `走访登记 ${n}` }), channel: 'visit' },
    },
  ],
  'GET /api/staff/cases/{caseId}': (context) => byCase(context, (id) => `/api/staff/cases/${id}`),
  'GET /api/staff/cases/{caseId}/petitioner': (context) =>
    byCase(context, (id) => `/api/staff/cases/${id}/petitioner`),
  'GET /api/staff/cases/{caseId}/audit': (context) => byCase(context, (id) => `/api/staff/cases/${id}/audit`),
  'GET /api/staff/cases/{caseId}/deliveries': (context) =>
    byCase(context, (id) => `/api/staff/cases/${id}/deliveries`),
  // The answer to an action is the case as the actor may see it (the visit case is still open for notes).
  'POST /api/staff/cases/{caseId}/{action}': async ({ visitCase, n }) => [
    {
      method: 'POST',
      path: `/api/staff/cases/${visitCase}/note`,
      body: { expectedVersion: await versionOf(visitCase), text: `已电话联系，第 ${n} 次备注` },
    },
  ],
  // A confidential case's files reach only those cleared (403 for the rest, nothing recorded as read).
  'GET /api/staff/cases/{caseId}/attachments': (context) =>
    byCase(context, (id) => `/api/staff/cases/${id}/attachments`),
  'GET /api/staff/cases/{caseId}/attachments/{index}': (context) => [
    ...byCase(context, (id) => `/api/staff/cases/${id}/attachments/0`),
    ...byCase(context, (id) => `/api/staff/cases/${id}/attachments/0?download=true`),
  ],
  // Confidential cases are never indexed as similar, nor shown as candidates.
  'GET /api/staff/cases/{caseId}/similar': (context) =>
    byCase(context, (id) => `/api/staff/cases/${id}/similar`),
  'POST /api/staff/cases/{caseId}/similar/{otherCaseId}': ({ letterCase, visitCase }) => [
    {
      method: 'POST',
      path: `/api/staff/cases/${letterCase}/similar/${visitCase}`,
      body: { decision: 'related' },
    },
  ],
  // Names and counts only: how many open cases each person of the unit works, and how many nobody does.
  'GET /api/staff/unit-load': () =>
    get('/api/staff/unit-load', `/api/staff/unit-load?unitId=${HOLDING_UNIT}`),
  'GET /api/staff/topics': () => get(`/api/staff/topics?month=${month}`),
  'POST /api/staff/topics/run': () => [{ method: 'POST', path: '/api/staff/topics/run', body: { month } }],
  'PUT /api/staff/topics/{topicId}/focus': () => [
    {
      method: 'PUT',
      path: `/api/staff/topics/${month}-0000abcd/focus`,
      body: { month, ownerUnitId: HOLDING_UNIT, deadline: `${month}-28` },
    },
  ],
  'GET /api/admin/word-list': () => get('/api/admin/word-list'),
  'PUT /api/admin/word-list': () => [{ method: 'PUT', path: '/api/admin/word-list', body: { entries: [] } }],
  'GET /api/staff/reports/monthly': () =>
    get(
      `/api/staff/reports/monthly?month=${month}`,
      `/api/staff/reports/monthly?month=${month}&format=csv`,
      `/api/staff/reports/monthly?month=${month}&format=xlsx`,
    ),
  'GET /api/staff/notices': () => get('/api/staff/notices'),
  'GET /api/staff/reference': () => get('/api/staff/reference'),
  'GET /api/staff/me': () => get('/api/staff/me'),
  'GET /api/staff/mail/quarantine': () => get('/api/staff/mail/quarantine'),
  'POST /api/staff/uploads': () => [
    { method: 'POST', path: '/api/staff/uploads', body: { contentType: 'application/pdf', size: 2048 } },
  ],
  'GET /api/staff/reception-days': () => get(`/api/staff/reception-days?studioId=${STUDIO}&month=${month}`),
  'POST /api/staff/reception-days/generate': () => [
    { method: 'POST', path: '/api/staff/reception-days/generate', body: { studioId: STUDIO, month } },
  ],
  'PUT /api/staff/reception-days/{studioId}/{date}': () => [
    { method: 'PUT', path: `/api/staff/reception-days/${STUDIO}/${month}-20`, body: { note: '接待日备注' } },
  ],
  'GET /api/staff/reception-days/{studioId}/{date}/visits': () =>
    get(`/api/staff/reception-days/${STUDIO}/${day}/visits`),
  'POST /api/staff/reception-days/{studioId}/{date}/visits': ({ n }) => [
    {
      method: 'POST',
      path: `/api/staff/reception-days/${STUDIO}/${day}/visits`,
      body: {
        visitor: { name: `来访人${n}` },
        representativeIds: ['rep-xk-01'],
        summary: '咨询医保报销政策的办理流程。',
        outcome: 'answered',
        answer: '已当场解答并提供办事指南。',
      },
    },
  ],
  'GET /api/staff/ledger': () =>
    ['json', 'csv', 'xlsx'].flatMap((format) =>
      get(`/api/staff/ledger?studioId=${STUDIO}&month=${month}&format=${format}`),
    ),
  'GET /api/staff/studio-report': () => get(`/api/staff/studio-report?studioId=${STUDIO}`),
  'GET /api/staff/teams/{teamId}/referrals': () => get('/api/staff/teams/team-mental-health/referrals'),
  'GET /api/staff/help-mailbox/letters': () => get('/api/staff/help-mailbox/letters'),
  'GET /api/staff/help-mailbox/letters/{letterId}': () =>
    get(`/api/staff/help-mailbox/letters/${'0'.repeat(32)}`),
  'POST /api/staff/help-mailbox/letters/{letterId}/reply': () => [
    {
      method: 'POST',
      path: `/api/staff/help-mailbox/letters/${'0'.repeat(32)}/reply`,
      body: { text: '回信内容。' },
    },
  ],
  'GET /api/staff/help-mailbox/counts': () => get(`/api/staff/help-mailbox/counts?month=${month}`),
  'GET /api/staff/reply-templates': () => get(`/api/staff/reply-templates?unitId=${HOLDING_UNIT}`),
  'PUT /api/staff/reply-templates/{templateId}': ({ n }) => [
    {
      method: 'PUT',
      path: `/api/staff/reply-templates/conf-${n}`,
      body: { title: '模板', text: '您反映的问题已经办理完毕。', unitId: HOLDING_UNIT },
    },
  ],
  'DELETE /api/staff/reply-templates/{templateId}': ({ n }) => [
    { method: 'DELETE', path: `/api/staff/reply-templates/conf-${n}?unitId=${HOLDING_UNIT}` },
  ],
  'GET /api/admin/reference': () => get('/api/admin/reference'),
  'PUT /api/admin/reference/{kind}/{id}': ({ n }) => [
    {
      method: 'PUT',
      path: `/api/admin/reference/categories/conf-${n}`,
      body: { nameZh: '测试类别', nameEn: 'Test', descriptionZh: '测试用', confidential: false },
    },
  ],
  'DELETE /api/admin/reference/{kind}/{id}': ({ n }) => [
    { method: 'DELETE', path: `/api/admin/reference/categories/conf-${n}` },
  ],
  // The dry run shows the recent cases a rule would take: a confidential one among them shows no text.
  'POST /api/admin/routing-rules/dry-run': () => [
    {
      method: 'POST',
      path: '/api/admin/routing-rules/dry-run',
      body: {
        title: `关于${KEYWORD}`,
        content: `最近${KEYWORD}，想找人聊聊。`,
        jurisdictionCode: 'xikou',
        channel: 'letter',
      },
    },
  ],
  'GET /api/admin/policies': () => get('/api/admin/policies'),
  'PUT /api/admin/policies/{policyId}': () => [
    { method: 'PUT', path: '/api/admin/policies/conf-x', body: { name: '不完整的时限' } },
  ],
  'DELETE /api/admin/policies/{policyId}': ({ n }) => [
    { method: 'DELETE', path: `/api/admin/policies/conf-gone-${n}` },
  ],
  'GET /api/admin/users': () => get('/api/admin/users'),
  'POST /api/admin/users': ({ n }) => [
    {
      method: 'POST',
      path: '/api/admin/users',
      body: { username: `conf-user-${n}`, displayName: '测试用户', role: 'handler', unitId: 'dept-housing' },
    },
  ],
  'PATCH /api/admin/users/{username}': ({ n }) => [
    { method: 'PATCH', path: '/api/admin/users/handler-dept-education', body: { displayName: `教育局${n}` } },
  ],
  'POST /api/admin/users/{username}/reset-password': () => [
    { method: 'POST', path: '/api/admin/users/handler-team-culture/reset-password' },
  ],
  'GET /api/admin/account-requests': () => get('/api/admin/account-requests'),
  'POST /api/admin/account-requests/{requestId}/approve': () => [
    { method: 'POST', path: '/api/admin/account-requests/no-such-request/approve' },
  ],
  'POST /api/admin/account-requests/{requestId}/refuse': () => [
    { method: 'POST', path: '/api/admin/account-requests/no-such-request/refuse' },
  ],
  'GET /api/admin/open311-clients': () => get('/api/admin/open311-clients'),
  'POST /api/admin/open311-clients': ({ n }) => [
    {
      method: 'POST',
      path: '/api/admin/open311-clients',
      body: { clientId: `conf-${n}`, name: '接入系统', contact: 'ops@example.cn', jurisdictions: ['xikou'] },
    },
  ],
  'PATCH /api/admin/open311-clients/{clientId}': ({ n }) => [
    { method: 'PATCH', path: `/api/admin/open311-clients/conf-${n}`, body: { contact: '值班室' } },
  ],
  'POST /api/admin/open311-clients/{clientId}/key': ({ n }) => [
    { method: 'POST', path: `/api/admin/open311-clients/conf-${n}/key` },
  ],
  'POST /api/admin/open311-clients/{clientId}/revoke': ({ n }) => [
    { method: 'POST', path: `/api/admin/open311-clients/conf-${n}/revoke` },
  ],
  'GET /api/admin/calendar': () => get('/api/admin/calendar'),
  'PUT /api/admin/calendar/overrides/{date}': () => [
    {
      method: 'PUT',
      path: '/api/admin/calendar/overrides/2099-07-01',
      body: { kind: 'holiday', name: '测试' },
    },
  ],
  'DELETE /api/admin/calendar/overrides/{date}': () => [
    { method: 'DELETE', path: '/api/admin/calendar/overrides/2099-07-02' },
  ],
  'POST /api/admin/calendar/official-years': () => [
    { method: 'POST', path: '/api/admin/calendar/official-years', body: { year: 2098, days: [] } },
  ],
};

const staffRoutes = routes.filter((route) => route.auth === 'staff').map(routeKey);

async function send(role: Role, call: Call): Promise<Response> {
  return runtime.request(call.path, {
    method: call.method,
    headers: {
      authorization: `Bearer ${tokens[role]}`,
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  });
}

/** The body as text; a spreadsheet (a zip) as the text of all its parts. */
async function bodyText(response: Response): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!(response.headers.get('content-type') ?? '').includes('spreadsheetml'))
    return new TextDecoder().decode(bytes);
  return Object.values(unzipSync(bytes))
    .map((part) => new TextDecoder().decode(part))
    .join('\n');
}

const leaksIn = (text: string) =>
  forbidden.filter((value) => text.toLowerCase().includes(value.toLowerCase()));

async function act(role: Role, caseId: string, action: string, body: Record<string, unknown> = {}) {
  const response = await send(role, {
    method: 'POST',
    path: `/api/staff/cases/${caseId}/${action}`,
    body: { expectedVersion: await versionOf(caseId), ...body },
  });
  expect(response.status, `${action}: ${await response.clone().text()}`).toBe(200);
}

async function assignedCase(response: Response): Promise<{ caseId: string; trackingCode: string }> {
  expect(response.status, await response.clone().text()).toBe(201);
  const answer = (await response.json()) as {
    caseId?: string;
    trackingCode?: string;
    case?: { caseId: string; trackingCode: string };
  };
  const created = answer.case ?? { caseId: answer.caseId!, trackingCode: answer.trackingCode! };
  await eventually(async () =>
    (await runtime.caseStore.get(created.caseId))?.status === 'assigned' ? true : undefined,
  );
  return created;
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  // The holding unit is cleared for confidential work, and a keyword rule sends confidential petitions to it.
  await changeCatalog(runtime, (catalog) => ({
    ...catalog,
    units: catalog.units.map((unit) =>
      unit.unitId === HOLDING_UNIT
        ? { ...unit, clearedForConfidential: true, contactEmail: UNIT_MAILBOX }
        : unit,
    ),
    routingRules: [
      ...catalog.routingRules,
      {
        ruleId: 'R990',
        unitId: HOLDING_UNIT,
        priority: 1000,
        categoryCodes: [],
        jurisdictionCodes: [],
        keywords: [KEYWORD],
        channels: [],
        confidential: true,
        enabled: true,
      },
    ],
  }));
  // A supervisor cleared for confidential work: the admin asks, the demo supervisor approves.
  await createStaffAccount(runtime, {
    username: logins.clearedSupervisor,
    displayName: '保密督办人员',
    role: 'supervisor',
    clearedForConfidential: true,
  });
  tokens = Object.fromEntries(
    await Promise.all(roles.map(async (role) => [role, await runtime.tokenFor(logins[role])] as const)),
  ) as Record<Role, string>;

  // The letter, with one scanned page, registered by the studio's liaison officer.
  const upload = await send('liaison', {
    method: 'POST',
    path: '/api/staff/uploads',
    body: { contentType: 'application/pdf', size: pdf.length },
  });
  const { key, upload: presigned } = (await upload.json()) as {
    key: string;
    upload: { url: string; headers: Record<string, string> };
  };
  expect(
    (await fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body: new Uint8Array(pdf) }))
      .status,
  ).toBe(200);
  const letter = await assignedCase(
    await send('liaison', {
      method: 'POST',
      path: '/api/staff/cases',
      body: {
        channel: 'letter',
        jurisdictionCode: 'xikou',
        title: `${MARKER}来信：${KEYWORD}`,
        content: `${MARKER}：最近${KEYWORD}，夜里睡不着，希望有人能和我谈谈。`,
        petitioner: { name: '陈某某', phone: '13955557777' },
        confidential: true,
        pages: [key],
      },
    }),
  );
  // The reception day's roster and a visit turned into a confidential case.
  expect(
    (
      await send('admin', {
        method: 'PUT',
        path: `/api/staff/reception-days/${STUDIO}/${day}`,
        body: { representativeIds: ['rep-xk-01'] },
      })
    ).status,
  ).toBe(200);
  const visit = await assignedCase(
    await send('liaison', {
      method: 'POST',
      path: `/api/staff/reception-days/${STUDIO}/${day}/visits`,
      body: {
        visitor: { name: '李某某', phone: '13955558888' },
        representativeIds: ['rep-xk-01'],
        summary: `${MARKER}来访：家里的事让我${KEYWORD}，不想让别人知道。`,
        outcome: 'case',
        case: { title: `${MARKER}来访：${KEYWORD}`, confidential: true },
      },
    }),
  );
  // Handled by the holding unit, closed, and rated on a call-back with a comment.
  await act('holdingHandler', letter.caseId, 'acknowledge');
  await act('holdingHandler', letter.caseId, 'note', { text: `${MARKER}备注：已约好面谈时间。` });
  await act('holdingHandler', letter.caseId, 'reply', { text: `${MARKER}答复：已安排心理咨询师与您面谈。` });
  await act('holdingHandler', letter.caseId, 'close', { summary: `${MARKER}办结：面谈三次。` });
  await act('clearedSupervisor', letter.caseId, 'callback', {
    rating: 'satisfied',
    comment: `${MARKER}回访：谢谢咨询师。`,
  });
  const [stored, visitCase] = await Promise.all([
    runtime.caseStore.get(letter.caseId),
    runtime.caseStore.get(visit.caseId),
  ]);
  expect(stored!.routing?.reason).toContain(KEYWORD);
  expect(stored!.attachments).toHaveLength(1);
  expect(stored!.status).toBe('archived');
  forbidden = [MARKER, stored!.routing!.reason, visitCase!.routing!.reason, stored!.attachments![0]!.key];
  fixtures = { letterCase: letter.caseId, visitCase: visit.caseId, trackingCode: letter.trackingCode, n: 0 };
});

afterAll(async () => {
  await runtime?.stop();
});

const results: {
  route: string;
  role: Role;
  path: string;
  status: number;
  leaks: string[];
  /** The answer names the letter's case (by tracking code): the view did show it, masked or not. */
  names: boolean;
  /** The answer names the open visit case (by its id). */
  namesOpenCase: boolean;
}[] = [];

describe('confidential content reaches only those cleared, through every staff route', () => {
  it('has calls for exactly the staff routes of the topology', () => {
    expect(Object.keys(calls).sort()).toEqual([...staffRoutes].sort());
  });

  it.each(staffRoutes)('%s', async (key) => {
    const build = calls[key];
    expect(build, `add "${key}" to the calls of this test`).toBeDefined();
    for (const role of roles) {
      for (const call of await build!({ ...fixtures, n: ++counter })) {
        const response = await send(role, call);
        const text = await bodyText(response);
        results.push({
          route: key,
          role,
          path: call.path,
          status: response.status,
          leaks: leaksIn(text),
          names: text.includes(fixtures.trackingCode),
          namesOpenCase: text.includes(fixtures.visitCase),
        });
      }
    }
    const mayCarry = (role: Role) => readers.has(role) && readerViews.has(key);
    expect(
      results.filter((result) => result.route === key && result.leaks.length > 0 && !mayCarry(result.role)),
    ).toEqual([]);
  });

  it('the readers do read it, on the case page, and each read is recorded', async () => {
    for (const role of ['holdingHandler', 'clearedSupervisor'] as const) {
      const pages = results.filter(
        (result) => result.route === 'GET /api/staff/cases/{caseId}' && result.role === role,
      );
      expect(pages.map((page) => [page.status, page.leaks.length > 0])).toEqual([
        [200, true],
        [200, true],
      ]);
    }
    const reads = await runtime.caseStore.reads(fixtures.letterCase);
    expect(new Set(reads.map((read) => read.actor.id))).toEqual(
      new Set([logins.holdingHandler, logins.clearedSupervisor, logins.supervisor, logins.liaison]),
    );
    // Those not cleared reached the case page too, and got placeholders there.
    expect(
      results.filter(
        (result) =>
          result.route === 'GET /api/staff/cases/{caseId}' &&
          result.status === 200 &&
          !readers.has(result.role),
      ).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('the views that show the case without its content do show it: the check above had something to check', () => {
    const shown = (route: string, role: Role) =>
      results.some((result) => result.route === route && result.role === role && result.names);
    for (const role of ['supervisor', 'clearedSupervisor', 'holdingHandler'] as const)
      for (const route of ['GET /api/staff/cases', 'GET /api/staff/cases/export'])
        expect(shown(route, role), `${route} for ${role}`).toBe(true);
    for (const role of ['liaison', 'supervisor'] as const)
      expect(shown('GET /api/staff/ledger', role), `the ledger for ${role}`).toBe(true);
    // The holding unit's 未分配 list shows the open visit case (nobody works it yet), without its text.
    expect(
      results.some(
        (result) =>
          result.role === 'holdingHandler' &&
          result.path.includes('owner=unassigned') &&
          result.namesOpenCase,
      ),
    ).toBe(true);
  });

  it('no staff e-mail or SMS in the outbox carries it', async () => {
    const outbox = await (await fetch(`${runtime.url}/_local/outbox.json`)).text();
    const mails = (JSON.parse(outbox) as { to: string; trackingCode?: string }[]).filter(
      (mail) => mail.to === UNIT_MAILBOX,
    );
    expect(mails.map((mail) => mail.trackingCode)).toContain(fixtures.trackingCode);
    expect(leaksIn(outbox)).toEqual([]);
  });
});
