import { describe, expect, it } from 'vitest';
import { caseStatuses } from '../../../shared/domain/case/model.ts';
import {
  errorCode,
  formatOf,
  Open311Error,
  Open311ValidationError,
  open311Request,
  open311Services,
  open311Status,
  parseResource,
  type RequestFacts,
  serviceDefinition,
  serviceFor,
} from '../../../shared/domain/open311/model.ts';
import type { Category } from '../../../shared/domain/reference/model.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';

/** The public face of services and requests (GeoReport v2), field by field. */

const streetlights: Category = {
  code: 'streetlights',
  nameZh: '路灯',
  nameEn: 'Street lights',
  descriptionZh: '路灯不亮、灯杆损坏',
  confidential: false,
  attributes: [
    {
      code: 'kinds',
      datatype: 'multivaluelist',
      required: false,
      descriptionZh: '哪些问题',
      order: 6,
      values: [],
    },
    { code: 'note', datatype: 'text', required: false, descriptionZh: '补充说明', order: 4 },
    { code: 'pole', datatype: 'string', required: true, descriptionZh: '灯杆编号', order: 1 },
    { code: 'count', datatype: 'number', required: false, descriptionZh: '几盏', order: 2 },
    { code: 'since', datatype: 'datetime', required: false, descriptionZh: '从何时起', order: 3 },
    {
      code: 'kind',
      datatype: 'singlevaluelist',
      required: true,
      descriptionZh: '问题类型',
      order: 5,
      values: [
        { key: 'out', nameZh: '不亮' },
        { key: 'flicker', nameZh: '闪烁' },
      ],
    },
  ],
};
const hotline: Category = {
  code: 'hotline',
  nameZh: '心理援助',
  nameEn: 'Help line',
  descriptionZh: '',
  confidential: true,
};
const catalog = { categories: [streetlights, hotline, { ...streetlights, code: 'plain', attributes: [] }] };

describe('resource names', () => {
  it('take letters, digits, dashes and underscores, up to 60, before .json or .xml', () => {
    expect(parseResource('a_b-C9.xml')).toEqual({ name: 'a_b-C9', format: 'xml' });
    expect(parseResource(`${'x'.repeat(60)}.json`)).toEqual({ name: 'x'.repeat(60), format: 'json' });
    for (const bad of [
      `${'x'.repeat(61)}.json`,
      'services.JSON',
      'servi ces.json',
      'services.json.json',
      'x.jsonx',
    ])
      expect(parseResource(bad), bad).toBeNull();
  });

  it('answer a failure in XML only when the segment ends in .xml, whatever its case', () => {
    expect(formatOf('requests.Xml')).toBe('xml');
    expect(formatOf('requests.json')).toBe('json');
    expect(formatOf('requests.xml.json')).toBe('json');
    expect(formatOf('xml')).toBe('json');
    expect(formatOf('')).toBe('json');
  });
});

describe('services', () => {
  it('list every non-confidential category with the spec’s fields', () => {
    expect(open311Services(catalog)).toEqual([
      {
        service_code: 'streetlights',
        service_name: '路灯',
        description: '路灯不亮、灯杆损坏',
        metadata: true,
        type: 'realtime',
        keywords: 'Street lights',
        group: '',
      },
      {
        service_code: 'plain',
        service_name: '路灯',
        description: '路灯不亮、灯杆损坏',
        metadata: false,
        type: 'realtime',
        keywords: 'Street lights',
        group: '',
      },
    ]);
  });

  it('are found by code, never a confidential one', () => {
    expect(serviceFor(catalog, 'streetlights')).toBe(streetlights);
    expect(serviceFor(catalog, 'hotline')).toBeNull();
    expect(serviceFor(catalog, 'nothing')).toBeNull();
    expect(serviceFor(demoCounty, 'mental-health')).toBeNull();
    expect(serviceFor(demoCounty, 'transport')?.nameZh).toBe('交通出行');
  });

  it('define their questions in order, each datatype described in words, lists with their choices', () => {
    const definition = serviceDefinition(streetlights);
    expect(definition.service_code).toBe('streetlights');
    expect(
      definition.attributes.map((attribute) => [
        attribute.order,
        attribute.code,
        attribute.datatype_description,
      ]),
    ).toEqual([
      [1, 'pole', '一行文字'],
      [2, 'count', '数字'],
      [3, 'since', 'W3C 日期时间'],
      [4, 'note', '多行文字'],
      [5, 'kind', '从列表中选一项（填 key）'],
      [6, 'kinds', '从列表中选多项（每项一个 key）'],
    ]);
    expect(definition.attributes[4]).toEqual({
      variable: true,
      code: 'kind',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: '从列表中选一项（填 key）',
      order: 5,
      description: '问题类型',
      values: [
        { key: 'out', name: '不亮' },
        { key: 'flicker', name: '闪烁' },
      ],
    });
    expect(definition.attributes[0]!.values).toEqual([]);
    // The catalog's own order is left as it was.
    expect(streetlights.attributes?.[0]?.code).toBe('kinds');
    expect(serviceDefinition(hotline)).toEqual({ service_code: 'hotline', attributes: [] });
  });
});

describe('requests', () => {
  it('are closed once closed, archived or rejected, and open in every other state', () => {
    const closed = caseStatuses.filter((status) => open311Status(status) === 'closed');
    expect(closed.sort()).toEqual(['archived', 'closed', 'rejected']);
  });

  const facts: RequestFacts = {
    caseId: 'c1',
    status: 'assigned',
    categoryCode: 'transport',
    unitId: 'dept-transport',
    createdAt: '2026-12-01T02:00:00.000Z',
    updatedAt: '2026-12-01T02:00:00.000Z',
  };

  it('name the unit once one is responsible, and leave what is unknown empty', () => {
    expect(open311Request(facts, demoCounty).agency_responsible).toBe('县交通运输局');
    // A registered case has no responsible unit yet, whatever a stale unit id says.
    expect(open311Request({ ...facts, status: 'registered' }, demoCounty).agency_responsible).toBe('');
    const bare = open311Request(
      { caseId: 'c2', status: 'registered', createdAt: facts.createdAt, updatedAt: facts.updatedAt },
      demoCounty,
    );
    expect(bare).toMatchObject({
      service_name: '',
      service_code: '',
      agency_responsible: '',
      expected_datetime: '',
      status_notes: '已登记，正在分派承办单位',
      external_status_code: 'registered',
    });
    expect(open311Request({ ...facts, unitId: 'no-such-unit' }, demoCounty).agency_responsible).toBe('');
    expect(open311Request({ ...facts, categoryCode: 'no-such' }, demoCounty).service_code).toBe('');
  });
});

describe('errors', () => {
  it('carry their status, whether a resend can help, and when to try again', () => {
    const plain = new Open311Error(404, 'service_request_id not found');
    expect([plain.name, plain.status, plain.message, plain.permanent]).toEqual([
      'Open311Error',
      404,
      'service_request_id not found',
      false,
    ]);
    expect(plain.retryAfterSeconds).toBeUndefined();
    const busy = new Open311Error(429, 'slow down', { retryAfterSeconds: 30 });
    expect([busy.retryAfterSeconds, busy.permanent]).toEqual([30, false]);
    expect(new Open311Error(400, 'no', { permanent: true }).permanent).toBe(true);
    const invalid = new Open311ValidationError([{ field: 'lat', message: 'must be a decimal number' }]);
    expect([invalid.name, invalid.message, invalid.errors]).toEqual([
      'Open311ValidationError',
      'invalid Open311 request',
      [{ field: 'lat', message: 'must be a decimal number' }],
    ]);
  });

  it('are coded with the status, marked permanent when resending cannot help', () => {
    expect(errorCode(400, true)).toBe('400-permanent');
    expect(errorCode(400, false)).toBe(400);
  });
});
