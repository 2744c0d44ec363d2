import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case, CaseEvent } from '../../../shared/domain/case/model.ts';
import { checkKey, clientIdOfKey, mayFileFor, newApiKey } from '../../../shared/domain/open311/clients.ts';
import {
  formatOf,
  Open311Error,
  Open311ValidationError,
  open311Request,
  open311Services,
  parseResource,
  serviceDefinition,
  w3cDateTime,
} from '../../../shared/domain/open311/model.ts';
import { placeRequest, townAt } from '../../../shared/domain/open311/place.ts';
import {
  attributeAnswers,
  DESCRIPTION_MAX,
  formFields,
  parseOpen311Post,
  petitionContent,
  petitionerName,
  petitionTitle,
} from '../../../shared/domain/open311/post-request.ts';
import {
  errorFromException,
  errorResponse,
  requestsResponse,
  serviceDefinitionResponse,
  updatesResponse,
} from '../../../shared/domain/open311/render.ts';
import { isUpdateEvent, requestUpdate, statusNotes } from '../../../shared/domain/open311/updates.ts';
import { NotFoundError, PayloadTooLargeError } from '../../../shared/errors/index.ts';
import { TooManyRequestsError } from '../../../shared/http/rate-limit.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';

const never = { isDependencyFailure: () => false };

describe('resources and formats', () => {
  it('splits the format off the last path segment', () => {
    expect(parseResource('services.json')).toEqual({ name: 'services', format: 'json' });
    expect(parseResource('01KCQ8Z3V5W7X9Y1A2B3C4D5E6.xml')).toEqual({
      name: '01KCQ8Z3V5W7X9Y1A2B3C4D5E6',
      format: 'xml',
    });
    for (const bad of ['services', 'services.html', 'a.b.json', '.json', '../x.json', ''])
      expect(parseResource(bad), bad).toBeNull();
    expect(formatOf('requests.XML')).toBe('xml');
    expect(formatOf(undefined)).toBe('json');
  });
});

describe('services', () => {
  it('are the non-confidential categories; those with questions have metadata', () => {
    const services = open311Services(demoCounty);
    expect(services).toHaveLength(demoCounty.categories.filter((category) => !category.confidential).length);
    expect(services.map((service) => service.service_code)).not.toContain('mental-health');
    expect(services.filter((service) => service.metadata).map((service) => service.service_code)).toEqual([
      'construction',
      'transport',
    ]);
  });

  it('define their questions in order, list answers as key and name, in JSON and XML', async () => {
    const construction = demoCounty.categories.find((category) => category.code === 'construction')!;
    const definition = serviceDefinition(construction);
    expect(
      definition.attributes.map((attribute) => [attribute.code, attribute.order, attribute.required]),
    ).toEqual([
      ['problem_kind', 1, true],
      ['streetlight_id', 2, false],
    ]);
    expect(definition.attributes[0]!.values[0]).toEqual({ key: 'light_out', name: '路灯不亮' });
    const xml = (await serviceDefinitionResponse('xml', definition)).body ?? '';
    expect(xml).toContain(
      '<service_definition>\n  <service_code>construction</service_code>\n  <attributes>',
    );
    expect(xml).toContain('<values>\n        <value>\n          <key>light_out</key>');
    expect(xml).toContain('<variable>true</variable>');
  });
});

describe('the public view of a request', () => {
  const item = {
    caseId: '01KCQ8Z3V5W7X9Y1A2B3C4D5E6',
    trackingCode: 'HY-7K3Q-9MXD',
    status: 'acknowledged',
    categoryCode: 'transport',
    unitId: 'dept-transport',
    title: '公交站牌被撞坏',
    content: '张三家门口的公交站牌',
    petitioner: { name: '张三', phone: '13812345678', email: 'z@example.cn', anonymous: false },
    deadlines: { replyBy: { at: '2026-12-14T15:59:59.999Z', provisional: false } },
    createdAt: '2026-12-01T02:00:00.000Z',
    updatedAt: '2026-12-02T03:04:05.000Z',
  } as unknown as Case;

  it('shows status, service, unit and times in Shanghai time, and nothing personal', () => {
    const view = open311Request(item, demoCounty);
    expect(view).toEqual({
      service_request_id: item.caseId,
      status: 'open',
      status_notes: '承办单位正在办理',
      service_name: '交通出行',
      service_code: 'transport',
      agency_responsible: '县交通运输局',
      service_notice: '',
      requested_datetime: '2026-12-01T10:00:00+08:00',
      updated_datetime: '2026-12-02T11:04:05+08:00',
      expected_datetime: '2026-12-14T23:59:59+08:00',
      external_status_code: 'acknowledged',
    });
    expect(JSON.stringify(view)).not.toMatch(/张三|13812345678|z@example|HY-7K3Q|公交站牌/);
  });

  it('is closed when the case is closed, archived or rejected', () => {
    for (const status of ['closed', 'archived', 'rejected'] as const)
      expect(open311Request({ ...item, status }, demoCounty).status).toBe('closed');
    expect(open311Request({ ...item, status: 'registered' }, demoCounty).agency_responsible).toBe('');
  });

  it('formats any instant as W3C date-time with +08:00', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        (date) => {
          const text = w3cDateTime(date.toISOString());
          expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
          expect(Math.floor(new Date(text).getTime() / 1000)).toBe(Math.floor(date.getTime() / 1000));
        },
      ),
    );
  });
});

describe('POST requests', () => {
  const valid = {
    service_code: 'transport',
    address_string: '溪口镇溪口街',
    description: '公交站牌被撞坏，请尽快修复。',
  };

  it('takes the spec’s fields and attribute answers, empty ones counting as absent', () => {
    const form = formFields(
      `${new URLSearchParams({
        ...valid,
        phone: '',
        email: '',
        'attribute[size]': 'big',
        'attribute[kinds][]': 'a',
        lat: '29.6',
        long: '121.2',
      }).toString()}&attribute%5Bkinds%5D%5B%5D=b`,
    );
    expect(form).toEqual({
      fields: { ...valid, lat: '29.6', long: '121.2' },
      attributes: { size: ['big'], kinds: ['a', 'b'] },
    });
    const parsed = parseOpen311Post(form.fields);
    expect(parsed.ok && parsed.value).toMatchObject({ ...valid, lat: 29.6, long: 121.2, dropped: [] });
  });

  it('refuses only what no resend can mend, and reports it all at once', () => {
    const parsed = parseOpen311Post({ lat: '91', phone: '12', email: 'x' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => error.field).sort()).toEqual(
      // lat: out of range, and without long.
      ['address_string', 'description', 'lat', 'lat', 'service_code'].sort(),
    );
  });

  it('counts a \r\n line break once and takes the spec’s 4,000 characters', () => {
    const line = `${'路'.repeat(98)}\r\n`;
    const description = line.repeat(40); // 4,000 characters with \r\n, 3,960 once counted
    const parsed = parseOpen311Post({ ...valid, description });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.description).not.toContain('\r');
    expect([...parsed.value.description]).toHaveLength(3959);
    const exactly = parseOpen311Post({ ...valid, description: '长'.repeat(DESCRIPTION_MAX) });
    expect(exactly.ok).toBe(true);
    const over = parseOpen311Post({ ...valid, description: '长'.repeat(DESCRIPTION_MAX + 1) });
    expect(!over.ok && over.errors).toEqual([
      { field: 'description', message: 'at most 4,000 characters (a line break counts once)' },
    ]);
  });

  it('mends what it can: long names are cut, unusable contact details are left out', () => {
    const parsed = parseOpen311Post({
      ...valid,
      first_name: 'Bartholomew-Alexander Maximilian',
      last_name: `Featherstonehaugh-Cholmondeley\u0007\nthe third`,
      phone: 'call me maybe',
      email: 'not-an-email',
      media_url: 'javascript:alert(1)',
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([...(parsed.value.first_name ?? '')]).toHaveLength(30);
    expect(parsed.value.last_name).toBe('Featherstonehaugh-Cholmondeley');
    expect(parsed.value).not.toHaveProperty('phone');
    expect(parsed.value.dropped).toEqual(['phone', 'email', 'media_url']);
    expect([...(petitionerName(parsed.value) ?? '')].length).toBeLessThanOrEqual(30);
  });

  it('follows the text rules of every channel, mending instead of refusing', () => {
    const parsed = parseOpen311Post({
      ...valid,
      // Decomposed é, a line separator and a C1 control in the text; bidi marks and an override in a name.
      description: 'Cafe\u0301 门口井盖丢失\u2028请修复\u0085谢谢\u0090',
      first_name: '\u200F三\u202E',
      last_name: '\u200B\u2060',
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.description).toBe('Café 门口井盖丢失\n请修复\n谢谢');
    expect(parsed.value.first_name).toBe('三');
    // A name that shows nothing is no name.
    expect(petitionerName(parsed.value)).toBe('三');
    // A description that shows nothing is none: refused, permanently (a resend cannot mend it).
    const invisible = parseOpen311Post({ ...valid, description: '\u200B\u200D\u2060\u3000' });
    expect(!invisible.ok && invisible.errors).toEqual([
      { field: 'description', message: 'description is required' },
    ]);
  });

  it('normalises a +86 mobile like the form does', () => {
    const parsed = parseOpen311Post({ ...valid, phone: '+86 138 1234 5678' });
    expect(parsed.ok && parsed.value.phone).toBe('13812345678');
  });

  it('does not take address_id alone as a location', () => {
    const parsed = parseOpen311Post({
      service_code: 'transport',
      description: '一段足够长的描述',
      address_id: '42',
    });
    expect(!parsed.ok && parsed.errors[0]!.message).toContain('address_id is not supported');
  });

  it('checks answers against the service’s questions', () => {
    const construction = demoCounty.categories.find((category) => category.code === 'construction')!;
    expect(attributeAnswers(construction, {})).toEqual({
      ok: false,
      errors: [{ field: 'attribute[problem_kind]', message: 'required: 问题类型' }],
    });
    expect(attributeAnswers(construction, { problem_kind: ['melted'] }).ok).toBe(false);
    expect(
      attributeAnswers(construction, {
        problem_kind: ['light_out'],
        streetlight_id: ['CG-0127'],
        other: ['x'],
      }),
    ).toEqual({
      ok: true,
      answers: [
        { code: 'problem_kind', question: '问题类型', answer: '路灯不亮' },
        { code: 'streetlight_id', question: '灯杆编号（如有）', answer: 'CG-0127' },
      ],
    });
  });

  it('names the petitioner in the order of their script', () => {
    expect(petitionerName({ first_name: '三', last_name: '张' })).toBe('张三');
    expect(petitionerName({ first_name: 'John', last_name: 'Smith' })).toBe('John Smith');
    expect(petitionerName({})).toBeUndefined();
  });

  it('builds title and content within the petition limits', () => {
    expect([...petitionTitle('交通出行', '长'.repeat(100))]).toHaveLength(60);
    const parsed = parseOpen311Post({
      ...valid,
      lat: '29.6',
      long: '121.2',
      media_url: 'https://example.cn/a.jpg',
    });
    if (!parsed.ok) throw new Error('expected valid');
    expect(
      petitionContent(parsed.value, [{ code: 'bus_line', question: '公交线路（如有）', answer: '3 路' }]),
    ).toBe(
      '公交站牌被撞坏，请尽快修复。\n\n【位置】地址：溪口镇溪口街；坐标：纬度 29.6，经度 121.2\n【补充信息】公交线路（如有）：3 路\n【图片链接】https://example.cn/a.jpg',
    );
  });

  it('never throws on arbitrary form bodies', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (body) => {
        const result = parseOpen311Post(formFields(body).fields);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('placing a report', () => {
  const towns = demoCounty.jurisdictions;

  it('finds the town whose boundary holds the point', () => {
    expect(townAt(29.66, 121.2, towns)).toBe('chengguan');
    expect(townAt(29.6042, 121.2251, towns)).toBe('xikou');
    expect(townAt(29.76, 121.1, towns)).toBe('qingshan');
    expect(townAt(29.6, 121.08, towns)).toBe('baishi');
    expect(townAt(29.66, 121.3, towns)).toBe('dongcheng');
    expect(townAt(31.23, 121.47, towns)).toBeNull();
  });

  it('has boundaries that do not overlap (every sampled point is in at most one town)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 29.45, max: 29.85, noNaN: true }),
        fc.double({ min: 121.0, max: 121.4, noNaN: true }),
        (lat, long) => {
          const holders = towns.filter((town) => townAt(lat, long, [town]) !== null);
          expect(holders.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 2000, seed: 311 },
    );
  });

  it('prefers the town given, then the boundary, then the address, then the county seat — and says which', () => {
    expect(placeRequest({ town: 'baishi', lat: 29.66, long: 121.2 }, towns)).toEqual({
      jurisdictionCode: 'baishi',
      placedBy: 'given',
    });
    expect(placeRequest({ lat: 29.66, long: 121.2, address: '溪口镇' }, towns)).toEqual({
      jurisdictionCode: 'chengguan',
      placedBy: 'boundary',
    });
    expect(placeRequest({ lat: 31.2, long: 121.4, address: '青山镇青山村' }, towns)).toEqual({
      jurisdictionCode: 'qingshan',
      placedBy: 'address',
    });
    expect(placeRequest({ description: '我家门口的路灯坏了' }, towns)).toEqual({
      jurisdictionCode: 'chengguan',
      placedBy: 'county-seat',
    });
  });

  it('falls back to the seat the catalog marks, not to the first town listed', () => {
    const reordered = [...towns].sort((a, b) => a.code.localeCompare(b.code));
    expect(reordered[0]!.code).toBe('baishi');
    expect(placeRequest({}, reordered)).toEqual({ jurisdictionCode: 'chengguan', placedBy: 'county-seat' });
  });
});

describe('updates and status notes', () => {
  const event = (type: CaseEvent['type'], extra: Partial<CaseEvent> = {}): CaseEvent => ({
    caseId: '01KCQ8Z3V5W7X9Y1A2B3C4D5E6',
    version: 7,
    type,
    at: '2026-12-03T01:00:00.000Z',
    actor: { id: 'handler-dept-transport', role: 'handler' },
    changes: {},
    data: {},
    ...extra,
  });

  it('tells fixed, not responsible, no further action and duplicate apart', () => {
    const replied = requestUpdate(
      event('replied', { changes: { reply: { before: null, after: { text: '站牌已于今日修复。' } } } }),
      demoCounty,
    );
    expect(replied).toEqual({
      update_id: '01KCQ8Z3V5W7X9Y1A2B3C4D5E6-7',
      service_request_id: '01KCQ8Z3V5W7X9Y1A2B3C4D5E6',
      status: 'FIXED',
      updated_datetime: '2026-12-03T09:00:00+08:00',
      description: '站牌已于今日修复。',
      media_url: '',
      external_status_code: 'replied',
    });
    const notOurs = requestUpdate(event('rejected', { data: { reason: '属于司法程序' } }), demoCounty);
    expect([notOurs.status, notOurs.external_status_code, notOurs.description]).toEqual([
      'NOT_COUNCILS_RESPONSIBILITY',
      'rejected_not_responsible',
      '不予受理（不属于受理范围）：属于司法程序',
    ]);
    const nothingMore = requestUpdate(
      event('rejected', { data: { reason: '已于上月处理完毕', grounds: 'no-further-action' } }),
      demoCounty,
    );
    expect([nothingMore.status, nothingMore.external_status_code]).toEqual([
      'NO_FURTHER_ACTION',
      'rejected_no_further_action',
    ]);
    expect(requestUpdate(event('duplicateLinked'), demoCounty).status).toBe('DUPLICATE');
    expect(
      requestUpdate(
        event('assigned', { changes: { unitId: { before: null, after: 'dept-transport' } } }),
        demoCounty,
      ).description,
    ).toBe('已交办至县交通运输局');
  });

  it('leaves staff notes, reminders and the client’s own follow-ups out', () => {
    for (const type of ['noted', 'reminded', 'escalated', 'followedUp', 'registered'] as const)
      expect(isUpdateEvent(event(type)), type).toBe(false);
    expect(isUpdateEvent(event('extensionDecided', { data: { approved: false } }))).toBe(false);
    expect(isUpdateEvent(event('extensionDecided', { data: { approved: true } }))).toBe(true);
  });

  it('puts the unit’s reply or the reason into the status notes', () => {
    const reply = { text: '站牌已修复。', at: '', by: '' };
    expect(statusNotes({ status: 'closed', reply })).toBe('站牌已修复。');
    expect(statusNotes({ status: 'rejected', rejection: { reason: '不属实', at: '', by: '' } })).toBe(
      '不予受理（不属于受理范围）：不属实',
    );
    expect(statusNotes({ status: 'assigned', duplicateOf: 'x' })).toBe('重复件：已与其他诉求合并办理');
    expect(statusNotes({ status: 'acknowledged' })).toBe('承办单位正在办理');
  });
});

describe('client keys', () => {
  const client = (key: ReturnType<typeof newApiKey>, revokedAt?: string) => ({
    clientId: 'fms-qingxi',
    name: 'FixMyStreet',
    contact: 'ops@example.cn',
    jurisdictions: ['xikou'],
    keyHash: key.keyHash,
    keyPrefix: key.keyPrefix,
    createdAt: '',
    updatedAt: '',
    keyIssuedAt: '',
    ...(revokedAt ? { revokedAt } : {}),
  });

  it('are long random strings that name their client; only the hash is kept', () => {
    const issued = newApiKey('fms-qingxi');
    expect(issued.key).toMatch(/^hy311\.fms-qingxi\.[A-Za-z0-9_-]{43}$/);
    expect(clientIdOfKey(issued.key)).toBe('fms-qingxi');
    expect(issued.keyHash).not.toContain(issued.key.split('.')[2]!);
    expect(newApiKey('fms-qingxi').key).not.toBe(issued.key);
    expect(clientIdOfKey('hy311.fms-qingxi.short')).toBeNull();
  });

  it('are checked against the stored hash, and stop working once revoked', () => {
    const issued = newApiKey('fms-qingxi');
    expect(checkKey(issued.key, client(issued)).ok).toBe(true);
    expect(checkKey(undefined, client(issued))).toEqual({ ok: false, reason: 'missing' });
    expect(checkKey(newApiKey('fms-qingxi').key, client(issued))).toEqual({ ok: false, reason: 'invalid' });
    expect(checkKey(issued.key, null)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkKey(issued.key, client(issued, '2026-12-01T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'revoked',
    });
  });

  it('file for their towns, or for every town with the county-wide id', () => {
    expect(mayFileFor({ jurisdictions: ['xikou'] }, 'xikou', 'county')).toBe(true);
    expect(mayFileFor({ jurisdictions: ['xikou'] }, 'chengguan', 'county')).toBe(false);
    expect(mayFileFor({ jurisdictions: ['county'] }, 'chengguan', 'county')).toBe(true);
  });
});

describe('responses', () => {
  it('escapes text in XML', async () => {
    const result = await requestsResponse('xml', [
      {
        ...open311Request(
          {
            caseId: 'x',
            status: 'assigned',
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: '2026-01-01T00:00:00Z',
          },
          demoCounty,
        ),
        status_notes: '<script>&',
      },
    ]);
    expect(result.body).toContain('<status_notes>&lt;script&gt;&amp;</status_notes>');
  });

  it('answers a partial list with what fits and one error saying so, in both formats', async () => {
    const notice = { code: 413, description: 'only the first 380 of 400' };
    const xml = (await updatesResponse('xml', [], notice)).body ?? '';
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_request_updates>\n  <errors>\n    <error>\n      <code>413</code>\n      <description>only the first 380 of 400</description>\n    </error>\n  </errors>\n</service_request_updates>\n',
    );
    expect(JSON.parse((await requestsResponse('json', [], notice)).body ?? '')).toEqual([notice]);
  });

  it('maps every failure to the spec’s error list, marking what no resend can mend', async () => {
    const answer = async (error: unknown) => (await errorFromException('json', error, never)).result;
    const status = async (error: unknown) => (await answer(error)).statusCode;
    const code = async (error: unknown) => JSON.parse((await answer(error)).body ?? '')[0].code;
    expect(await status(new Open311ValidationError([{ field: 'a', message: 'b' }]))).toBe(400);
    expect(await code(new Open311ValidationError([{ field: 'a', message: 'b' }]))).toBe('400-permanent');
    expect(await code(new Open311Error(404, 'service_code not found', { permanent: true }))).toBe(
      '404-permanent',
    );
    expect(await code(new Open311Error(404, 'service_request_id not found'))).toBe(404);
    expect(await code(new Open311Error(403, 'api_key is not valid'))).toBe(403);
    expect(await code(new PayloadTooLargeError(10))).toBe('413-permanent');
    expect(await status(new NotFoundError())).toBe(404);
    const limited = await answer(new TooManyRequestsError(42));
    expect([
      limited.statusCode,
      limited.headers?.['retry-after'],
      JSON.parse(limited.body ?? '')[0].code,
    ]).toEqual([429, '42', 429]);
    expect(await errorFromException('json', new Error('boom'), never)).toMatchObject({
      unexpected: true,
      result: { statusCode: 500 },
    });
    const outage = (await errorFromException('xml', new Error('down'), { isDependencyFailure: () => true }))
      .result;
    expect(outage.statusCode).toBe(503);
    expect(outage.headers?.['retry-after']).toBe('5');
    expect(JSON.parse((await errorResponse('json', 400, [{ description: 'x' }])).body ?? '')).toEqual([
      { code: 400, description: 'x' },
    ]);
  });
});
