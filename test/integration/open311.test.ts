import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import type { Case } from '../../shared/domain/case/model.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Open311 GeoReport v2 through the gateway: services from the categories, a form-encoded request that
 * becomes a case and is routed, the request and the list in JSON and XML, errors in the spec's format, and
 * no personal data in anything it answers.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  // The property test below sends a thousand requests from one address.
  process.env.RATE_LIMITS = 'off';
  runtime = await startTestRuntime();
});

afterAll(async () => {
  delete process.env.RATE_LIMITS;
  await runtime?.stop();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  runtime.request('/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const personal = {
  service_code: 'transport',
  address_string: '溪口镇溪口街 12 号门口公交站',
  lat: '29.6042',
  long: '121.2251',
  description: '溪口街公交站牌被货车撞坏，等车的老人没有地方看线路，请尽快修复。',
  first_name: '三',
  last_name: '张',
  phone: '13812349876',
  email: 'zhang.san@example.cn',
};
/** None of this may ever appear in a GeoReport answer. */
const secrets = [
  '13812349876',
  '9876',
  'zhang.san',
  '张三',
  '溪口街 12 号',
  '29.6042',
  '121.2251',
  '货车撞坏',
];

function expectNoPersonalData(text: string) {
  for (const secret of secrets) expect(text, secret).not.toContain(secret);
  expect(text).not.toMatch(/HY-[A-Z0-9]{4}-[A-Z0-9]{4}/);
}

describe('services', () => {
  it('lists the non-confidential categories as services, in JSON and XML', async () => {
    const json = await runtime.request('/open311/v2/services.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const services = (await json.json()) as {
      service_code: string;
      service_name: string;
      metadata: boolean;
    }[];
    expect(services.find((service) => service.service_code === 'transport')).toEqual({
      service_code: 'transport',
      service_name: '交通出行',
      description: '道路、公交、客运、交通安全设施',
      metadata: false,
      type: 'realtime',
      keywords: 'Transport',
      group: '',
    });
    expect(services.map((service) => service.service_code)).not.toContain('mental-health');

    const xml = await runtime.request('/open311/v2/services.xml');
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const text = await xml.text();
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>')).toBe(true);
    expect(text).toContain('<service_code>transport</service_code>');
    expect(text).toContain('<metadata>false</metadata>');
    expect(text.match(/<service>/g)).toHaveLength(services.length);
  });

  it('knows the county’s towns as jurisdictions and refuses others', async () => {
    expect((await runtime.request('/open311/v2/services.json?jurisdiction_id=xikou')).status).toBe(200);
    const unknown = await runtime.request('/open311/v2/services.xml?jurisdiction_id=sfgov.org');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<errors>\n  <error>\n    <code>404</code>');
  });
});

describe('posting a request', () => {
  let requestId: string;

  it('registers a case with channel open311 that is routed like every other', async () => {
    const response = await form(personal);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { service_request_id: string; service_notice: string }[];
    expect(body).toHaveLength(1);
    requestId = body[0]!.service_request_id;
    expect(requestId).toMatch(/^[0-9A-Z]{26}$/);
    expect(body[0]!.service_notice).toContain('跟踪码已通过短信发送');

    const stored = (await runtime.scanAll()).find(
      (item) => item.entity === 'case' && item.caseId === requestId,
    ) as unknown as Case;
    expect(stored).toMatchObject({
      channel: 'open311',
      categoryCode: 'transport',
      jurisdictionCode: 'xikou',
      title: '交通出行：溪口街公交站牌被货车撞坏，等车的老人没有地方看线路，请尽快修复。',
      petitioner: { name: '张三', phone: '13812349876', email: 'zhang.san@example.cn', anonymous: false },
    });
    expect(stored.content).toContain(
      '【位置】地址：溪口镇溪口街 12 号门口公交站；坐标：纬度 29.6042，经度 121.2251',
    );

    const sms = await eventually(async () => {
      const outbox = await readOutbox(runtime.clients.document, runtime.tables.main);
      return outbox.find((entry) => entry.to === '13812349876' && entry.template === 'registered');
    });
    expect(sms.body).toContain(stored.trackingCode);
  });

  it('shows the request without personal data, with the unit responsible once routed', async () => {
    const found = await eventually(async () => {
      const response = await runtime.request(`/open311/v2/requests/${requestId}.json`);
      const body = (await response.json()) as { agency_responsible: string }[];
      return body[0]?.agency_responsible ? { response, body, text: JSON.stringify(body) } : undefined;
    });
    expect(found.body).toEqual([
      {
        service_request_id: requestId,
        status: 'open',
        status_notes: '已交办，等待承办单位签收',
        service_name: '交通出行',
        service_code: 'transport',
        agency_responsible: '县交通运输局',
        service_notice: '',
        requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
        updated_datetime: expect.stringMatching(/\+08:00$/),
        // The reply deadline, once a unit has it.
        expected_datetime: expect.stringMatching(/T23:59:59\+08:00$/),
      },
    ]);
    expectNoPersonalData(found.text);

    const xml = await (await runtime.request(`/open311/v2/requests/${requestId}.xml`)).text();
    expect(xml).toContain(
      `<service_requests>\n  <request>\n    <service_request_id>${requestId}</service_request_id>`,
    );
    expect(xml).toContain('<agency_responsible>县交通运输局</agency_responsible>');
    expectNoPersonalData(xml);
  });

  it('lists requests by status and service, in JSON and XML', async () => {
    const open = (await (
      await runtime.request('/open311/v2/requests.json?status=open&service_code=transport')
    ).json()) as {
      service_request_id: string;
    }[];
    expect(open.map((request) => request.service_request_id)).toContain(requestId);
    const closed = (await (
      await runtime.request('/open311/v2/requests.json?status=closed')
    ).json()) as unknown[];
    expect(closed).toEqual([]);
    const byId = (await (
      await runtime.request(`/open311/v2/requests.json?service_request_id=${requestId},01BOGUS`)
    ).json()) as {
      service_request_id: string;
    }[];
    expect(byId.map((request) => request.service_request_id)).toEqual([requestId]);
    const xml = await (await runtime.request('/open311/v2/requests.xml')).text();
    expect(xml).toContain(`<service_request_id>${requestId}</service_request_id>`);
    expectNoPersonalData(xml);
    const empty = await (await runtime.request('/open311/v2/requests.xml?service_code=health')).text();
    expect(empty).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests></service_requests>\n');
  });

  it('never shows cases from other channels', async () => {
    const web = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
      caseId: string;
    };
    const response = await runtime.request(`/open311/v2/requests/${web.caseId}.json`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual([{ code: 404, description: 'service_request_id not found' }]);
    const listed = (await (await runtime.request('/open311/v2/requests.json')).json()) as {
      service_request_id: string;
    }[];
    expect(listed.map((request) => request.service_request_id)).not.toContain(web.caseId);
  });

  it('acknowledges by e-mail with a tracking PIN when the requester left no phone', async () => {
    const response = await form({
      service_code: 'environment',
      address_string: '东城街道幸福小区',
      description: '小区旁边的工地夜里施工噪声很大，影响休息。',
      email: 'noise@example.cn',
    });
    expect(response.status).toBe(201);
    const mail = await eventually(async () => {
      const outbox = await readOutbox(runtime.clients.document, runtime.tables.main);
      return outbox.find((entry) => entry.to === 'noise@example.cn' && entry.template === 'registered');
    });
    expect(mail.body).toMatch(/查询码 \d{4}/);
  });
});

describe('errors in the spec’s format', () => {
  it('answers missing and invalid fields with 400 and one error each', async () => {
    const response = await form({ description: '太短' });
    expect(response.status).toBe(400);
    const errors = (await response.json()) as { code: number; description: string }[];
    expect(errors.every((error) => error.code === 400)).toBe(true);
    expect(errors.map((error) => error.description.split(':')[0])).toEqual(
      expect.arrayContaining(['service_code', 'description', 'address_string']),
    );
    const badPhone = await form({ ...personal, phone: '12345' });
    expect(badPhone.status).toBe(400);
    expect(JSON.stringify(await badPhone.json())).toContain('phone');
  });

  it('answers unknown services, jurisdictions and ids with 404, in XML when asked', async () => {
    const unknownService = await form({ ...personal, service_code: 'mental-health' });
    expect(unknownService.status).toBe(404);
    expect(await unknownService.json()).toEqual([{ code: 404, description: 'service_code not found' }]);
    expect((await form({ ...personal, jurisdiction_id: 'sfgov.org' })).status).toBe(404);
    const xml = await runtime.request('/open311/v2/requests/01ARZ3NDEKTSV4RRFFQ69G5FAV.xml');
    expect(xml.status).toBe(404);
    expect(await xml.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>404</code>\n    <description>service_request_id not found</description>\n  </error>\n</errors>\n',
    );
    expect((await runtime.request('/open311/v2/tokens.json')).status).toBe(404);
    expect((await runtime.request('/open311/v2/services')).status).toBe(404);
  });

  it('refuses a body that is not form-encoded, and stores nothing for any of it', async () => {
    const before = (await runtime.scanAll()).filter((item) => item.entity === 'case').length;
    const json = await runtime.request('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(personal),
    });
    expect(json.status).toBe(400);
    expect((await form({ ...personal, lat: '95' })).status).toBe(400);
    expect(
      (await form({ ...personal, address_string: '', lat: '', long: '', address_id: '42' })).status,
    ).toBe(400);
    expect((await runtime.scanAll()).filter((item) => item.entity === 'case')).toHaveLength(before);
  });
});

describe('fuzzing POST requests (fast-check)', () => {
  const valid = {
    service_code: 'transport',
    address_string: '城关镇人民路',
    description: '人民路公交站牌损坏，请修复。',
  };
  const junk = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '\u0000', '\u202e', '{{7*7}}', '%00'),
  );
  /** Each makes the request invalid on its own. */
  const breaking: fc.Arbitrary<(fields: Record<string, string>) => void>[] = [
    fc.constant((fields) => delete fields.service_code),
    junk.map((value) => (fields) => (fields.service_code = `x${value}`)),
    fc
      .constantFrom('', 'abc', 'x'.repeat(2000), 'ab\u0000cdefg')
      .map((value) => (fields) => (fields.description = value)),
    fc.constant((fields) => {
      delete fields.address_string;
      delete fields.lat;
      delete fields.long;
    }),
    // Never a number in range: `x…`, out of range, or not decimal.
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
    fc.constantFrom('12345', '999', 'phone').map((value) => (fields) => (fields.phone = value)),
    fc.constantFrom('not-an-email', 'a@', '@b.cn').map((value) => (fields) => (fields.email = value)),
    fc.constantFrom('x'.repeat(31), 'a\nb').map((value) => (fields) => (fields.first_name = value)),
    junk.map((value) => (fields) => (fields.jurisdiction_id = `j${value}`)),
    fc
      .constantFrom('javascript:alert(1)', 'ftp://x', 'not a url')
      .map((value) => (fields) => (fields.media_url = value)),
  ];
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

  it('answers a thousand invalid form bodies with 4xx in the spec’s format and stores nothing', async () => {
    const before = (await runtime.scanAll()).filter((item) => item.entity === 'case').length;
    const bodies = fc.sample(request, { numRuns: 1000, seed: 311 });
    const statuses: number[] = [];
    for (let start = 0; start < bodies.length; start += 16) {
      const batch = await Promise.all(
        bodies.slice(start, start + 16).map(async (body) => {
          const response = await runtime.request('/open311/v2/requests.json', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          });
          const errors = (await response.json()) as { code: number; description: string }[];
          expect(errors[0]?.code).toBe(response.status);
          return response.status;
        }),
      );
      statuses.push(...batch);
    }
    expect(statuses.filter((status) => status < 400 || status >= 500)).toEqual([]);
    expect((await runtime.scanAll()).filter((item) => item.entity === 'case')).toHaveLength(before);
  }, 60_000);
});
