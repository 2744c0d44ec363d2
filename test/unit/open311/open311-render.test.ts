import { describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedError } from '../../../shared/domain/case/errors.ts';
import {
  Open311Error,
  Open311ValidationError,
  open311Request,
  serviceDefinition,
} from '../../../shared/domain/open311/model.ts';
import {
  createdResponse,
  type Discovery,
  discoveryResponse,
  errorFromException,
  errorResponse,
  open311ContentTypes,
  requestsResponse,
  serviceDefinitionResponse,
  servicesResponse,
  updateCreatedResponse,
  updatesResponse,
} from '../../../shared/domain/open311/render.ts';
import {
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../shared/errors/index.ts';
import type { HttpResult } from '../../../shared/http/types.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';

/** Open311 answers byte for byte in both formats, with the headers every answer carries. */

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
const never = { isDependencyFailure: () => false };
const json = (result: HttpResult) => JSON.parse(result.body ?? '');

function expectCommonHeaders(result: HttpResult, format: 'json' | 'xml', cacheControl = 'no-store') {
  expect(result.headers).toMatchObject({
    'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
    'cache-control': cacheControl,
  });
}

describe('content types', () => {
  it('are JSON and the spec’s text/xml, both UTF-8', () => {
    expect(open311ContentTypes).toEqual({
      json: 'application/json; charset=utf-8',
      xml: 'text/xml; charset=utf-8',
    });
  });
});

describe('services and their definitions', () => {
  const service = {
    service_code: 'roads',
    service_name: '道路',
    description: '',
    metadata: false,
    type: 'realtime',
    keywords: 'Roads',
    group: '',
  } as const;

  it('list services as an array, or as services/service, cacheable for five minutes', async () => {
    const asJson = await servicesResponse('json', [service]);
    expect([asJson.statusCode, json(asJson)]).toEqual([200, [service]]);
    expectCommonHeaders(asJson, 'json', 'public, max-age=300');
    const asXml = await servicesResponse('xml', [service]);
    expectCommonHeaders(asXml, 'xml', 'public, max-age=300');
    expect(asXml.body).toBe(
      `${DECLARATION}<services>\n  <service>\n    <service_code>roads</service_code>\n    <service_name>道路</service_name>\n    <description></description>\n    <metadata>false</metadata>\n    <type>realtime</type>\n    <keywords>Roads</keywords>\n    <group></group>\n  </service>\n</services>\n`,
    );
  });

  it('answer an empty list as an empty array or an empty wrapper', async () => {
    expect((await servicesResponse('json', [])).body).toBe('[]');
    expect((await servicesResponse('xml', [])).body).toBe(`${DECLARATION}<services></services>\n`);
    expect((await updatesResponse('xml', [])).body).toBe(
      `${DECLARATION}<service_request_updates></service_request_updates>\n`,
    );
  });

  it('give a definition without questions an empty attributes element, and a question without choices empty values', async () => {
    const plain = serviceDefinition({
      code: 'roads',
      nameZh: '道路',
      nameEn: 'Roads',
      descriptionZh: '',
      confidential: false,
    });
    const asXml = await serviceDefinitionResponse('xml', plain);
    expectCommonHeaders(asXml, 'xml', 'public, max-age=300');
    expect(asXml.body).toBe(
      `${DECLARATION}<service_definition>\n  <service_code>roads</service_code>\n  <attributes></attributes>\n</service_definition>\n`,
    );
    const withQuestion = serviceDefinition({
      code: 'roads',
      nameZh: '道路',
      nameEn: 'Roads',
      descriptionZh: '',
      confidential: false,
      attributes: [{ code: 'where', datatype: 'string', required: false, descriptionZh: '位置', order: 1 }],
    });
    expect((await serviceDefinitionResponse('xml', withQuestion)).body).toContain('<values></values>');
    const asJson = await serviceDefinitionResponse('json', withQuestion);
    expectCommonHeaders(asJson, 'json', 'public, max-age=300');
    expect(json(asJson)).toEqual(withQuestion);
  });
});

describe('lists of requests and updates', () => {
  it('wrap each request in request and each update in request_update in XML', async () => {
    const requests = await requestsResponse('xml', [
      open311Request(
        {
          caseId: 'c1',
          status: 'assigned',
          createdAt: '2026-12-01T00:00:00Z',
          updatedAt: '2026-12-01T00:00:00Z',
        },
        demoCounty,
      ),
    ]);
    expectCommonHeaders(requests, 'xml');
    expect(requests.body).toMatch(
      /^<\?xml version="1\.0" encoding="utf-8"\?>\n<service_requests>\n {2}<request>\n {4}<service_request_id>c1<\/service_request_id>\n[\s\S]*<\/request>\n<\/service_requests>\n$/,
    );
    const updates = await updatesResponse('xml', [
      {
        update_id: 'c1-2',
        service_request_id: 'c1',
        status: 'OPEN',
        updated_datetime: '2026-12-01T08:00:00+08:00',
        description: '已交办',
        media_url: '',
        external_status_code: 'assigned',
      },
    ]);
    expect(updates.body).toBe(
      `${DECLARATION}<service_request_updates>\n  <request_update>\n    <update_id>c1-2</update_id>\n    <service_request_id>c1</service_request_id>\n    <status>OPEN</status>\n    <updated_datetime>2026-12-01T08:00:00+08:00</updated_datetime>\n    <description>已交办</description>\n    <media_url></media_url>\n    <external_status_code>assigned</external_status_code>\n  </request_update>\n</service_request_updates>\n`,
    );
  });
});

describe('created requests and updates', () => {
  it('answer 201 with the new id in a one-item list, marking a replay', async () => {
    const first = await createdResponse(
      'json',
      { service_request_id: 'c1', service_notice: '' },
      { replayed: false },
    );
    expect([first.statusCode, json(first)]).toEqual([
      201,
      [{ service_request_id: 'c1', service_notice: '' }],
    ]);
    expectCommonHeaders(first, 'json');
    expect(first.headers).not.toHaveProperty('idempotent-replayed');
    const replay = await createdResponse(
      'xml',
      { service_request_id: 'c1', service_notice: '未使用电话' },
      { replayed: true },
    );
    expect([replay.statusCode, replay.headers?.['idempotent-replayed']]).toEqual([201, 'true']);
    expect(replay.body).toBe(
      `${DECLARATION}<service_requests>\n  <request>\n    <service_request_id>c1</service_request_id>\n    <service_notice>未使用电话</service_notice>\n  </request>\n</service_requests>\n`,
    );
  });

  it('answer an update taken with 201 and its id, marking a replay', async () => {
    const first = await updateCreatedResponse('xml', { update_id: 'c1-9' }, { replayed: false });
    expect(first.statusCode).toBe(201);
    expect(first.headers).not.toHaveProperty('idempotent-replayed');
    expect(first.body).toBe(
      `${DECLARATION}<service_request_updates>\n  <request_update>\n    <update_id>c1-9</update_id>\n  </request_update>\n</service_request_updates>\n`,
    );
    const replay = await updateCreatedResponse('json', { update_id: 'c1-9' }, { replayed: true });
    expect([replay.statusCode, replay.headers?.['idempotent-replayed'], json(replay)]).toEqual([
      201,
      'true',
      [{ update_id: 'c1-9' }],
    ]);
  });
});

describe('discovery', () => {
  const discovery: Discovery = {
    changeset: '2026-12-01T00:00:00+08:00',
    contact: 'ops@example.cn',
    key_service: 'https://example.cn/keys',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'https://example.cn/open311/v2',
        changeset: '2026-12-01T00:00:00+08:00',
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };

  it('is the document itself in JSON', async () => {
    const result = await discoveryResponse('json', discovery);
    expect([result.statusCode, json(result)]).toEqual([200, discovery]);
    expectCommonHeaders(result, 'json');
  });

  it('wraps endpoints and formats in XML', async () => {
    const result = await discoveryResponse('xml', discovery);
    expectCommonHeaders(result, 'xml');
    expect(result.body).toBe(
      `${DECLARATION}<discovery>\n  <changeset>2026-12-01T00:00:00+08:00</changeset>\n  <contact>ops@example.cn</contact>\n  <key_service>https://example.cn/keys</key_service>\n  <endpoints>\n    <endpoint>\n      <specification>http://wiki.open311.org/GeoReport_v2</specification>\n      <url>https://example.cn/open311/v2</url>\n      <changeset>2026-12-01T00:00:00+08:00</changeset>\n      <type>production</type>\n      <formats>\n        <format>application/json</format>\n        <format>text/xml</format>\n      </formats>\n    </endpoint>\n  </endpoints>\n</discovery>\n`,
    );
  });
});

describe('errors', () => {
  it('are a list of code and description, in XML errors/error', async () => {
    const result = await errorResponse('xml', 404, [{ description: 'service_code not found' }], {
      permanent: true,
    });
    expect(result.statusCode).toBe(404);
    expectCommonHeaders(result, 'xml');
    expect(result.body).toBe(
      `${DECLARATION}<errors>\n  <error>\n    <code>404-permanent</code>\n    <description>service_code not found</description>\n  </error>\n</errors>\n`,
    );
    const extra = await errorResponse('json', 429, [{ description: 'a' }, { description: 'b' }], {
      headers: { 'retry-after': '9' },
    });
    expect([extra.headers?.['retry-after'], json(extra)]).toEqual([
      '9',
      [
        { code: 429, description: 'a' },
        { code: 429, description: 'b' },
      ],
    ]);
  });

  const answer = async (error: unknown, classify = never) => {
    const { result, unexpected } = await errorFromException('json', error, classify);
    return {
      status: result.statusCode,
      body: json(result),
      retryAfter: result.headers?.['retry-after'],
      unexpected,
    };
  };

  it('give each field error of a refused Open311 post as field: message, permanently', async () => {
    expect(
      await answer(
        new Open311ValidationError([
          { field: 'lat', message: 'lat and long go together' },
          { field: 'attribute[kind]', message: 'not one of out, bent' },
        ]),
      ),
    ).toEqual({
      status: 400,
      body: [
        { code: '400-permanent', description: 'lat: lat and long go together' },
        { code: '400-permanent', description: 'attribute[kind]: not one of out, bent' },
      ],
      retryAfter: undefined,
      unexpected: false,
    });
  });

  it('give each field error of a refused post, permanently', async () => {
    expect(
      await answer(
        new ValidationError([
          { field: 'lat', message: 'must be a decimal number' },
          { field: '', message: 'body is empty' },
        ]),
      ),
    ).toEqual({
      status: 400,
      body: [
        { code: 400, description: 'lat: must be a decimal number' },
        { code: 400, description: 'request: body is empty' },
      ],
      retryAfter: undefined,
      unexpected: false,
    });
  });

  it('give a client error’s English title when it names no fields', async () => {
    expect(await answer(new ValidationError([]))).toMatchObject({
      status: 400,
      body: [{ code: 400, description: 'Invalid request' }],
    });
    expect(await answer(new ForbiddenError())).toMatchObject({
      status: 403,
      body: [{ code: 403, description: 'Your role may not use this' }],
      retryAfter: undefined,
    });
    expect(await answer(new UnsupportedMediaTypeError('application/x-www-form-urlencoded'))).toMatchObject({
      status: 415,
      body: [{ code: 415, description: 'Content-Type must be application/x-www-form-urlencoded' }],
    });
  });

  it('mark only what the same request can never pass as permanent', async () => {
    expect((await answer(new IdempotencyKeyReusedError())).body[0].code).toBe('422-permanent');
    // A conflict may clear: somebody else's change is over by the next try.
    expect((await answer(new ConflictError({ zh: '冲突', en: 'Conflict' }))).body).toEqual([
      { code: 409, description: 'Conflict' },
    ]);
  });

  it('say when to try again for a refusal that carries the time', async () => {
    expect(await answer(new Open311Error(429, 'too many', { retryAfterSeconds: 60 }))).toEqual({
      status: 429,
      body: [{ code: 429, description: 'too many' }],
      retryAfter: '60',
      unexpected: false,
    });
    expect((await answer(new Open311Error(404, 'no'))).retryAfter).toBeUndefined();
  });

  it('answer an outage 503 with Retry-After, however it is raised', async () => {
    const outage = {
      status: 503,
      body: [{ code: 503, description: 'service temporarily unavailable; retry later' }],
      retryAfter: '5',
      unexpected: false,
    };
    expect(await answer(new DependencyUnavailableError('dynamodb'))).toEqual(outage);
    expect(await answer(new Error('socket hang up'), { isDependencyFailure: () => true })).toEqual(outage);
  });

  it('answer anything else 500 without details, flagged for the log', async () => {
    expect(await answer(new TypeError('x is undefined'))).toEqual({
      status: 500,
      body: [{ code: 500, description: 'internal error' }],
      retryAfter: undefined,
      unexpected: true,
    });
    expect((await answer('a string thrown')).status).toBe(500);
  });

  it('answer in XML when the client asked for XML', async () => {
    const { result } = await errorFromException('xml', new Open311Error(403, 'api_key is not valid'), never);
    expect(result.body).toBe(
      `${DECLARATION}<errors>\n  <error>\n    <code>403</code>\n    <description>api_key is not valid</description>\n  </error>\n</errors>\n`,
    );
  });
});
