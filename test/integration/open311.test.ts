import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import type { Case } from '../../shared/domain/case/model.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Open311 through the gateway, replaying the requests FixMyStreet's client (`perllib/Open311.pm` and its
 * updaters) sends: form-encoded POSTs with `jurisdiction_id`, `api_key` and `attribute[…]`, XML by default;
 * every open report's id in one `requests.xml` poll; `servicerequestupdates.xml` by date window and for
 * residents' follow-ups. Keys come from the admin API. Nothing it answers holds personal data.
 */

let runtime: TestRuntime;
let adminToken: string;
let fmsKey: string;
const COUNTY = 'county';

beforeAll(async () => {
  // The fuzzing below sends a thousand requests with one key from one address; one client has a small limit.
  process.env.RATE_LIMITS = 'read=999999/60,submit=999999/60,open311=999999/60';
  runtime = await startTestRuntime();
  adminToken = await runtime.tokenFor('admin');
  fmsKey = await issueKey({ clientId: 'fms-qingxi', jurisdictions: [COUNTY] });
});

afterAll(async () => {
  delete process.env.RATE_LIMITS;
  await runtime?.stop();
});

const staff = async (username: string, method: string, path: string, body?: unknown) => {
  const response = await runtime.request(path, {
    method,
    headers: {
      authorization: `Bearer ${await runtime.tokenFor(username)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response;
};

async function issueKey(client: Record<string, unknown>): Promise<string> {
  const response = await runtime.request('/api/admin/open311-clients', {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'FixMyStreet 青溪', contact: 'ops@example.cn', ...client }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { apiKey: string }).apiKey;
}

/** What `Open311::_populate_service_request_params` sends for a report pinned on the map. */
function fmsReport(n: number, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    jurisdiction_id: COUNTY,
    api_key: fmsKey,
    service_code: 'transport',
    description: `公交站牌被撞坏 ${n}\n\n溪口街公交站牌倒在路边，等车的老人没有地方看线路。\n\nhttps://fms.example.cn/report/${n}\n`,
    first_name: '三',
    last_name: '张',
    email: `resident${n}@example.cn`,
    lat: '29.6042',
    long: '121.2251',
    ...overrides,
  };
}

const post = (resource: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  runtime.request(`/open311/v2/${resource}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const idFromXml = (xml: string) => /<service_request_id>([0-9A-Z]{26})<\/service_request_id>/.exec(xml)?.[1];

async function fileReport(n: number, overrides: Record<string, string> = {}): Promise<string> {
  const response = await post('requests.xml', fmsReport(n, overrides));
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return idFromXml(text)!;
}

const storedCase = async (caseId: string) => (await runtime.caseStore.get(caseId)) as Case;

const assigned = (caseId: string) =>
  eventually(async () => ((await storedCase(caseId)).status === 'assigned' ? true : undefined), 10_000);

async function act(username: string, caseId: string, action: string, body: Record<string, unknown> = {}) {
  const { version } = await storedCase(caseId);
  const response = await staff(username, 'POST', `/api/staff/cases/${caseId}/${action}`, {
    expectedVersion: version,
    ...body,
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** None of this may ever appear in a GeoReport answer. */
const personal = ['resident', '@example.cn', '张三', '29.6042', '121.2251', '老人没有地方看线路'];
function expectNoPersonalData(text: string) {
  for (const value of personal) expect(text, value).not.toContain(value);
  expect(text).not.toMatch(/HY-[A-Z0-9]{4}-[A-Z0-9]{4}/);
}

describe('services', () => {
  it('lists the non-confidential categories, those with questions marked, in XML by default', async () => {
    const response = await runtime.request(`/open311/v2/services.xml?jurisdiction_id=${COUNTY}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const xml = await response.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>')).toBe(true);
    expect(xml).toContain('<service_code>construction</service_code>');
    expect(xml).not.toContain('mental-health');
    expect(xml.match(/<metadata>true<\/metadata>/g)).toHaveLength(2);
    expect((await runtime.request('/open311/v2/services.json?jurisdiction_id=xikou')).status).toBe(200);
  });

  it('defines the questions of a service, and answers an unknown one with a 404 in the spec’s format', async () => {
    const definition = await runtime.request('/open311/v2/services/construction.xml');
    expect(definition.status).toBe(200);
    const xml = await definition.text();
    expect(xml).toContain('<code>problem_kind</code>');
    expect(xml).toContain('<required>true</required>');
    const json = (await (await runtime.request('/open311/v2/services/transport.json')).json()) as {
      attributes: { code: string }[];
    };
    expect(json.attributes.map((attribute) => attribute.code)).toEqual(['bus_line']);
    const unknown = await runtime.request('/open311/v2/services/potholes.xml');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<code>404</code>\n    <description>service_code not found');
    const elsewhere = await runtime.request('/open311/v2/services.json?jurisdiction_id=sfgov.org');
    expect(elsewhere.status).toBe(404);
  });
});

describe('filing reports as FixMyStreet does', () => {
  it('answers the form-encoded POST in XML with the new id, and records client, place and answers', async () => {
    const response = await post(
      'requests.xml',
      fmsReport(1, {
        service_code: 'construction',
        'attribute[problem_kind]': 'light_out',
        'attribute[streetlight_id]': 'CG-0127',
        'attribute[fixmystreet_id]': '1',
        lat: '29.66',
        long: '121.2',
      }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const xml = await response.text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests>\n {2}<request>\n {4}<service_request_id>[0-9A-Z]{26}<\/service_request_id>/,
    );
    const stored = await storedCase(idFromXml(xml)!);
    expect(stored).toMatchObject({
      channel: 'open311',
      categoryCode: 'construction',
      jurisdictionCode: 'chengguan',
      placedBy: 'boundary',
      open311ClientId: 'fms-qingxi',
      petitioner: { name: '张三', email: 'resident1@example.cn', anonymous: false },
    });
    expect(stored.content).toContain('【补充信息】问题类型：路灯不亮；灯杆编号（如有）：CG-0127');
    const mail = await eventually(async () => {
      const outbox = await readOutbox(runtime.clients.document, runtime.outboxTable);
      return outbox.find((entry) => entry.to === 'resident1@example.cn' && entry.template === 'registered');
    });
    expect(mail.body).toMatch(/查询码 \d{4}/);
  });

  it('places by the town given, by the address, or explicitly at the county seat', async () => {
    const given = await fileReport(2, { jurisdiction_id: 'qingshan' });
    const { lat: _lat, long: _long, ...withoutPoint } = fmsReport(3);
    const byAddress = await post('requests.xml', { ...withoutPoint, address_string: '白石乡白石村村口' });
    const outside = await fileReport(4, {
      lat: '31.2304',
      long: '121.4737',
      description: '路边的垃圾桶满了很多天，没有人来清运。',
    });
    const places = await Promise.all(
      [given, idFromXml(await byAddress.text())!, outside].map(async (id) => {
        const { jurisdictionCode, placedBy } = await storedCase(id);
        return [jurisdictionCode, placedBy];
      }),
    );
    expect(places).toEqual([
      ['qingshan', 'given'],
      ['baishi', 'address'],
      ['chengguan', 'county-seat'],
    ]);
  });

  it('takes a 4,000-character description with \\r\\n line breaks and cuts an over-long name', async () => {
    const description = `${'路灯不亮'.repeat(24)}\r\n`.repeat(40).slice(0, -2); // 3,998 characters + 39 \r\n
    const response = await post(
      'requests.json',
      fmsReport(5, { description, last_name: 'Featherstonehaugh-Cholmondeley-Smythe', first_name: 'Anne' }),
    );
    expect(response.status).toBe(201);
    const [created] = (await response.json()) as { service_request_id: string }[];
    const stored = await storedCase(created!.service_request_id);
    expect(stored.content).not.toContain('\r');
    expect(stored.content.startsWith(`${'路灯不亮'.repeat(24)}\n`)).toBe(true);
    expect([...(stored.petitioner.name ?? '')]).toHaveLength(30);
  });

  it('refuses for ever only what no resend can mend, and says so in the error code', async () => {
    const before = (await runtime.scanAll()).filter((item) => item.entity === 'case').length;
    const tooLong = await post('requests.xml', fmsReport(6, { description: '长'.repeat(4001) }));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain(
      '<code>400-permanent</code>\n    <description>description: at most 4,000 characters',
    );
    const noQuestion = await post('requests.json', fmsReport(7, { service_code: 'construction' }));
    expect(await noQuestion.json()).toEqual([
      { code: '400-permanent', description: 'attribute[problem_kind]: required: 问题类型' },
    ]);
    const unknown = await post('requests.json', fmsReport(8, { service_code: 'potholes' }));
    expect(await unknown.json()).toEqual([{ code: '404-permanent', description: 'service_code not found' }]);
    const notForm = await runtime.request('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fmsReport(9)),
    });
    expect(((await notForm.json()) as { code: string }[])[0]!.code).toBe('400-permanent');
    expect((await runtime.scanAll()).filter((item) => item.entity === 'case')).toHaveLength(before);
  });

  it('keeps a report it cannot fully use, and says what it left out', async () => {
    const response = await post('requests.json', fmsReport(10, { phone: '+44 20 7946 0958' }));
    expect(response.status).toBe(201);
    const [created] = (await response.json()) as { service_notice: string }[];
    expect(created!.service_notice).toContain('电话号码无法识别，未予记录');
  });

  it('gives a resend within a day the same id: the same report, or the same Idempotency-Key', async () => {
    const first = await fileReport(11);
    const resent = await post('requests.xml', fmsReport(11));
    expect(resent.status).toBe(201);
    expect(resent.headers.get('idempotent-replayed')).toBe('true');
    expect(idFromXml(await resent.text())).toBe(first);

    const keyed = await fileReport(12, {});
    const again = await post('requests.xml', fmsReport(12), { 'idempotency-key': 'fms-report-12' });
    const byKey = idFromXml(await again.text());
    expect(byKey).toBe(keyed);
    const reused = await post('requests.json', fmsReport(13), { 'idempotency-key': 'fms-report-12' });
    expect(reused.status).toBe(201);
    const other = await post('requests.json', fmsReport(14), { 'idempotency-key': 'fms-report-12' });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }[])[0]!.code).toBe('422-permanent');
  });
});

describe('keys', () => {
  it('refuses a missing, wrong or revoked key, and a town the key is not for', async () => {
    const { api_key: _key, ...keyless } = fmsReport(20);
    const missing = await post('requests.xml', keyless);
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('<code>403</code>\n    <description>api_key is required');
    const wrong = await post('requests.json', fmsReport(21, { api_key: `${fmsKey.slice(0, -4)}AAAA` }));
    expect(await wrong.json()).toEqual([{ code: 403, description: 'api_key is not valid' }]);
    const invented = await post('requests.json', fmsReport(22, { api_key: 'secret' }));
    expect(invented.status).toBe(403);

    const xikouKey = await issueKey({ clientId: 'xikou-app', jurisdictions: ['xikou'] });
    expect((await post('requests.json', fmsReport(23, { api_key: xikouKey }))).status).toBe(201);
    const chengguan = await post(
      'requests.json',
      fmsReport(24, { api_key: xikouKey, jurisdiction_id: 'chengguan' }),
    );
    expect(await chengguan.json()).toEqual([
      { code: 403, description: 'this api_key may not file reports for chengguan' },
    ]);
    const byPoint = await post(
      'requests.json',
      fmsReport(25, { api_key: xikouKey, lat: '29.66', long: '121.2' }),
    );
    expect(byPoint.status).toBe(403);

    const revoke = await staff('admin', 'POST', '/api/admin/open311-clients/xikou-app/revoke');
    expect(revoke.status).toBe(200);
    const revoked = await post('requests.json', fmsReport(26, { api_key: xikouKey }));
    expect(await revoked.json()).toEqual([
      { code: 403, description: 'api_key has been revoked: ask the county for a new key' },
    ]);
    const listed = (await (await staff('admin', 'GET', '/api/admin/open311-clients')).json()) as {
      items: Record<string, unknown>[];
    };
    const xikou = listed.items.find((client) => client.clientId === 'xikou-app')!;
    expect(xikou.revokedAt).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(xikouKey.split('.')[2]!);
    expect(JSON.stringify(listed)).not.toContain('keyHash');
  });

  it('counts a key against its own limit and answers 429 in the spec’s format', async () => {
    const key = await issueKey({
      clientId: 'small-client',
      jurisdictions: [COUNTY],
      // A day's window: windows are aligned to the epoch, and an hour's boundary between the two posts would let
      // the second one through.
      rateLimit: { max: 1, windowSeconds: 86_400 },
    });
    expect((await post('requests.json', fmsReport(30, { api_key: key }))).status).toBe(201);
    const limited = await post('requests.xml', fmsReport(31, { api_key: key }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('<errors>\n  <error>\n    <code>429</code>');
  });

  it('answers unknown names under /open311/ with a 404 in the spec’s format', async () => {
    const xml = await runtime.request('/open311/v2/tokens.xml');
    expect(xml.status).toBe(404);
    expect(await xml.text()).toContain('<errors>\n  <error>\n    <code>404</code>');
    const json = await post('tokens.json', fmsReport(32));
    expect(await json.json()).toEqual([{ code: 404, description: 'not found' }]);
  });
});

describe('polling and updates', () => {
  let fixed: string;
  let rejected: string;
  let duplicate: string;
  let reviewed: string;
  let start: string;

  beforeAll(async () => {
    start = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    [fixed, rejected, duplicate, reviewed] = await Promise.all([
      fileReport(40),
      fileReport(41),
      fileReport(42),
      fileReport(43),
    ]);
    await Promise.all([assigned(fixed), assigned(rejected), assigned(duplicate), assigned(reviewed)]);
    const handler = 'handler-dept-transport';
    for (const id of [fixed, reviewed]) {
      await act(handler, id, 'acknowledge');
      await act(handler, id, 'reply', { text: '站牌已于今日重新安装，感谢您的反映。' });
      await act(handler, id, 'close');
    }
    // The resident asked the level above to review the reply (复查), by letter; its opinion upholds it.
    await act('supervisor', reviewed, 'request-review', { reason: '站牌装反了方向' });
    await act('supervisor', reviewed, 'decide-review', {
      outcome: 'upheld',
      opinion: '原答复属实，予以维持',
    });
    await act(handler, rejected, 'reject', {
      reason: '该站牌属于客运公司自有设施',
      grounds: 'not-responsible',
    });
    await act(handler, duplicate, 'link-duplicate', { duplicateOf: fixed });
  }, 60_000);

  it('answers every open report’s id in one requests.xml poll, 51 and more', async () => {
    const ids = [fixed, rejected, duplicate];
    for (let batch = 0; ids.length < 51; batch++)
      ids.push(...(await Promise.all(Array.from({ length: 8 }, (_, i) => fileReport(100 + batch * 8 + i)))));
    const query = new URLSearchParams({ jurisdiction_id: COUNTY, service_request_id: ids.join(',') });
    const response = await runtime.request(`/open311/v2/requests.xml?${query}`);
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml.match(/<request>/g)).toHaveLength(ids.length);
    expect(xml).not.toContain('<errors>');
    expectNoPersonalData(xml);
  }, 60_000);

  it('tells fixed, not responsible, duplicate and reviewed apart in requests and sends the reply as the notes', async () => {
    const response = await runtime.request(
      `/open311/v2/requests.json?service_request_id=${fixed},${rejected},${duplicate},${reviewed}`,
    );
    const requests = (await response.json()) as Record<string, string>[];
    expect(
      requests.map((request) => [request.status, request.external_status_code, request.status_notes]),
    ).toEqual([
      ['closed', 'closed', '站牌已于今日重新安装，感谢您的反映。'],
      ['closed', 'rejected_not_responsible', '不予受理（不属于受理范围）：该站牌属于客运公司自有设施'],
      ['open', 'duplicate', '重复件：已与其他诉求合并办理'],
      // Open again while a 复核 may still be asked for.
      ['open', 'reviewed', '已出复查意见'],
    ]);
  });

  it('lists the updates of a window in XML as GetServiceRequestUpdates reads them', async () => {
    // Requests of earlier tests may still be being routed: wait until none is left `registered`, so the window's
    // updates stay put. Only routing adds updates by itself; waiting for the whole pipeline instead (notices,
    // similar-case indexing) failed under two suites at once, when a similar-case batch timed out and its
    // messages were hidden for the queue's 180-second visibility timeout, as SQS does. A routing message can
    // meet the same fate, hence a budget beyond that timeout.
    await eventually(async () => {
      const response = await runtime.request(`/open311/v2/requests.json?jurisdiction_id=${COUNTY}`);
      const requests = (await response.json()) as { external_status_code: string }[];
      return requests.length > 0 && requests.every((request) => request.external_status_code !== 'registered')
        ? requests
        : undefined;
    }, 300_000);
    const end = new Date(Date.now() + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const query = new URLSearchParams({
      jurisdiction_id: COUNTY,
      api_key: fmsKey,
      start_date: start,
      end_date: end,
    });
    const response = await runtime.request(`/open311/v2/servicerequestupdates.xml?${query}`);
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_request_updates>')).toBe(true);
    const updates = [...xml.matchAll(/<request_update>([\s\S]*?)<\/request_update>/g)].map((match) =>
      Object.fromEntries(
        [...match[1]!.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((field) => [field[1], field[2]]),
      ),
    );
    const of = (id: string) => updates.filter((update) => update.service_request_id === id);
    expect(of(fixed).map((update) => [update.status, update.external_status_code])).toEqual([
      ['OPEN', 'assigned'],
      ['IN_PROGRESS', 'acknowledged'],
      ['FIXED', 'replied'],
      ['FIXED', 'closed'],
    ]);
    expect(of(fixed)[2]!.description).toBe('站牌已于今日重新安装，感谢您的反映。');
    // The review is news for the client too: the report is worked on again, then has the opinion.
    expect(of(reviewed).map((update) => [update.status, update.external_status_code])).toEqual([
      ['OPEN', 'assigned'],
      ['IN_PROGRESS', 'acknowledged'],
      ['FIXED', 'replied'],
      ['FIXED', 'closed'],
      ['IN_PROGRESS', 'reviewing'],
      ['FIXED', 'reviewed'],
    ]);
    expect(of(reviewed).at(-1)!.description).toContain('原答复属实，予以维持');
    expect(of(rejected).at(-1)).toMatchObject({
      status: 'NOT_COUNCILS_RESPONSIBILITY',
      external_status_code: 'rejected_not_responsible',
    });
    expect(of(duplicate).at(-1)).toMatchObject({ status: 'DUPLICATE', external_status_code: 'duplicate' });
    for (const update of updates) {
      expect(update.update_id).toBe(`${update.service_request_id}-${update.update_id!.split('-')[1]}`);
      expect(update.updated_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(update.media_url).toBe('');
    }
    // Stable: the same window lists the same updates with the same ids.
    expect(await (await runtime.request(`/open311/v2/servicerequestupdates.xml?${query}`)).text()).toBe(xml);
    expectNoPersonalData(xml);
  }, 420_000);

  it('adds a resident’s follow-up to the case once, for the unit to read', async () => {
    const update = {
      jurisdiction_id: COUNTY,
      api_key: fmsKey,
      updated_datetime: '2026-12-03T10:00:00Z',
      service_request_id: duplicate,
      status: 'OPEN',
      description: '站牌还是倒着，\r\n请再看一下。',
      last_name: '张',
      first_name: '三',
      email: 'resident42@example.cn',
      update_id: '9001',
    };
    const response = await post('servicerequestupdates.xml', update);
    expect(response.status).toBe(201);
    const xml = await response.text();
    const updateId = /<update_id>([^<]+)<\/update_id>/.exec(xml)?.[1];
    expect(xml).toContain('<service_request_updates>\n  <request_update>\n    <update_id>');
    const resent = await post('servicerequestupdates.xml', update);
    expect(/<update_id>([^<]+)<\/update_id>/.exec(await resent.text())?.[1]).toBe(updateId);

    const view = (await (
      await staff('handler-dept-transport', 'GET', `/api/staff/cases/${duplicate}`)
    ).json()) as {
      timeline: { type: string; data: Record<string, unknown> }[];
    };
    const followUps = view.timeline.filter((event) => event.type === 'followedUp');
    expect(followUps).toHaveLength(1);
    expect(followUps[0]!.data).toMatchObject({
      text: '站牌还是倒着，\n请再看一下。',
      reportedStatus: 'OPEN',
    });
  });

  it('refuses a follow-up without a key, from another client, or to an unknown request', async () => {
    const base = {
      jurisdiction_id: COUNTY,
      service_request_id: fixed,
      description: '还没修好',
      update_id: '9002',
    };
    expect((await post('servicerequestupdates.json', base)).status).toBe(403);
    const otherKey = await issueKey({ clientId: 'other-app', jurisdictions: [COUNTY] });
    const other = await post('servicerequestupdates.json', { ...base, api_key: otherKey });
    expect(await other.json()).toEqual([
      { code: '403-permanent', description: 'this request was filed by another client system' },
    ]);
    const unknown = await post('servicerequestupdates.json', {
      ...base,
      api_key: fmsKey,
      service_request_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    });
    expect(await unknown.json()).toEqual([
      { code: '404-permanent', description: 'service_request_id not found' },
    ]);
  });

  it('never shows cases from other channels', async () => {
    const web = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
      caseId: string;
    };
    const response = await runtime.request(`/open311/v2/requests/${web.caseId}.json`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual([{ code: 404, description: 'service_request_id not found' }]);
  });
});

describe('fuzzing POST requests (fast-check)', () => {
  const junk = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '\u0000', '\u202e', '{{7*7}}', '%00'),
  );
  /** Each makes the request invalid on its own. */
  const breaking: fc.Arbitrary<(fields: Record<string, string>) => void>[] = [
    fc.constant((fields) => delete fields.service_code),
    junk.map((value) => (fields) => (fields.service_code = `x${value}`)),
    fc.constantFrom('', ' \r\n ', 'x'.repeat(4001)).map((value) => (fields) => (fields.description = value)),
    fc.constant((fields) => {
      delete fields.address_string;
      delete fields.lat;
      delete fields.long;
    }),
    fc
      .oneof(
        junk.map((value) => `x${value}`),
        fc.constantFrom('91', '-90.5x', '1e3'),
      )
      .map((value) => (fields) => {
        fields.lat = value;
        fields.long = '121.2';
      }),
    fc.constant((fields: Record<string, string>) => {
      fields.lat = '29.6';
      delete fields.long;
    }),
    junk.map((value) => (fields) => (fields.jurisdiction_id = `j${value}`)),
    fc.constant((fields: Record<string, string>) => delete fields.api_key),
  ];

  it('answers 400 invalid form bodies with 4xx in the spec’s format and stores nothing', async () => {
    const valid = {
      api_key: fmsKey,
      service_code: 'transport',
      address_string: '城关镇人民路',
      description: '人民路公交站牌损坏，请修复。',
    };
    const request = fc
      .tuple(
        fc.oneof(...breaking),
        fc.array(fc.oneof(...breaking), { maxLength: 2 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), junk, { maxKeys: 3 }),
      )
      .map(([first, more, noise]) => {
        const fields: Record<string, string> = { ...noise, ...valid };
        for (const mutate of [first, ...more]) mutate(fields);
        return new URLSearchParams(fields).toString();
      });
    const before = (await runtime.scanAll()).filter((item) => item.entity === 'case').length;
    const bodies = fc.sample(request, { numRuns: 400, seed: 311 });
    const statuses: number[] = [];
    for (let start = 0; start < bodies.length; start += 16) {
      const batch = await Promise.all(
        bodies.slice(start, start + 16).map(async (body) => {
          const response = await runtime.request('/open311/v2/requests.json', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          });
          const errors = (await response.json()) as { code: number | string; description: string }[];
          expect(String(errors[0]?.code).split('-')[0]).toBe(String(response.status));
          return response.status;
        }),
      );
      statuses.push(...batch);
    }
    expect(statuses.filter((status) => status < 400 || status >= 500)).toEqual([]);
    expect((await runtime.scanAll()).filter((item) => item.entity === 'case')).toHaveLength(before);
  }, 90_000);
});
