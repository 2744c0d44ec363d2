import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain/case/model.ts';
import {
  formatOf,
  Open311Error,
  Open311ValidationError,
  open311Request,
  open311Services,
  parseResource,
  w3cDateTime,
} from '../../../shared/domain/open311/model.ts';
import {
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
} from '../../../shared/domain/open311/render.ts';
import { NotFoundError, PayloadTooLargeError } from '../../../shared/errors/index.ts';
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
  it('are the non-confidential categories', () => {
    const services = open311Services(demoCounty);
    expect(services).toHaveLength(demoCounty.categories.filter((category) => !category.confidential).length);
    expect(services.map((service) => service.service_code)).not.toContain('mental-health');
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

  it('accepts the spec’s fields, empty ones counting as absent', () => {
    const fields = formFields(
      new URLSearchParams({
        ...valid,
        phone: '',
        email: '',
        'attribute[size]': 'big',
        lat: '29.6',
        long: '121.2',
      }).toString(),
    );
    expect(fields).toEqual({ ...valid, lat: '29.6', long: '121.2' });
    const parsed = parseOpen311Post(fields);
    expect(parsed.ok && parsed.value).toMatchObject({ ...valid, lat: 29.6, long: 121.2 });
  });

  it('reports every problem at once', () => {
    const parsed = parseOpen311Post({ lat: '91', phone: '12', email: 'x' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => error.field).sort()).toEqual(
      ['address_string', 'description', 'email', 'lat', 'lat', 'phone', 'service_code'].sort(),
    );
  });

  it('does not take address_id alone as a location', () => {
    const parsed = parseOpen311Post({
      service_code: 'transport',
      description: '一段足够长的描述',
      address_id: '42',
    });
    expect(!parsed.ok && parsed.errors[0]!.message).toContain('address_id is not supported');
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
    expect(petitionContent(parsed.value)).toBe(
      '公交站牌被撞坏，请尽快修复。\n\n【位置】地址：溪口镇溪口街；坐标：纬度 29.6，经度 121.2\n【图片链接】https://example.cn/a.jpg',
    );
  });

  it('never throws on arbitrary form bodies', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (body) => {
        const result = parseOpen311Post(formFields(body));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
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

  it('maps every failure to the spec’s error list with the right status', async () => {
    const status = async (error: unknown) =>
      (await errorFromException('json', error, never)).result.statusCode;
    expect(await status(new Open311ValidationError([{ field: 'a', message: 'b' }]))).toBe(400);
    expect(await status(new Open311Error(404, 'service_code not found'))).toBe(404);
    expect(await status(new PayloadTooLargeError(10))).toBe(413);
    expect(await status(new NotFoundError())).toBe(404);
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
