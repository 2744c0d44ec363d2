import { writeFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterIdOf } from '../../shared/domain/help-mailbox/model.ts';
import { surveyToken } from '../../shared/domain/survey/token.ts';
import { type RouteKey, routeKey, routes } from '../../shared/topology.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * The HTTP contract, checked against the document the runtime serves (`GET /api/openapi.json`): every operation
 * of the topology is called once with a valid request and once with an invalid one, through the local gateway
 * and the real handlers, and each answer must be documented — its status, its content type, and its body
 * against the operation's schema (ajv, JSON Schema 2020-12), with the headers the document marks required.
 * An undocumented status, media type or shape fails. A route without a probe here fails too.
 */

interface Probe {
  readonly method?: string;
  readonly path: string;
  readonly user?: string;
  readonly body?: unknown;
  /** Form-encoded body (Open311). */
  readonly form?: Record<string, string>;
  /** Raw body with its own content type. */
  readonly raw?: { readonly type: string; readonly text: string };
  readonly headers?: Record<string, string>;
}

interface Fixture {
  /** A request the operation accepts (2xx); absent only for operations the document gives no 2xx (checked below). */
  readonly valid?: () => Probe | Promise<Probe>;
  /** A request it refuses (4xx); absent for public operations that take no input at all (checked below). */
  readonly invalid?: () => Probe | Promise<Probe>;
}

let runtime: TestRuntime;
const tokens = new Map<string, string>();
let open311Key: string;
let counter = 0;
const n = () => ++counter;

/** Cases the probes act on, each in the state its routes need. */
const cases = { assigned: '', closed: '', trackingCode: '', open311: '' };
/** Help-mailbox letters: one to read and open, one to answer. */
const letters = { code: '', letterId: '', toAnswer: '' };
const PASSPHRASE = 'contract-tea-garden-42';
const ORGANISATION = 'handler-dept-organisation';
const letterKey = () => `contract-letter-${n()}-${'k'.repeat(24)}`;
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const nextMonth = new Date(Date.now() + 8 * 3600_000 + 31 * 86_400_000).toISOString().slice(0, 7);
const HANDLER = 'handler-dept-transport';
const LIAISON = 'liaison-studio-xikou';

async function token(user: string): Promise<string> {
  if (!tokens.has(user)) tokens.set(user, await runtime.tokenFor(user));
  return tokens.get(user)!;
}

async function send(probe: Probe): Promise<Response> {
  const headers: Record<string, string> = { ...probe.headers };
  if (probe.user) headers.authorization = `Bearer ${await token(probe.user)}`;
  let body: string | undefined;
  if (probe.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(probe.form).toString();
  } else if (probe.raw) {
    headers['content-type'] = probe.raw.type;
    body = probe.raw.text;
  } else if (probe.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(probe.body);
  }
  return runtime.request(probe.path, { method: probe.method ?? 'GET', headers, ...(body ? { body } : {}) });
}

/** A handler account the admin asked for (a second person must approve it): its request id. */
async function pendingAccountRequest(): Promise<string> {
  const response = await staffCall('admin', 'POST', '/api/admin/users', {
    username: `contract-pending-${n()}`,
    displayName: '契约待批',
    role: 'handler',
    unitId: 'dept-housing',
  });
  return ((await response.json()) as { request: { requestId: string } }).request.requestId;
}

async function staffCall(user: string, method: string, path: string, body?: unknown): Promise<Response> {
  const response = await send({ method, path, user, ...(body === undefined ? {} : { body }) });
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return response;
}

const versionOf = async (caseId: string) => (await runtime.caseStore.get(caseId))!.version;

async function routedCase(
  overrides: Record<string, unknown> = {},
): Promise<{ caseId: string; trackingCode: string }> {
  const response = await runtime.postJson('/api/petitions', petitionBody(overrides));
  expect(response.status).toBe(201);
  const created = (await response.json()) as { caseId: string; trackingCode: string };
  await eventually(
    async () => ((await runtime.caseStore.get(created.caseId))?.status === 'assigned' ? true : undefined),
    10_000,
  );
  return created;
}

/** A 1×1 PNG uploaded the way the public form does: its key. */
async function uploadedPhoto(): Promise<string> {
  const bytes = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const response = await runtime.postJson('/api/uploads', { contentType: 'image/png', size: bytes.length });
  const grant = (await response.json()) as {
    key: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(grant.upload.url, { method: 'PUT', headers: grant.upload.headers, body: bytes });
  expect(put.status).toBe(200);
  return grant.key;
}

async function act(caseId: string, action: string, body: Record<string, unknown> = {}) {
  await staffCall(HANDLER, 'POST', `/api/staff/cases/${caseId}/${action}`, {
    expectedVersion: await versionOf(caseId),
    ...body,
  });
}

const open311Report = (extra: Record<string, string> = {}) => ({
  api_key: open311Key,
  jurisdiction_id: 'county',
  service_code: 'transport',
  description: `契约测试：公交站牌损坏 ${n()}`,
  lat: '29.66',
  long: '121.2',
  ...extra,
});

const representative = 'rep-xk-01';

/** One probe pair per route of the topology. */
const fixtures: Record<RouteKey, Fixture> = {
  'GET /api/health': { valid: () => ({ path: '/api/health' }) },
  'GET /api/catalog': { valid: () => ({ path: '/api/catalog' }) },
  'POST /api/petitions': {
    valid: () => ({
      method: 'POST',
      path: '/api/petitions',
      body: petitionBody(),
      headers: { 'idempotency-key': `contract-${n()}-key` },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/petitions',
      body: { ...petitionBody(), jurisdictionCode: 'atlantis' },
    }),
  },
  'GET /api/petitions/{trackingCode}': {
    valid: () => ({ path: `/api/petitions/${cases.trackingCode}?phone=5678` }),
    invalid: () => ({ path: `/api/petitions/${cases.trackingCode}?phone=12` }),
  },
  'POST /api/uploads': {
    valid: () => ({ method: 'POST', path: '/api/uploads', body: { contentType: 'image/jpeg', size: 2048 } }),
    invalid: () => ({
      method: 'POST',
      path: '/api/uploads',
      body: { contentType: 'image/svg+xml', size: 2048 },
    }),
  },
  'POST /api/phone-verifications': {
    valid: () => ({ method: 'POST', path: '/api/phone-verifications', body: { phone: '13912345678' } }),
    invalid: () => ({
      method: 'POST',
      path: '/api/phone-verifications',
      raw: { type: 'text/plain', text: 'x' },
    }),
  },
  'GET /api/reception-days': {
    valid: () => ({ path: '/api/reception-days?studioId=studio-xikou' }),
    invalid: () => ({ path: '/api/reception-days?from=yesterday' }),
  },
  'GET /api/staff/cases': {
    valid: () => ({ path: '/api/staff/cases?status=assigned', user: HANDLER }),
    invalid: () => ({ path: '/api/staff/cases?status=lost', user: HANDLER }),
  },
  'POST /api/staff/cases': {
    valid: () => ({
      method: 'POST',
      path: '/api/staff/cases',
      user: LIAISON,
      body: { ...petitionBody({ jurisdictionCode: 'xikou' }), channel: 'visit' },
      headers: { 'idempotency-key': `contract-${n()}-visit` },
    }),
    invalid: () => ({ method: 'POST', path: '/api/staff/cases', user: LIAISON, body: { channel: 'pigeon' } }),
  },
  'GET /api/staff/cases/{caseId}': {
    valid: () => ({ path: `/api/staff/cases/${cases.assigned}`, user: HANDLER }),
    invalid: () => ({ path: '/api/staff/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV', user: HANDLER }),
  },
  'GET /api/staff/cases/{caseId}/petitioner': {
    valid: () => ({ path: `/api/staff/cases/${cases.assigned}/petitioner`, user: HANDLER }),
    invalid: () => ({ path: '/api/staff/cases/not-a-case/petitioner', user: HANDLER }),
  },
  'POST /api/staff/cases/{caseId}/{action}': {
    valid: async () => ({
      method: 'POST',
      path: `/api/staff/cases/${cases.assigned}/note`,
      user: HANDLER,
      body: { expectedVersion: await versionOf(cases.assigned), text: '契约测试备注' },
    }),
    invalid: () => ({
      method: 'POST',
      path: `/api/staff/cases/${cases.assigned}/note`,
      user: HANDLER,
      body: { expectedVersion: 1, text: '版本已过期' },
    }),
  },
  'GET /api/surveys/{token}': {
    valid: () => ({ path: `/api/surveys/${surveyToken(process.env.SURVEY_SECRET!, cases.closed, 1)}` }),
    invalid: () => ({ path: '/api/surveys/not-a-token' }),
  },
  'POST /api/surveys/{token}': {
    valid: () => ({
      method: 'POST',
      path: `/api/surveys/${surveyToken(process.env.SURVEY_SECRET!, cases.closed, 1)}`,
      body: { rating: 'satisfied' },
    }),
    invalid: () => ({
      method: 'POST',
      path: `/api/surveys/${surveyToken(process.env.SURVEY_SECRET!, cases.closed, 1)}`,
      body: { rating: 'ecstatic' },
    }),
  },
  'GET /api/staff/reports/monthly': {
    valid: () => ({ path: `/api/staff/reports/monthly?month=${month}`, user: 'supervisor' }),
    invalid: () => ({ path: '/api/staff/reports/monthly?month=2026-13', user: 'supervisor' }),
  },
  'GET /api/staff/cases/export': {
    valid: () => ({ path: '/api/staff/cases/export?status=assigned', user: HANDLER }),
    invalid: () => ({ path: '/api/staff/cases/export?status=assigned&format=pdf', user: HANDLER }),
  },
  'GET /api/staff/cases/{caseId}/audit': {
    valid: () => ({ path: `/api/staff/cases/${cases.assigned}/audit`, user: 'supervisor' }),
    invalid: () => ({ path: `/api/staff/cases/${cases.assigned}/audit`, user: HANDLER }),
  },
  'GET /api/staff/cases/{caseId}/attachments': {
    valid: () => ({ path: `/api/staff/cases/${cases.closed}/attachments`, user: HANDLER }),
    invalid: () => ({ path: '/api/staff/cases/not-a-case/attachments', user: HANDLER }),
  },
  'GET /api/staff/cases/{caseId}/attachments/{index}': {
    valid: () => ({ path: `/api/staff/cases/${cases.closed}/attachments/0?download=true`, user: HANDLER }),
    invalid: () => ({ path: `/api/staff/cases/${cases.closed}/attachments/3`, user: HANDLER }),
  },
  'GET /api/staff/cases/{caseId}/deliveries': {
    valid: () => ({ path: `/api/staff/cases/${cases.assigned}/deliveries`, user: 'supervisor' }),
    invalid: () => ({ path: '/api/staff/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV/deliveries', user: 'supervisor' }),
  },
  'GET /api/staff/unit-load': {
    valid: () => ({ path: '/api/staff/unit-load', user: HANDLER }),
    invalid: () => ({ path: '/api/staff/unit-load?unitId=NOT%20A%20UNIT', user: HANDLER }),
  },
  'GET /api/staff/notices': {
    valid: () => ({ path: '/api/staff/notices', user: HANDLER }),
    invalid: () => ({ path: '/api/staff/notices?limit=0', user: HANDLER }),
  },
  'GET /api/staff/reference': {
    valid: () => ({ path: '/api/staff/reference', user: HANDLER }),
    invalid: () => ({ path: '/api/staff/reference', headers: { authorization: 'Bearer not-a-token' } }),
  },
  'GET /api/staff/reply-templates': {
    valid: () => ({ path: '/api/staff/reply-templates', user: HANDLER }),
    invalid: () => ({ path: '/api/staff/reply-templates?unitId=NOPE', user: HANDLER }),
  },
  'PUT /api/staff/reply-templates/{templateId}': {
    valid: () => ({
      method: 'PUT',
      path: '/api/staff/reply-templates/contract-template',
      user: HANDLER,
      body: { title: '契约模板', text: '您反映的问题已经办理完毕。' },
    }),
    invalid: () => ({
      method: 'PUT',
      path: '/api/staff/reply-templates/contract-template',
      user: HANDLER,
      body: { title: '' },
    }),
  },
  'DELETE /api/staff/reply-templates/{templateId}': {
    valid: () => ({ method: 'DELETE', path: '/api/staff/reply-templates/contract-template', user: HANDLER }),
    invalid: () => ({ method: 'DELETE', path: '/api/staff/reply-templates/NOT_AN_ID', user: HANDLER }),
  },
  'GET /api/admin/reference': {
    valid: () => ({ path: '/api/admin/reference', user: 'admin' }),
    invalid: () => ({ path: '/api/admin/reference', user: HANDLER }),
  },
  'PUT /api/admin/reference/{kind}/{id}': {
    valid: () => ({
      method: 'PUT',
      path: '/api/admin/reference/categories/contract',
      user: 'admin',
      body: { nameZh: '契约类别', nameEn: 'Contract', descriptionZh: '测试用', confidential: false },
    }),
    invalid: () => ({
      method: 'PUT',
      path: '/api/admin/reference/planets/pluto',
      user: 'admin',
      body: { nameZh: '冥王星' },
    }),
  },
  'DELETE /api/admin/reference/{kind}/{id}': {
    valid: () => ({ method: 'DELETE', path: '/api/admin/reference/categories/contract', user: 'admin' }),
    invalid: () => ({ method: 'DELETE', path: '/api/admin/reference/units/dept-transport', user: 'admin' }),
  },
  'POST /api/admin/routing-rules/dry-run': {
    valid: () => ({
      method: 'POST',
      path: '/api/admin/routing-rules/dry-run',
      user: 'admin',
      body: { title: '公交站牌损坏', content: '人民路公交站牌损坏。', jurisdictionCode: 'chengguan' },
    }),
    invalid: () => ({ method: 'POST', path: '/api/admin/routing-rules/dry-run', user: 'admin', body: {} }),
  },
  'GET /api/admin/policies': {
    valid: () => ({ path: '/api/admin/policies', user: 'admin' }),
    invalid: () => ({ path: '/api/admin/policies', user: 'supervisor' }),
  },
  'PUT /api/admin/policies/{policyId}': {
    valid: () => ({
      method: 'PUT',
      path: '/api/admin/policies/contract',
      user: 'admin',
      body: {
        name: '契约时限',
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
    invalid: () => ({
      method: 'PUT',
      path: '/api/admin/policies/contract',
      user: 'admin',
      body: { name: '' },
    }),
  },
  'DELETE /api/admin/policies/{policyId}': {
    valid: () => ({ method: 'DELETE', path: '/api/admin/policies/contract', user: 'admin' }),
    invalid: () => ({ method: 'DELETE', path: '/api/admin/policies/NO%20WAY', user: 'admin' }),
  },
  'GET /api/admin/users': {
    valid: () => ({ path: '/api/admin/users', user: 'admin' }),
    invalid: () => ({ path: '/api/admin/users', user: LIAISON }),
  },
  'POST /api/admin/users': {
    valid: () => ({
      method: 'POST',
      path: '/api/admin/users',
      user: 'admin',
      body: {
        username: `contract-user-${n()}`,
        displayName: '契约用户',
        role: 'handler',
        unitId: 'dept-housing',
      },
    }),
    invalid: () => ({ method: 'POST', path: '/api/admin/users', user: 'admin', body: { username: 'X' } }),
  },
  'PATCH /api/admin/users/{username}': {
    valid: () => ({
      method: 'PATCH',
      path: '/api/admin/users/handler-dept-education',
      user: 'admin',
      body: { displayName: '教育局承办人' },
    }),
    invalid: () => ({
      method: 'PATCH',
      path: '/api/admin/users/nobody-here',
      user: 'admin',
      body: { displayName: '无' },
    }),
  },
  'POST /api/admin/users/{username}/reset-password': {
    valid: () => ({
      method: 'POST',
      path: '/api/admin/users/handler-team-culture/reset-password',
      user: 'admin',
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/admin/users/nobody-here/reset-password',
      user: 'admin',
    }),
  },
  'GET /api/admin/account-requests': {
    valid: () => ({ path: '/api/admin/account-requests?limit=20', user: 'supervisor' }),
    invalid: () => ({ path: '/api/admin/account-requests?limit=0', user: 'admin' }),
  },
  'POST /api/admin/account-requests/{requestId}/approve': {
    valid: async () => ({
      method: 'POST',
      path: `/api/admin/account-requests/${await pendingAccountRequest()}/approve`,
      user: 'supervisor',
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/admin/account-requests/not-a-request/approve',
      user: 'supervisor',
    }),
  },
  'POST /api/admin/account-requests/{requestId}/refuse': {
    valid: async () => ({
      method: 'POST',
      path: `/api/admin/account-requests/${await pendingAccountRequest()}/refuse`,
      user: 'supervisor',
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/admin/account-requests/01KC0000000000000000000000/refuse',
      user: 'supervisor',
    }),
  },
  'GET /api/admin/calendar': {
    valid: () => ({ path: '/api/admin/calendar', user: 'admin' }),
    invalid: () => ({ path: '/api/admin/calendar', user: HANDLER }),
  },
  'PUT /api/admin/calendar/overrides/{date}': {
    valid: () => ({
      method: 'PUT',
      path: '/api/admin/calendar/overrides/2099-06-01',
      user: 'admin',
      body: { kind: 'holiday', name: '契约' },
    }),
    invalid: () => ({
      method: 'PUT',
      path: '/api/admin/calendar/overrides/2099-06-31',
      user: 'admin',
      body: { kind: 'holiday' },
    }),
  },
  'DELETE /api/admin/calendar/overrides/{date}': {
    valid: () => ({ method: 'DELETE', path: '/api/admin/calendar/overrides/2099-06-01', user: 'admin' }),
    invalid: () => ({ method: 'DELETE', path: '/api/admin/calendar/overrides/tomorrow', user: 'admin' }),
  },
  'POST /api/admin/calendar/official-years': {
    valid: () => ({
      method: 'POST',
      path: '/api/admin/calendar/official-years',
      user: 'admin',
      body: { year: 2099, days: [] },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/admin/calendar/official-years',
      user: 'admin',
      body: { year: 2099, days: [{ date: '2098-05-01', kind: 'holiday' }] },
    }),
  },
  'GET /api/staff/mail/quarantine': {
    valid: () => ({ path: '/api/staff/mail/quarantine', user: 'supervisor' }),
    invalid: () => ({ path: '/api/staff/mail/quarantine?limit=1000', user: 'supervisor' }),
  },
  'POST /api/staff/uploads': {
    valid: () => ({
      method: 'POST',
      path: '/api/staff/uploads',
      user: LIAISON,
      body: { contentType: 'application/pdf', size: 2048 },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/staff/uploads',
      user: LIAISON,
      body: { contentType: 'application/pdf', size: 0 },
    }),
  },
  'GET /api/staff/reception-days': {
    valid: () => ({ path: `/api/staff/reception-days?studioId=studio-xikou&month=${month}`, user: LIAISON }),
    invalid: () => ({
      path: `/api/staff/reception-days?studioId=studio-chengguan&month=${month}`,
      user: LIAISON,
    }),
  },
  'POST /api/staff/reception-days/generate': {
    valid: () => ({
      method: 'POST',
      path: '/api/staff/reception-days/generate',
      user: LIAISON,
      body: { studioId: 'studio-xikou', month: nextMonth },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/staff/reception-days/generate',
      user: LIAISON,
      body: { studioId: 'studio-xikou', month: 'soon' },
    }),
  },
  'PUT /api/staff/reception-days/{studioId}/{date}': {
    valid: () => ({
      method: 'PUT',
      path: `/api/staff/reception-days/studio-xikou/${month}-20`,
      user: LIAISON,
      body: { representativeIds: [representative], note: '契约测试' },
    }),
    invalid: () => ({
      method: 'PUT',
      path: `/api/staff/reception-days/studio-xikou/${month}-20`,
      user: LIAISON,
      body: { hours: 'all day' },
    }),
  },
  'GET /api/staff/reception-days/{studioId}/{date}/visits': {
    valid: () => ({ path: `/api/staff/reception-days/studio-xikou/${month}-20/visits`, user: LIAISON }),
    invalid: () => ({ path: '/api/staff/reception-days/studio-xikou/20-20/visits', user: LIAISON }),
  },
  'POST /api/staff/reception-days/{studioId}/{date}/visits': {
    valid: () => ({
      method: 'POST',
      path: `/api/staff/reception-days/studio-xikou/${month}-20/visits`,
      user: LIAISON,
      headers: { 'idempotency-key': `contract-${n()}-walk-in` },
      body: {
        visitor: { name: '来访人' },
        representativeIds: [representative],
        summary: '咨询医保报销政策的办理流程。',
        outcome: 'answered',
        answer: '已当场解答并提供办事指南。',
      },
    }),
    invalid: () => ({
      method: 'POST',
      path: `/api/staff/reception-days/studio-xikou/${month}-20/visits`,
      user: LIAISON,
      body: { visitor: {} },
    }),
  },
  'GET /api/staff/ledger': {
    valid: () => ({ path: `/api/staff/ledger?studioId=studio-xikou&month=${month}`, user: LIAISON }),
    invalid: () => ({ path: '/api/staff/ledger?studioId=studio-xikou', user: LIAISON }),
  },
  'GET /open311/v2/discovery.json': { valid: () => ({ path: '/open311/v2/discovery.json' }) },
  'GET /open311/v2/discovery.xml': { valid: () => ({ path: '/open311/v2/discovery.xml' }) },
  'GET /open311/v2/services.json': {
    valid: () => ({ path: '/open311/v2/services.json?jurisdiction_id=county' }),
    invalid: () => ({ path: '/open311/v2/services.json?jurisdiction_id=sfgov.org' }),
  },
  'GET /open311/v2/services.xml': {
    valid: () => ({ path: '/open311/v2/services.xml' }),
    invalid: () => ({ path: '/open311/v2/services.xml?jurisdiction_id=sfgov.org' }),
  },
  'GET /open311/v2/services/{serviceFile}': {
    valid: () => ({ path: '/open311/v2/services/construction.json' }),
    invalid: () => ({ path: '/open311/v2/services/potholes.json' }),
  },
  'GET /open311/v2/requests.json': {
    valid: () => ({ path: '/open311/v2/requests.json?status=open' }),
    invalid: () => ({ path: '/open311/v2/requests.json?status=maybe' }),
  },
  'GET /open311/v2/requests.xml': {
    valid: () => ({ path: '/open311/v2/requests.xml' }),
    invalid: () => ({ path: '/open311/v2/requests.xml?start_date=yesterday' }),
  },
  'GET /open311/v2/requests/{requestFile}': {
    valid: async () => {
      const response = await send({
        method: 'POST',
        path: '/open311/v2/requests.json',
        form: open311Report(),
      });
      const [created] = (await response.json()) as { service_request_id: string }[];
      return { path: `/open311/v2/requests/${created!.service_request_id}.json` };
    },
    invalid: () => ({ path: '/open311/v2/requests/01ARZ3NDEKTSV4RRFFQ69G5FAV.json' }),
  },
  'GET /open311/v2/servicerequestupdates.json': {
    valid: () => ({ path: '/open311/v2/servicerequestupdates.json' }),
    invalid: () => ({ path: '/open311/v2/servicerequestupdates.json?end_date=never' }),
  },
  'GET /open311/v2/servicerequestupdates.xml': {
    valid: () => ({
      path: `/open311/v2/servicerequestupdates.xml?api_key=${encodeURIComponent(open311Key)}`,
    }),
    invalid: () => ({ path: '/open311/v2/servicerequestupdates.xml?api_key=invented' }),
  },
  'POST /open311/v2/requests.json': {
    valid: () => ({ method: 'POST', path: '/open311/v2/requests.json', form: open311Report() }),
    invalid: () => ({
      method: 'POST',
      path: '/open311/v2/requests.json',
      form: open311Report({ service_code: '' }),
    }),
  },
  'POST /open311/v2/requests.xml': {
    valid: () => ({
      method: 'POST',
      path: '/open311/v2/requests.xml',
      form: open311Report({ service_code: 'construction', 'attribute[problem_kind]': 'light_out' }),
      headers: { 'idempotency-key': `contract-${n()}-fms` },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/open311/v2/requests.xml',
      form: open311Report({ api_key: '' }),
    }),
  },
  'POST /open311/v2/servicerequestupdates.json': {
    valid: () => ({
      method: 'POST',
      path: '/open311/v2/servicerequestupdates.json',
      form: {
        api_key: open311Key,
        service_request_id: cases.open311,
        description: '补充：站牌还是倒着。',
        update_id: `${n()}`,
      },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/open311/v2/servicerequestupdates.json',
      form: { api_key: open311Key, service_request_id: cases.open311 },
    }),
  },
  'POST /open311/v2/servicerequestupdates.xml': {
    valid: () => ({
      method: 'POST',
      path: '/open311/v2/servicerequestupdates.xml',
      form: {
        api_key: open311Key,
        service_request_id: cases.open311,
        description: '补充：又来看了一次。',
        update_id: `${n()}`,
      },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/open311/v2/servicerequestupdates.xml',
      raw: { type: 'application/json', text: '{}' },
    }),
  },
  'GET /open311/v2/{resource}': { invalid: () => ({ path: '/open311/v2/tokens.xml' }) },
  'POST /open311/v2/{resource}': {
    invalid: () => ({ method: 'POST', path: '/open311/v2/tokens.json', form: open311Report() }),
  },
  'GET /api/staff/me': {
    valid: () => ({ path: '/api/staff/me', user: LIAISON }),
    invalid: () => ({ path: '/api/staff/me', headers: { authorization: 'Bearer not-a-token' } }),
  },
  'GET /api/staff/studio-report': {
    valid: () => ({ path: '/api/staff/studio-report?studioId=studio-xikou', user: LIAISON }),
    invalid: () => ({ path: '/api/staff/studio-report?studioId=studio-chengguan', user: LIAISON }),
  },
  'GET /api/staff/teams/{teamId}/referrals': {
    valid: () => ({ path: '/api/staff/teams/team-technology/referrals', user: 'supervisor' }),
    invalid: () => ({ path: '/api/staff/teams/dept-housing/referrals', user: 'supervisor' }),
  },
  'POST /api/help-mailbox/letters': {
    valid: () => ({
      method: 'POST',
      path: '/api/help-mailbox/letters',
      headers: { 'idempotency-key': letterKey() },
      body: { subject: '契约测试', content: '最近工作压力很大，想找人聊一聊。', passphrase: PASSPHRASE },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/help-mailbox/letters',
      body: { content: '最近工作压力很大，想找人聊一聊。', passphrase: 'abc', name: '张三' },
    }),
  },
  'POST /api/help-mailbox/read': {
    valid: () => ({
      method: 'POST',
      path: '/api/help-mailbox/read',
      body: { code: letters.code, passphrase: PASSPHRASE },
    }),
    invalid: () => ({ method: 'POST', path: '/api/help-mailbox/read', body: { code: letters.code } }),
  },
  'GET /api/staff/help-mailbox/letters': {
    valid: () => ({ path: '/api/staff/help-mailbox/letters', user: ORGANISATION }),
    invalid: () => ({ path: '/api/staff/help-mailbox/letters', user: HANDLER }),
  },
  'GET /api/staff/help-mailbox/counts': {
    valid: () => ({ path: `/api/staff/help-mailbox/counts?month=${month}`, user: 'supervisor' }),
    invalid: () => ({ path: '/api/staff/help-mailbox/counts?month=2026-13', user: 'supervisor' }),
  },
  'GET /api/staff/help-mailbox/letters/{letterId}': {
    valid: () => ({ path: `/api/staff/help-mailbox/letters/${letters.letterId}`, user: ORGANISATION }),
    invalid: () => ({ path: `/api/staff/help-mailbox/letters/${'0'.repeat(32)}`, user: ORGANISATION }),
  },
  'POST /api/staff/help-mailbox/letters/{letterId}/reply': {
    valid: () => ({
      method: 'POST',
      path: `/api/staff/help-mailbox/letters/${letters.toAnswer}/reply`,
      user: ORGANISATION,
      body: { text: '来信收到，欢迎随时来组织部面谈。' },
    }),
    // The valid probe answered it: a second answer conflicts.
    invalid: () => ({
      method: 'POST',
      path: `/api/staff/help-mailbox/letters/${letters.toAnswer}/reply`,
      user: ORGANISATION,
      body: { text: '再回复一次。' },
    }),
  },
  'GET /api/openapi.json': { valid: () => ({ path: '/api/openapi.json' }) },
  'GET /api/docs': { valid: () => ({ path: '/api/docs' }) },
  'GET /api/admin/open311-clients': {
    valid: () => ({ path: '/api/admin/open311-clients', user: 'admin' }),
    invalid: () => ({ path: '/api/admin/open311-clients', user: 'supervisor' }),
  },
  'POST /api/admin/open311-clients': {
    valid: () => ({
      method: 'POST',
      path: '/api/admin/open311-clients',
      user: 'admin',
      body: {
        clientId: `contract-${n()}`,
        name: '契约接入',
        contact: 'ops@example.cn',
        jurisdictions: ['xikou'],
      },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/admin/open311-clients',
      user: 'admin',
      body: {
        clientId: 'contract-bad',
        name: '契约接入',
        contact: 'ops@example.cn',
        jurisdictions: ['atlantis'],
      },
    }),
  },
  'PATCH /api/admin/open311-clients/{clientId}': {
    valid: () => ({
      method: 'PATCH',
      path: '/api/admin/open311-clients/contract-main',
      user: 'admin',
      body: { rateLimit: { max: 5000, windowSeconds: 3600 } },
    }),
    invalid: () => ({
      method: 'PATCH',
      path: '/api/admin/open311-clients/nobody-here',
      user: 'admin',
      body: { contact: '无' },
    }),
  },
  'POST /api/admin/open311-clients/{clientId}/key': {
    valid: () => ({ method: 'POST', path: '/api/admin/open311-clients/contract-spare/key', user: 'admin' }),
    invalid: () => ({ method: 'POST', path: '/api/admin/open311-clients/nobody-here/key', user: 'admin' }),
  },
  'POST /api/admin/open311-clients/{clientId}/revoke': {
    valid: () => ({
      method: 'POST',
      path: '/api/admin/open311-clients/contract-spare/revoke',
      user: 'admin',
    }),
    invalid: () => ({ method: 'POST', path: '/api/admin/open311-clients/NOT_AN_ID/revoke', user: 'admin' }),
  },
  // The probes' petitions share their words (petitionBody), so the assigned case has similar cases.
  'POST /api/petitions/similar': {
    valid: () => ({
      method: 'POST',
      path: '/api/petitions/similar',
      body: { jurisdictionCode: 'chengguan', title: '公交站牌损坏', content: '人民路公交站牌被撞坏' },
    }),
    invalid: () => ({
      method: 'POST',
      path: '/api/petitions/similar',
      body: { jurisdictionCode: 'atlantis', title: '公交站牌损坏' },
    }),
  },
  'GET /api/staff/cases/{caseId}/similar': {
    valid: () => ({ path: `/api/staff/cases/${cases.assigned}/similar`, user: HANDLER }),
    invalid: () => ({ path: '/api/staff/cases/not-a-case/similar', user: HANDLER }),
  },
  'POST /api/staff/cases/{caseId}/similar/{otherCaseId}': {
    valid: async () => {
      const other = await eventually(async () => {
        const response = await staffCall(HANDLER, 'GET', `/api/staff/cases/${cases.assigned}/similar`);
        return ((await response.json()) as { items: { caseId: string }[] }).items[0]?.caseId;
      }, 20_000);
      return {
        method: 'POST',
        path: `/api/staff/cases/${cases.assigned}/similar/${other}`,
        user: HANDLER,
        body: { decision: 'related' },
      };
    },
    invalid: () => ({
      method: 'POST',
      path: `/api/staff/cases/${cases.assigned}/similar/01ARZ3NDEKTSV4RRFFQ69G5FAV`,
      user: HANDLER,
      body: { decision: 'maybe' },
    }),
  },
  'GET /api/staff/topics': {
    valid: () => ({ path: `/api/staff/topics?month=${month}`, user: 'supervisor' }),
    invalid: () => ({ path: '/api/staff/topics?month=2026-13', user: 'supervisor' }),
  },
  'POST /api/staff/topics/run': {
    valid: () => ({ method: 'POST', path: '/api/staff/topics/run', user: 'supervisor', body: { month } }),
    invalid: () => ({
      method: 'POST',
      path: '/api/staff/topics/run',
      user: 'supervisor',
      body: { month: 'x' },
    }),
  },
  'PUT /api/staff/topics/{topicId}/focus': {
    valid: async () => {
      const topicId = await eventually(async () => {
        const response = await staffCall('supervisor', 'POST', '/api/staff/topics/run', { month });
        return ((await response.json()) as { topics: { topicId: string }[] }).topics[0]?.topicId;
      }, 20_000);
      return {
        method: 'PUT',
        path: `/api/staff/topics/${topicId}/focus`,
        user: 'supervisor',
        body: { month, ownerUnitId: 'dept-transport', deadline: `${month}-28` },
      };
    },
    invalid: () => ({
      method: 'PUT',
      path: `/api/staff/topics/${month}-00000000/focus`,
      user: 'supervisor',
      body: { month, ownerUnitId: 'dept-transport', deadline: `${month}-28` },
    }),
  },
  'GET /api/admin/word-list': {
    valid: () => ({ path: '/api/admin/word-list', user: 'admin' }),
    invalid: () => ({ path: '/api/admin/word-list', user: HANDLER }),
  },
  'PUT /api/admin/word-list': {
    valid: () => ({
      method: 'PUT',
      path: '/api/admin/word-list',
      user: 'admin',
      body: { entries: [{ term: '人民路', kind: 'place', aliases: ['人民大道'] }] },
    }),
    invalid: () => ({
      method: 'PUT',
      path: '/api/admin/word-list',
      user: 'admin',
      body: { entries: [{ term: '路', kind: 'place' }] },
    }),
  },
};

// ---------------------------------------------------------------------------------------------------------
// Validation against the served document

type OpenApiDocument = {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, OpenApiResponse>; parameters?: unknown[]; requestBody?: unknown }
    >
  >;
};
type OpenApiResponse = {
  content?: Record<string, { schema: unknown }>;
  headers?: Record<string, { required?: boolean }>;
};

const DOCUMENT_ID = 'https://huiyin.invalid/openapi.json';
let document: OpenApiDocument;
let ajv: Ajv2020;
const validators = new Map<string, ValidateFunction>();
const dump: Record<string, unknown> = {};

function pointer(...segments: string[]): string {
  return segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Problems with one answer (empty when it is documented and its body matches). */
async function conformance(key: RouteKey, response: Response): Promise<string[]> {
  const [method, path] = key.split(' ') as [string, string];
  const status = String(response.status);
  const text = await response.text();
  dump[`${key} ${status}`] = { type: response.headers.get('content-type'), body: text.slice(0, 3000) };
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) return [`${key} is not in the document`];
  const documented = operation.responses[status];
  if (!documented) return [`${key} answered ${status}, which the document does not list`];
  const problems: string[] = [];
  for (const [name, header] of Object.entries(documented.headers ?? {}))
    if (header.required && !response.headers.has(name))
      problems.push(`${key} ${status}: header ${name} missing`);
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!documented.content)
    return text === '' ? problems : [...problems, `${key} ${status}: body not documented`];
  if (!documented.content[type])
    return [...problems, `${key} ${status}: content type ${type} not documented`];
  const id = `${DOCUMENT_ID}#/${pointer('paths', path, method.toLowerCase(), 'responses', status, 'content', type, 'schema')}`;
  let validate = validators.get(id);
  if (!validate) {
    validate = ajv.compile({ $ref: id });
    validators.set(id, validate);
  }
  const value = type.endsWith('json') ? JSON.parse(text) : text;
  if (!validate(value))
    problems.push(`${key} ${status} ${type}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
  return problems;
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  document = (await (await runtime.request('/api/openapi.json')).json()) as OpenApiDocument;
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });

  const registered = await staffCall('admin', 'POST', '/api/admin/open311-clients', {
    clientId: 'contract-main',
    name: '契约测试',
    contact: 'ops@example.cn',
    jurisdictions: ['county'],
  });
  open311Key = ((await registered.json()) as { apiKey: string }).apiKey;
  await staffCall('admin', 'POST', '/api/admin/open311-clients', {
    clientId: 'contract-spare',
    name: '契约备用',
    contact: 'ops@example.cn',
    jurisdictions: ['xikou'],
  });
  // The closed case carries a photo under its own name (the attachment probes read it).
  const photo = { key: await uploadedPhoto(), name: '站牌.png' };
  const [assigned, closed] = await Promise.all([routedCase(), routedCase({ attachments: [photo] })]);
  cases.assigned = assigned.caseId;
  cases.trackingCode = assigned.trackingCode;
  cases.closed = closed.caseId;
  await act(closed.caseId, 'acknowledge');
  await act(closed.caseId, 'reply', { text: '站牌已修复，感谢反映。' });
  await act(closed.caseId, 'close');
  const filed = await send({ method: 'POST', path: '/open311/v2/requests.json', form: open311Report() });
  cases.open311 = ((await filed.json()) as { service_request_id: string }[])[0]!.service_request_id;
  // The assigned case asks a service team for help, so the team's list has an entry.
  await act(cases.assigned, 'refer-team', {
    teamId: 'team-technology',
    question: '请协助判断站牌结构安全。',
  });
  // Two letters in the help mailbox: one to read back and open, one to answer.
  const written = await Promise.all(
    [0, 1].map(async () => {
      const response = await runtime.postJson(
        '/api/help-mailbox/letters',
        { content: '契约测试：最近值班很多，睡不好。', passphrase: PASSPHRASE },
        { 'idempotency-key': letterKey() },
      );
      expect(response.status).toBe(201);
      return ((await response.json()) as { code: string }).code;
    }),
  );
  letters.code = written[0]!;
  letters.letterId = letterIdOf(written[0]!);
  letters.toAnswer = letterIdOf(written[1]!);
  // A reception day with its roster, for the visits.
  await staffCall('admin', 'PUT', `/api/staff/reception-days/studio-xikou/${month}-20`, {
    representativeIds: [representative],
  });
}, 120_000);

afterAll(async () => {
  if (process.env.CONTRACT_DUMP) writeFileSync(process.env.CONTRACT_DUMP, JSON.stringify(dump, null, 1));
  await runtime?.stop();
});

describe('the HTTP contract', () => {
  it('has a probe for every route of the topology, and nothing else', () => {
    expect(Object.keys(fixtures).sort()).toEqual(routes.map(routeKey).sort());
  });

  it('leaves out an invalid probe only for public operations that take no input', () => {
    const without = routes.filter((route) => !fixtures[routeKey(route) as RouteKey].invalid);
    for (const route of without) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      expect(route.auth, routeKey(route)).toBe('public');
      expect(operation.parameters ?? [], routeKey(route)).toEqual([]);
      expect(operation.requestBody, routeKey(route)).toBeUndefined();
    }
  });

  it('leaves out a valid probe only for operations the document gives no success answer', () => {
    for (const route of routes.filter((candidate) => !fixtures[routeKey(candidate) as RouteKey].valid)) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      expect(
        Object.keys(operation.responses).filter((status) => status < '300'),
        routeKey(route),
      ).toEqual([]);
      expect(fixtures[routeKey(route) as RouteKey].invalid, routeKey(route)).toBeDefined();
    }
  });

  it('revalidates the document by its ETag, as documented', async () => {
    const first = await runtime.request('/api/openapi.json');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await runtime.request('/api/openapi.json', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await conformance('GET /api/openapi.json', again)).toEqual([]);
  });

  it('answers every operation as documented, for a valid and an invalid request', async () => {
    const problems: string[] = [];
    for (const route of routes) {
      const key = routeKey(route) as RouteKey;
      const fixture = fixtures[key];
      if (fixture.valid) {
        const valid = await send(await fixture.valid());
        if (valid.status >= 300)
          problems.push(`${key}: the valid probe got ${valid.status}: ${await valid.clone().text()}`);
        problems.push(...(await conformance(key, valid)));
      }
      if (!fixture.invalid) continue;
      const invalid = await send(await fixture.invalid());
      if (invalid.status < 400 || invalid.status >= 500)
        problems.push(`${key}: the invalid probe got ${invalid.status}: ${await invalid.clone().text()}`);
      problems.push(...(await conformance(key, invalid)));
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
