import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { DynamoReplyTemplateStore } from '../../shared/adapters/dynamo/dynamo-reply-template-store.ts';
import { DynamoSimilarityStore } from '../../shared/adapters/dynamo/dynamo-similarity-store.ts';
import { routeKey, routes } from '../../shared/topology.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * The authorization matrix, generated from the topology: every route with `auth: 'staff'` × every role ×
 * a resource of the caller's own unit/studio and one of another → the status the table below expects.
 * A staff route without a row here fails the first test: whoever adds a route decides who may call it.
 *
 * Fixtures: a case of 县交通运输局 (the handler's unit), a case of 县生态环境分局 (another unit), and a
 * reception-day visit registered by 溪口镇党代表工作室 (the liaison officer's studio). "own" for a
 * supervisor or an admin simply means the first unit; both are county-wide.
 */

const roles = ['liaison', 'handler', 'supervisor', 'admin'] as const;
type Role = (typeof roles)[number];
type Scope = 'own' | 'other';

const logins: Record<Role, string> = {
  liaison: 'liaison-studio-xikou',
  handler: 'handler-dept-transport',
  supervisor: 'supervisor',
  admin: 'admin',
};

const OWN_UNIT: Record<Role, string> = {
  liaison: 'studio-xikou',
  handler: 'dept-transport',
  supervisor: 'dept-transport',
  admin: 'dept-transport',
};
const OTHER_UNIT = 'dept-environment';
const OWN_STUDIO = 'studio-xikou';
const OTHER_STUDIO = 'studio-chengguan';
const representativeOf: Record<string, string> = {
  'studio-xikou': 'rep-xk-01',
  'studio-chengguan': 'rep-cg-01',
};

interface Fixtures {
  readonly transportCase: string;
  readonly environmentCase: string;
  readonly studioCase: string;
}

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

interface Context {
  readonly role: Role;
  readonly scope: Scope;
  /** The case of the caller's own unit/studio, or another unit's. */
  readonly caseId: string;
  readonly unitId: string;
  /** The liaison officer's studio (溪口) or another one (城关); county-wide roles get the same pair. */
  readonly studioId: string;
  readonly n: number;
}

interface Row {
  /** Builds the request; may prepare data first (e.g. the template a DELETE removes). */
  readonly call: (context: Context) => Call | Promise<Call>;
  /** Expected status per role: one number for both scopes, or `[own, other]`. */
  readonly expect: Record<Role, number | readonly [number, number]>;
}

const adminOnly = (status: number): Row['expect'] => ({
  liaison: 403,
  handler: 403,
  supervisor: 403,
  admin: status,
});

let runtime: TestRuntime;
let fixtures: Fixtures;
let tokens: Record<Role, string>;
let store: DynamoCaseStore;
let templates: DynamoReplyTemplateStore;
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const nextMonth = new Date(Date.now() + 8 * 3600_000 + 31 * 86_400_000).toISOString().slice(0, 7);

const versionOf = async (caseId: string) => (await store.get(caseId))!.version;

const open311Client = (clientId: string) => ({
  clientId,
  name: '矩阵接入系统',
  contact: 'ops@example.cn',
  jurisdictions: ['xikou'],
});

/** An Open311 client the admin registered, for the routes that change one. */
async function registeredClient(n: number): Promise<string> {
  const clientId = `matrix-client-${n}`;
  const response = await send('admin', {
    method: 'POST',
    path: '/api/admin/open311-clients',
    body: open311Client(clientId),
  });
  expect(response.status).toBe(201);
  return clientId;
}

/** A handler account the demo admin asked for, waiting for a second person: its request id. */
async function pendingRequest(n: number): Promise<string> {
  const response = await send('admin', {
    method: 'POST',
    path: '/api/admin/users',
    body: {
      username: `matrix-pending-${n}`,
      displayName: '矩阵待批',
      role: 'handler',
      unitId: 'dept-housing',
    },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { request: { requestId: string } }).request.requestId;
}

/** The expectation table: one row per staff route of the topology. */
const table: Record<string, Row> = {
  'GET /api/staff/cases': {
    call: ({ unitId }) => ({ method: 'GET', path: `/api/staff/cases?status=assigned&unitId=${unitId}` }),
    expect: { liaison: [200, 403], handler: [200, 403], supervisor: 200, admin: 403 },
  },
  'POST /api/staff/cases': {
    call: ({ n }) => ({
      method: 'POST',
      path: '/api/staff/cases',
      body: { ...petitionBody({ jurisdictionCode: 'xikou', title: `矩阵登记 ${n}` }), channel: 'visit' },
    }),
    expect: { liaison: 201, handler: 403, supervisor: 201, admin: 403 },
  },
  'GET /api/staff/cases/{caseId}': {
    call: ({ caseId }) => ({ method: 'GET', path: `/api/staff/cases/${caseId}` }),
    expect: { liaison: [200, 404], handler: [200, 404], supervisor: 200, admin: 403 },
  },
  'GET /api/staff/cases/{caseId}/petitioner': {
    call: ({ caseId }) => ({ method: 'GET', path: `/api/staff/cases/${caseId}/petitioner` }),
    expect: { liaison: [200, 404], handler: [200, 404], supervisor: 200, admin: 403 },
  },
  'POST /api/staff/cases/{caseId}/{action}': {
    call: async ({ caseId, n }) => ({
      method: 'POST',
      path: `/api/staff/cases/${caseId}/note`,
      body: { expectedVersion: await versionOf(caseId), text: `矩阵备注 ${n}` },
    }),
    expect: { liaison: [200, 404], handler: [200, 404], supervisor: 200, admin: 403 },
  },
  'GET /api/staff/reports/monthly': {
    call: () => ({ method: 'GET', path: `/api/staff/reports/monthly?month=${month}` }),
    expect: { liaison: 200, handler: 200, supervisor: 200, admin: 403 },
  },
  'GET /api/staff/mail/quarantine': {
    call: () => ({ method: 'GET', path: '/api/staff/mail/quarantine' }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 403 },
  },
  'GET /api/staff/reception-days': {
    call: ({ studioId }) => ({
      method: 'GET',
      path: `/api/staff/reception-days?studioId=${studioId}&month=${month}`,
    }),
    expect: { liaison: [200, 403], handler: 403, supervisor: 200, admin: 200 },
  },
  'POST /api/staff/reception-days/generate': {
    call: ({ studioId }) => ({
      method: 'POST',
      path: '/api/staff/reception-days/generate',
      body: { studioId, month: nextMonth },
    }),
    expect: { liaison: [200, 403], handler: 403, supervisor: 200, admin: 200 },
  },
  'PUT /api/staff/reception-days/{studioId}/{date}': {
    call: ({ studioId, n }) => ({
      method: 'PUT',
      path: `/api/staff/reception-days/${studioId}/${month}-10`,
      body: { note: `矩阵备注 ${n}` },
    }),
    expect: { liaison: [200, 403], handler: 403, supervisor: 200, admin: 200 },
  },
  'GET /api/staff/reception-days/{studioId}/{date}/visits': {
    call: ({ studioId }) => ({
      method: 'GET',
      path: `/api/staff/reception-days/${studioId}/${month}-10/visits`,
    }),
    expect: { liaison: [200, 403], handler: 403, supervisor: 200, admin: 403 },
  },
  'POST /api/staff/reception-days/{studioId}/{date}/visits': {
    call: async ({ studioId, n }) => {
      // The reception day must exist: an admin keeps its roster.
      await send('admin', {
        method: 'PUT',
        path: `/api/staff/reception-days/${studioId}/${month}-20`,
        body: { representativeIds: [representativeOf[studioId]!] },
      });
      return {
        method: 'POST',
        path: `/api/staff/reception-days/${studioId}/${month}-20/visits`,
        body: {
          visitor: { name: `来访人${n}` },
          representativeIds: [representativeOf[studioId]!],
          summary: '咨询医保报销政策的办理流程。',
          outcome: 'answered',
          answer: '已当场解答并提供办事指南。',
        },
      };
    },
    expect: { liaison: [201, 403], handler: 403, supervisor: 201, admin: 403 },
  },
  'GET /api/staff/ledger': {
    call: ({ studioId }) => ({
      method: 'GET',
      path: `/api/staff/ledger?studioId=${studioId}&month=${month}`,
    }),
    expect: { liaison: [200, 403], handler: 403, supervisor: 200, admin: 403 },
  },
  'GET /api/staff/studio-report': {
    call: ({ studioId }) => ({ method: 'GET', path: `/api/staff/studio-report?studioId=${studioId}` }),
    expect: { liaison: [200, 403], handler: 403, supervisor: 200, admin: 403 },
  },
  // The help mailbox: letters for the organisation department's designated officers only (none of these roles;
  // test/integration/help-mailbox.test.ts covers the designated officer), counts for supervisors.
  'GET /api/staff/help-mailbox/letters': {
    call: () => ({ method: 'GET', path: '/api/staff/help-mailbox/letters' }),
    expect: { liaison: 403, handler: 403, supervisor: 403, admin: 403 },
  },
  'GET /api/staff/help-mailbox/letters/{letterId}': {
    call: () => ({ method: 'GET', path: `/api/staff/help-mailbox/letters/${'0'.repeat(32)}` }),
    expect: { liaison: 403, handler: 403, supervisor: 403, admin: 403 },
  },
  'POST /api/staff/help-mailbox/letters/{letterId}/reply': {
    call: () => ({
      method: 'POST',
      path: `/api/staff/help-mailbox/letters/${'0'.repeat(32)}/reply`,
      body: { text: '矩阵回信内容。' },
    }),
    expect: { liaison: 403, handler: 403, supervisor: 403, admin: 403 },
  },
  'GET /api/staff/help-mailbox/counts': {
    call: () => ({ method: 'GET', path: `/api/staff/help-mailbox/counts?month=${month}` }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 403 },
  },
  'GET /api/staff/teams/{teamId}/referrals': {
    call: () => ({ method: 'GET', path: '/api/staff/teams/team-agriculture/referrals' }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 403 },
  },
  'POST /api/staff/uploads': {
    call: () => ({
      method: 'POST',
      path: '/api/staff/uploads',
      body: { contentType: 'application/pdf', size: 2048 },
    }),
    expect: { liaison: 201, handler: 403, supervisor: 201, admin: 403 },
  },
  'GET /api/staff/cases/export': {
    call: ({ unitId }) => ({
      method: 'GET',
      path: `/api/staff/cases/export?status=assigned&unitId=${unitId}`,
    }),
    expect: { liaison: [200, 403], handler: [200, 403], supervisor: 200, admin: 403 },
  },
  'GET /api/staff/cases/{caseId}/audit': {
    call: ({ caseId }) => ({ method: 'GET', path: `/api/staff/cases/${caseId}/audit` }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 403 },
  },
  'GET /api/staff/cases/{caseId}/attachments': {
    call: ({ caseId }) => ({ method: 'GET', path: `/api/staff/cases/${caseId}/attachments` }),
    expect: { liaison: [200, 404], handler: [200, 404], supervisor: 200, admin: 403 },
  },
  // The fixtures carry no files: a visible case answers 404 for the missing file, like an invisible one
  // (case-attachments.test.ts reads real files and the confidential refusal).
  'GET /api/staff/cases/{caseId}/attachments/{index}': {
    call: ({ caseId }) => ({ method: 'GET', path: `/api/staff/cases/${caseId}/attachments/0` }),
    expect: { liaison: 404, handler: 404, supervisor: 404, admin: 403 },
  },
  'GET /api/staff/cases/{caseId}/deliveries': {
    call: ({ caseId }) => ({ method: 'GET', path: `/api/staff/cases/${caseId}/deliveries` }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 403 },
  },
  'GET /api/staff/unit-load': {
    call: ({ unitId }) => ({ method: 'GET', path: `/api/staff/unit-load?unitId=${unitId}` }),
    // Handlers of the unit and supervisors; the studio's liaison officer works no unit's cases.
    expect: { liaison: 403, handler: [200, 403], supervisor: 200, admin: 403 },
  },
  'GET /api/staff/notices': {
    call: () => ({ method: 'GET', path: '/api/staff/notices' }),
    expect: { liaison: 200, handler: 200, supervisor: 200, admin: 403 },
  },
  'GET /api/staff/reference': {
    call: () => ({ method: 'GET', path: '/api/staff/reference' }),
    expect: { liaison: 200, handler: 200, supervisor: 200, admin: 200 },
  },
  'GET /api/staff/me': {
    call: () => ({ method: 'GET', path: '/api/staff/me' }),
    expect: { liaison: 200, handler: 200, supervisor: 200, admin: 200 },
  },
  'GET /api/staff/reply-templates': {
    call: ({ unitId }) => ({ method: 'GET', path: `/api/staff/reply-templates?unitId=${unitId}` }),
    expect: { liaison: 403, handler: [200, 403], supervisor: 200, admin: 200 },
  },
  'PUT /api/staff/reply-templates/{templateId}': {
    call: ({ unitId, n }) => ({
      method: 'PUT',
      path: `/api/staff/reply-templates/matrix-${n}`,
      body: { title: '矩阵模板', text: '您反映的问题已经办理完毕。', unitId },
    }),
    expect: { liaison: 403, handler: [200, 403], supervisor: 403, admin: 200 },
  },
  'DELETE /api/staff/reply-templates/{templateId}': {
    call: async ({ unitId, n }) => {
      await templates.put({
        templateId: `matrix-delete-${n}`,
        unitId,
        title: '待删除',
        text: '待删除的模板内容。',
        updatedBy: 'test',
        updatedAt: new Date().toISOString(),
      });
      return { method: 'DELETE', path: `/api/staff/reply-templates/matrix-delete-${n}?unitId=${unitId}` };
    },
    expect: { liaison: 403, handler: [204, 403], supervisor: 403, admin: 204 },
  },
  'GET /api/admin/reference': {
    call: () => ({ method: 'GET', path: '/api/admin/reference' }),
    expect: adminOnly(200),
  },
  'PUT /api/admin/reference/{kind}/{id}': {
    call: ({ n }) => ({
      method: 'PUT',
      path: `/api/admin/reference/categories/matrix-${n}`,
      body: { nameZh: '矩阵类别', nameEn: 'Matrix', descriptionZh: '测试用', confidential: false },
    }),
    expect: adminOnly(200),
  },
  'DELETE /api/admin/reference/{kind}/{id}': {
    call: ({ n }) => ({ method: 'DELETE', path: `/api/admin/reference/categories/matrix-gone-${n}` }),
    expect: adminOnly(204),
  },
  'POST /api/admin/routing-rules/dry-run': {
    call: () => ({
      method: 'POST',
      path: '/api/admin/routing-rules/dry-run',
      body: {
        title: '公交站牌损坏',
        content: '人民路公交站牌损坏。',
        jurisdictionCode: 'chengguan',
        channel: 'web',
      },
    }),
    expect: adminOnly(200),
  },
  'GET /api/admin/policies': {
    call: () => ({ method: 'GET', path: '/api/admin/policies' }),
    expect: adminOnly(200),
  },
  'PUT /api/admin/policies/{policyId}': {
    call: ({ n }) => ({
      method: 'PUT',
      path: `/api/admin/policies/matrix-${n}`,
      body: {
        name: '矩阵时限',
        categoryCodes: ['legal'],
        channels: [],
        acknowledge: { amount: 3, unit: 'workingDays' },
        reply: { amount: 15, unit: 'workingDays' },
        extensionCap: { amount: 10, unit: 'workingDays' },
        objectionWindow: { amount: 2, unit: 'workingDays' },
        surveyWindow: { amount: 15, unit: 'calendarDays' },
        reviewWindow: { amount: 10, unit: 'workingDays' },
      },
    }),
    expect: adminOnly(200),
  },
  'DELETE /api/admin/policies/{policyId}': {
    call: ({ n }) => ({ method: 'DELETE', path: `/api/admin/policies/matrix-gone-${n}` }),
    expect: adminOnly(204),
  },
  'GET /api/admin/users': {
    call: () => ({ method: 'GET', path: '/api/admin/users' }),
    expect: adminOnly(200),
  },
  // A handler reads personal data: creating one, or resetting its password, waits for a second person (202).
  'POST /api/admin/users': {
    call: ({ n }) => ({
      method: 'POST',
      path: '/api/admin/users',
      body: {
        username: `matrix-user-${n}`,
        displayName: '矩阵用户',
        role: 'handler',
        unitId: 'dept-housing',
      },
    }),
    expect: adminOnly(202),
  },
  'PATCH /api/admin/users/{username}': {
    call: ({ n }) => ({
      method: 'PATCH',
      path: '/api/admin/users/handler-dept-education',
      body: { displayName: `教育局承办人${n}` },
    }),
    expect: adminOnly(200),
  },
  'POST /api/admin/users/{username}/reset-password': {
    call: () => ({ method: 'POST', path: '/api/admin/users/handler-team-culture/reset-password' }),
    expect: adminOnly(202),
  },
  'GET /api/admin/account-requests': {
    call: () => ({ method: 'GET', path: '/api/admin/account-requests' }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 200 },
  },
  // Each call decides a fresh request the demo admin made: the admin who asked never approves it.
  'POST /api/admin/account-requests/{requestId}/approve': {
    call: async ({ n }) => ({
      method: 'POST',
      path: `/api/admin/account-requests/${await pendingRequest(n)}/approve`,
    }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 403 },
  },
  // …but may withdraw it.
  'POST /api/admin/account-requests/{requestId}/refuse': {
    call: async ({ n }) => ({
      method: 'POST',
      path: `/api/admin/account-requests/${await pendingRequest(n)}/refuse`,
    }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 200 },
  },
  'GET /api/admin/open311-clients': {
    call: () => ({ method: 'GET', path: '/api/admin/open311-clients' }),
    expect: adminOnly(200),
  },
  'POST /api/admin/open311-clients': {
    call: ({ n }) => ({
      method: 'POST',
      path: '/api/admin/open311-clients',
      body: open311Client(`matrix-${n}`),
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/open311-clients/{clientId}': {
    call: async ({ n }) => ({
      method: 'PATCH',
      path: `/api/admin/open311-clients/${await registeredClient(n)}`,
      body: { contact: '12345 热线值班室' },
    }),
    expect: adminOnly(200),
  },
  'POST /api/admin/open311-clients/{clientId}/key': {
    call: async ({ n }) => ({
      method: 'POST',
      path: `/api/admin/open311-clients/${await registeredClient(n)}/key`,
    }),
    expect: adminOnly(200),
  },
  'POST /api/admin/open311-clients/{clientId}/revoke': {
    call: async ({ n }) => ({
      method: 'POST',
      path: `/api/admin/open311-clients/${await registeredClient(n)}/revoke`,
    }),
    expect: adminOnly(200),
  },
  'GET /api/admin/calendar': {
    call: () => ({ method: 'GET', path: '/api/admin/calendar' }),
    expect: adminOnly(200),
  },
  'PUT /api/admin/calendar/overrides/{date}': {
    call: () => ({
      method: 'PUT',
      path: '/api/admin/calendar/overrides/2099-06-01',
      body: { kind: 'holiday', name: '矩阵' },
    }),
    expect: adminOnly(200),
  },
  'DELETE /api/admin/calendar/overrides/{date}': {
    call: () => ({ method: 'DELETE', path: '/api/admin/calendar/overrides/2099-06-02' }),
    expect: adminOnly(204),
  },
  'POST /api/admin/calendar/official-years': {
    call: () => ({
      method: 'POST',
      path: '/api/admin/calendar/official-years',
      body: { year: 2099, days: [] },
    }),
    expect: adminOnly(200),
  },
  'GET /api/staff/cases/{caseId}/similar': {
    call: ({ caseId }) => ({ method: 'GET', path: `/api/staff/cases/${caseId}/similar` }),
    expect: { liaison: [200, 404], handler: [200, 404], supervisor: 200, admin: 403 },
  },
  // A real pair each time (the case and a similar case it matched): scoping decides, never a missing pair.
  'POST /api/staff/cases/{caseId}/similar/{otherCaseId}': {
    call: async ({ caseId }) => ({
      method: 'POST',
      path: `/api/staff/cases/${caseId}/similar/${await similarPartner(caseId)}`,
      body: { decision: 'dismissed' },
    }),
    expect: { liaison: [200, 404], handler: [200, 404], supervisor: 200, admin: 403 },
  },
  'GET /api/staff/topics': {
    call: () => ({ method: 'GET', path: `/api/staff/topics?month=${month}` }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 403 },
  },
  'POST /api/staff/topics/run': {
    call: () => ({ method: 'POST', path: '/api/staff/topics/run', body: { month } }),
    expect: { liaison: 403, handler: 403, supervisor: 200, admin: 403 },
  },
  'PUT /api/staff/topics/{topicId}/focus': {
    call: () => ({
      method: 'PUT',
      path: `/api/staff/topics/${month}-00000000/focus`,
      body: { month, ownerUnitId: 'dept-transport', deadline: `${month}-28` },
    }),
    expect: { liaison: 403, handler: 403, supervisor: 404, admin: 403 },
  },
  'GET /api/admin/word-list': {
    call: () => ({ method: 'GET', path: '/api/admin/word-list' }),
    expect: adminOnly(200),
  },
  'PUT /api/admin/word-list': {
    call: () => ({ method: 'PUT', path: '/api/admin/word-list', body: { entries: [] } }),
    expect: adminOnly(200),
  },
};

const staffRoutes = routes.filter((route) => route.auth === 'staff').map(routeKey);

async function send(role: Role, call: Call, token = tokens[role]): Promise<Response> {
  return runtime.request(call.path, {
    method: call.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  });
}

async function routedCase(body: Record<string, unknown>, register?: Role): Promise<string> {
  const response = register
    ? await send(register, { method: 'POST', path: '/api/staff/cases', body })
    : await runtime.postJson('/api/petitions', body);
  expect(response.status).toBe(201);
  const { caseId } = (await response.json()) as { caseId: string };
  await eventually(async () => ((await store.get(caseId))?.status === 'assigned' ? true : undefined), 10_000);
  return caseId;
}

/** A case the similar-case consumer matched with `caseId` (the default petitions all read alike, per town). */
async function similarPartner(caseId: string): Promise<string> {
  const similar = new DynamoSimilarityStore({
    client: runtime.clients.document,
    tableName: runtime.tables.similar,
  });
  return eventually(async () => Object.keys((await similar.record(caseId))?.matches ?? {})[0]);
}

let counter = 0;
const results: { route: string; role: Role; scope: Scope; expected: number; actual: number }[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime();
  store = new DynamoCaseStore({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
    idempotencyTableName: runtime.tables.idempotency,
    cursorSecret: 'unused-in-this-test',
  });
  templates = new DynamoReplyTemplateStore({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
  });
  tokens = Object.fromEntries(
    await Promise.all(roles.map(async (role) => [role, await runtime.tokenFor(logins[role])] as const)),
  ) as Record<Role, string>;
  const [transportCase, environmentCase, studioCase] = await Promise.all([
    routedCase(petitionBody({ categoryCode: 'transport' })),
    routedCase(petitionBody({ categoryCode: 'environment' })),
    routedCase(
      { ...petitionBody({ categoryCode: 'transport', jurisdictionCode: 'xikou' }), channel: 'visit' },
      'liaison',
    ),
    // The studio case's similar case in its town (the transport and environment cases match each other).
    runtime.postJson('/api/petitions', petitionBody({ jurisdictionCode: 'xikou' })),
  ]);
  fixtures = { transportCase, environmentCase, studioCase };
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the authorization matrix', () => {
  it('has exactly one expectation row per staff route of the topology', () => {
    expect(Object.keys(table).sort()).toEqual([...staffRoutes].sort());
  });

  it.each(staffRoutes)('%s answers every role and scope as the table says', async (key) => {
    const row = table[key];
    expect(row, `add "${key}" to the expectation table`).toBeDefined();
    const actual: Record<string, [number, number]> = {};
    const expected: Record<string, [number, number]> = {};
    for (const role of roles) {
      const pair: [number, number] = [0, 0];
      for (const [index, scope] of (['own', 'other'] as const).entries()) {
        const ownCase = role === 'liaison' ? fixtures.studioCase : fixtures.transportCase;
        const call = await row!.call({
          role,
          scope,
          caseId: scope === 'own' ? ownCase : fixtures.environmentCase,
          unitId: scope === 'own' ? OWN_UNIT[role] : OTHER_UNIT,
          studioId: scope === 'own' ? OWN_STUDIO : OTHER_STUDIO,
          n: ++counter,
        });
        const response = await send(role, call);
        await response.arrayBuffer();
        pair[index] = response.status;
        const want = row!.expect[role];
        const wanted = typeof want === 'number' ? want : want[index]!;
        results.push({ route: key, role, scope, expected: wanted, actual: response.status });
      }
      actual[role] = pair;
      const want = row!.expect[role];
      expected[role] = typeof want === 'number' ? [want, want] : [want[0], want[1]];
    }
    expect(actual).toEqual(expected);
  });

  it('ran every cell (routes × 4 roles × own/other) and printed its size', () => {
    const failed = results.filter((result) => result.actual !== result.expected);
    console.info(
      `authorization matrix: ${staffRoutes.length} routes × ${roles.length} roles × 2 scopes = ${results.length} requests, ${results.length - failed.length} as expected`,
    );
    expect(results).toHaveLength(staffRoutes.length * roles.length * 2);
    expect(failed).toEqual([]);
  });
});

describe('no IDOR: a handler of one unit never reads or changes another unit’s case', () => {
  it('left no trace on the other unit’s case: no change and no read by the handler or the liaison officer', async () => {
    const [timeline, reads] = await Promise.all([
      store.timeline(fixtures.environmentCase),
      store.reads(fixtures.environmentCase),
    ]);
    const outsiders = [logins.handler, logins.liaison];

    expect(timeline.filter((event) => outsiders.includes(event.actor.id))).toEqual([]);
    expect(reads.filter((read) => outsiders.includes(read.actor.id))).toEqual([]);
  });

  it('finds nothing of the other unit by tracking code, text search or a borrowed cursor', async () => {
    const other = (await store.get(fixtures.environmentCase))!;
    const byCode = await send('handler', {
      method: 'GET',
      path: `/api/staff/cases?status=assigned&q=${other.trackingCode}`,
    });
    const exported = await send('handler', {
      method: 'GET',
      path: `/api/staff/cases/export?status=assigned&q=${other.trackingCode}`,
    });
    const supervisorPage = (await (
      await send('supervisor', {
        method: 'GET',
        path: `/api/staff/cases?status=assigned&unitId=${OTHER_UNIT}&limit=1`,
      })
    ).json()) as { nextCursor: string | null };
    await routedCase(petitionBody({ categoryCode: 'environment' }));
    const cursorPage = (await (
      await send('supervisor', {
        method: 'GET',
        path: `/api/staff/cases?status=assigned&unitId=${OTHER_UNIT}&limit=1`,
      })
    ).json()) as { nextCursor: string | null };
    const borrowed = await send('handler', {
      method: 'GET',
      path: `/api/staff/cases?status=assigned&cursor=${encodeURIComponent(cursorPage.nextCursor ?? supervisorPage.nextCursor ?? 'x.y')}`,
    });

    expect(((await byCode.json()) as { items: unknown[] }).items).toEqual([]);
    expect((await exported.text()).trim().split('\r\n')).toHaveLength(1);
    expect(borrowed.status).toBe(400);
  });

  it('every route that names a case answers 404 for the other unit’s case, to the handler and the liaison officer', () => {
    const caseRoutes = staffRoutes.filter((key) => key.includes('{caseId}'));
    const cells = results.filter(
      (result) =>
        caseRoutes.includes(result.route) &&
        result.scope === 'other' &&
        ['handler', 'liaison'].includes(result.role),
    );

    expect(cells.length).toBe(caseRoutes.length * 2);
    // 404 where the role may use the route at all, 403 where the role is refused before any case is loaded.
    for (const cell of cells) expect([403, 404]).toContain(cell.actual);
    expect(cells.some((cell) => cell.actual === 200)).toBe(false);
  });
});

describe('tokens', () => {
  it('an expired token gets 401', async () => {
    const token = await runtime.tokenFor(logins.handler);
    vi.useFakeTimers({ now: Date.now() + 4 * 3600_000 + 60_000, toFake: ['Date'] });
    try {
      const response = await send('handler', { method: 'GET', path: '/api/staff/notices' }, token);
      expect(response.status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a tampered token (role raised to admin) and a token signed by another key get 401', async () => {
    const [header, payload, signature] = tokens.handler.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin', 'cognito:groups': ['admin'] })).toString('base64url')}.${signature}`;
    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ client_id: 'huiyin-console' })
      .setProtectedHeader({ alg: 'RS256', kid: JSON.parse(Buffer.from(header!, 'base64url').toString()).kid })
      .setSubject('admin')
      .setIssuer(runtime.issuer)
      .setAudience('huiyin-console')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

    expect((await send('admin', { method: 'GET', path: '/api/admin/users' }, tampered)).status).toBe(401);
    expect((await send('admin', { method: 'GET', path: '/api/admin/users' }, foreign)).status).toBe(401);
  });

  it('a token from a foreign issuer or for another audience gets 401, though its signature is good', async () => {
    const status = async (claims: Parameters<TestRuntime['tokenFor']>[1]) =>
      (
        await send(
          'admin',
          { method: 'GET', path: '/api/staff/me' },
          await runtime.tokenFor(logins.admin, claims),
        )
      ).status;

    // API Gateway's rule: `aud` when present, else `client_id` (Cognito's access tokens carry only `client_id`).
    expect(await status({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })).toBe(401);
    expect(await status({ aud: 'another-client' })).toBe(401);
    expect(await status({ aud: undefined, client_id: 'another-client' })).toBe(401);
    expect(await status({ aud: undefined })).toBe(200);
    expect(await status({})).toBe(200);
  });
});
