import { describe, expect, it } from 'vitest';
import {
  boundarySchema,
  categoryAttributeSchema,
  categorySchema,
  jurisdictionSchema,
  listedJurisdiction,
  listedJurisdictionSchema,
  PETITION_OFFICE_UNIT_ID,
  routingRuleSchema,
  studioSchema,
  unitSchema,
} from '../../../shared/domain/reference/model.ts';

/** The reference data admins maintain: what is accepted at each limit, and the message when it is not. */

const ok = (schema: { safeParse: (value: unknown) => { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;
const message = (
  schema: { safeParse: (value: unknown) => { error?: { issues: { message: string }[] } } },
  value: unknown,
) => schema.safeParse(value).error?.issues[0]?.message;

describe('codes and categories', () => {
  const category = { code: 'roads', nameZh: '道路', nameEn: 'Roads', descriptionZh: '' };

  it('takes codes of 2 to 40 lower-case letters, digits and dashes, not starting with a dash', () => {
    expect(categorySchema.parse(category)).toEqual({ ...category, confidential: false });
    for (const code of ['ab', '9-a', `a${'b'.repeat(39)}`])
      expect(ok(categorySchema, { ...category, code })).toBe(true);
    for (const code of ['a', '-ab', 'Ab', `a${'b'.repeat(40)}`, 'a_b', ' ab', 'ab '])
      expect(message(categorySchema, { ...category, code })).toBe(
        '只能用小写字母、数字和连字符，2–40 个字符 / lower-case letters, digits and dashes',
      );
  });

  it('limits names and the description', () => {
    expect(ok(categorySchema, { ...category, nameZh: '' })).toBe(false);
    expect(ok(categorySchema, { ...category, nameZh: '路'.repeat(30) })).toBe(true);
    expect(ok(categorySchema, { ...category, nameZh: '路'.repeat(31) })).toBe(false);
    expect(ok(categorySchema, { ...category, nameEn: '' })).toBe(false);
    expect(ok(categorySchema, { ...category, nameEn: 'r'.repeat(60) })).toBe(true);
    expect(ok(categorySchema, { ...category, nameEn: 'r'.repeat(61) })).toBe(false);
    expect(ok(categorySchema, { ...category, descriptionZh: '说'.repeat(80) })).toBe(true);
    expect(ok(categorySchema, { ...category, descriptionZh: '说'.repeat(81) })).toBe(false);
    expect(categorySchema.parse({ ...category, confidential: true }).confidential).toBe(true);
  });

  it('asks extra questions with unique codes', () => {
    const attribute = { code: 'pole_no', datatype: 'string', descriptionZh: '灯杆编号', order: 1 };
    expect(categoryAttributeSchema.parse(attribute)).toEqual({ ...attribute, required: false });
    expect(ok(categorySchema, { ...category, attributes: [attribute, { ...attribute, code: 'side' }] })).toBe(
      true,
    );
    expect(message(categorySchema, { ...category, attributes: [attribute, attribute] })).toBe(
      'attribute codes are unique',
    );
    expect(ok(categorySchema, { ...category, attributes: Array(21).fill(attribute) })).toBe(false);
    for (const code of ['a', `a${'b'.repeat(39)}`, 'a_1'])
      expect(ok(categoryAttributeSchema, { ...attribute, code })).toBe(true);
    for (const code of ['1a', '_a', 'A', `a${'b'.repeat(40)}`, 'a-b', ' a'])
      expect(message(categoryAttributeSchema, { ...attribute, code })).toBe(
        'lower-case letters, digits and underscores',
      );
    expect(ok(categoryAttributeSchema, { ...attribute, datatype: 'boolean' })).toBe(false);
    expect(ok(categoryAttributeSchema, { ...attribute, descriptionZh: '' })).toBe(false);
    expect(ok(categoryAttributeSchema, { ...attribute, descriptionZh: '问'.repeat(80) })).toBe(true);
    expect(ok(categoryAttributeSchema, { ...attribute, descriptionZh: '问'.repeat(81) })).toBe(false);
    for (const order of [0, 101, 1.5])
      expect(ok(categoryAttributeSchema, { ...attribute, order })).toBe(false);
    expect(ok(categoryAttributeSchema, { ...attribute, order: 100 })).toBe(true);
    const value = { key: 'north_side-1', nameZh: '北侧' };
    expect(ok(categoryAttributeSchema, { ...attribute, values: [value] })).toBe(true);
    expect(ok(categoryAttributeSchema, { ...attribute, values: Array(50).fill(value) })).toBe(true);
    expect(ok(categoryAttributeSchema, { ...attribute, values: Array(51).fill(value) })).toBe(false);
    for (const key of ['', 'A', 'k'.repeat(41), 'a b', ' a', 'a '])
      expect(ok(categoryAttributeSchema, { ...attribute, values: [{ ...value, key }] })).toBe(false);
    expect(ok(categoryAttributeSchema, { ...attribute, values: [{ ...value, key: 'k'.repeat(40) }] })).toBe(
      true,
    );
    expect(ok(categoryAttributeSchema, { ...attribute, values: [{ ...value, nameZh: '' }] })).toBe(false);
    expect(
      ok(categoryAttributeSchema, { ...attribute, values: [{ ...value, nameZh: '北'.repeat(40) }] }),
    ).toBe(true);
    expect(
      ok(categoryAttributeSchema, { ...attribute, values: [{ ...value, nameZh: '北'.repeat(41) }] }),
    ).toBe(false);
  });
});

describe('boundaries of towns', () => {
  const square = [
    [120, 30],
    [120.1, 30],
    [120.1, 30.1],
    [120, 30],
  ];

  it('takes closed rings of WGS 84 positions, as a polygon or several', () => {
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: [square] })).toBe(true);
    expect(ok(boundarySchema, { type: 'MultiPolygon', coordinates: [[square], [square, square]] })).toBe(
      true,
    );
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: [] })).toBe(false);
    expect(ok(boundarySchema, { type: 'MultiPolygon', coordinates: [] })).toBe(false);
    expect(ok(boundarySchema, { type: 'MultiPolygon', coordinates: [[]] })).toBe(false);
    expect(ok(boundarySchema, { type: 'Point', coordinates: [120, 30] })).toBe(false);
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: Array(50).fill(square) })).toBe(true);
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: Array(51).fill(square) })).toBe(false);
    expect(ok(boundarySchema, { type: 'MultiPolygon', coordinates: [Array(51).fill(square)] })).toBe(false);
    expect(ok(boundarySchema, { type: 'MultiPolygon', coordinates: Array(50).fill([square]) })).toBe(true);
    expect(ok(boundarySchema, { type: 'MultiPolygon', coordinates: Array(51).fill([square]) })).toBe(false);
  });

  it('refuses a ring that does not end where it starts, is too short, or leaves the globe', () => {
    const open = [...square.slice(0, 3), [120, 30.05]];
    expect(message(boundarySchema, { type: 'Polygon', coordinates: [open] })).toBe(
      'a ring ends where it starts',
    );
    const openInLatitude = [...square.slice(0, 3), [120, 30.1]];
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: [openInLatitude] })).toBe(false);
    const openInLongitude = [...square.slice(0, 3), [120.1, 30]];
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: [openInLongitude] })).toBe(false);
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] })).toBe(
      false,
    );
    const long = [...Array.from({ length: 1999 }, (_, i) => [120 + i / 1e5, 30]), [120, 30]];
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: [long] })).toBe(true);
    expect(ok(boundarySchema, { type: 'Polygon', coordinates: [[[121, 30], ...long]] })).toBe(false);
    for (const [lon, lat, good] of [
      [180, 90, true],
      [-180, -90, true],
      [180.1, 0, false],
      [-180.1, 0, false],
      [0, 90.1, false],
      [0, -90.1, false],
    ] as const) {
      const ring = [
        [lon, lat],
        [0, 0],
        [1, 1],
        [lon, lat],
      ];
      expect(ok(boundarySchema, { type: 'Polygon', coordinates: [ring] })).toBe(good);
    }
  });
});

describe('towns, studios, units and routing rules', () => {
  const town = { code: 'chengguan', nameZh: '城关镇', kind: 'town' };

  it('lists a town without its boundary', () => {
    const boundary = {
      type: 'Polygon',
      coordinates: [
        [
          [120, 30],
          [121, 30],
          [121, 31],
          [120, 30],
        ],
      ],
    } as const;
    const parsed = jurisdictionSchema.parse({ ...town, countySeat: true, boundary });
    expect(listedJurisdiction(parsed)).toEqual({ ...town, countySeat: true });
    expect(listedJurisdictionSchema.parse({ ...town, boundary })).toEqual(town);
    for (const kind of ['town', 'street', 'township'])
      expect(ok(jurisdictionSchema, { ...town, kind })).toBe(true);
    expect(ok(jurisdictionSchema, { ...town, kind: 'village' })).toBe(false);
    expect(ok(jurisdictionSchema, { ...town, nameZh: '' })).toBe(false);
    expect(ok(jurisdictionSchema, { ...town, nameZh: '镇'.repeat(31) })).toBe(false);
  });

  it('checks a studio', () => {
    const studio = {
      studioId: 'studio-cg',
      nameZh: '城关代表工作室',
      jurisdictionCode: 'chengguan',
      address: '',
      triageUnitId: 'petition-office',
    };
    expect(ok(studioSchema, studio)).toBe(true);
    expect(ok(studioSchema, { ...studio, nameZh: '' })).toBe(false);
    expect(ok(studioSchema, { ...studio, nameZh: '室'.repeat(40) })).toBe(true);
    expect(ok(studioSchema, { ...studio, nameZh: '室'.repeat(41) })).toBe(false);
    expect(ok(studioSchema, { ...studio, address: '路'.repeat(80) })).toBe(true);
    expect(ok(studioSchema, { ...studio, address: '路'.repeat(81) })).toBe(false);
    const representative = { representativeId: 'r1', name: '王芳' };
    expect(ok(studioSchema, { ...studio, representatives: Array(50).fill(representative) })).toBe(true);
    expect(ok(studioSchema, { ...studio, representatives: Array(51).fill(representative) })).toBe(false);
  });

  it('checks a unit and its delivery', () => {
    const unit = {
      unitId: 'dept-water',
      nameZh: '县水利局',
      nameEn: 'County Water Bureau',
      kind: 'department',
    };
    expect(unitSchema.parse(unit)).toEqual({ ...unit, delivery: 'console' });
    for (const kind of ['department', 'serviceTeam', 'petitionOffice', 'studio'])
      expect(ok(unitSchema, { ...unit, kind })).toBe(true);
    expect(ok(unitSchema, { ...unit, kind: 'school' })).toBe(false);
    for (const delivery of ['console', 'email', 'webhook'])
      expect(ok(unitSchema, { ...unit, delivery })).toBe(true);
    expect(ok(unitSchema, { ...unit, delivery: 'fax' })).toBe(false);
    expect(ok(unitSchema, { ...unit, nameZh: '局'.repeat(40) })).toBe(true);
    expect(ok(unitSchema, { ...unit, nameZh: '局'.repeat(41) })).toBe(false);
    expect(ok(unitSchema, { ...unit, nameZh: '' })).toBe(false);
    expect(ok(unitSchema, { ...unit, nameEn: 'b'.repeat(80) })).toBe(true);
    expect(ok(unitSchema, { ...unit, nameEn: 'b'.repeat(81) })).toBe(false);
    expect(ok(unitSchema, { ...unit, nameEn: '' })).toBe(false);
    expect(ok(unitSchema, { ...unit, contactEmail: 'water@example.cn' })).toBe(true);
    expect(ok(unitSchema, { ...unit, contactEmail: 'water' })).toBe(false);
    expect(ok(unitSchema, { ...unit, webhookUrl: 'https://hooks.example.cn/x' })).toBe(true);
    expect(ok(unitSchema, { ...unit, webhookUrl: 'http://hooks.example.cn/x' })).toBe(true);
    expect(ok(unitSchema, { ...unit, webhookUrl: 'ftp://hooks.example.cn/x' })).toBe(false);
    expect(ok(unitSchema, { ...unit, webhookUrl: 'xhttps://hooks.example.cn/x' })).toBe(false);
    expect(ok(unitSchema, { ...unit, webhookUrl: 'httpsx://hooks.example.cn/x' })).toBe(false);
    expect(ok(unitSchema, { ...unit, helpMailboxStaff: Array(20).fill('h'.repeat(60)) })).toBe(true);
    expect(ok(unitSchema, { ...unit, helpMailboxStaff: Array(21).fill('h') })).toBe(false);
    expect(ok(unitSchema, { ...unit, helpMailboxStaff: ['h'.repeat(61)] })).toBe(false);
    expect(ok(unitSchema, { ...unit, helpMailboxStaff: [''] })).toBe(false);
    expect(PETITION_OFFICE_UNIT_ID).toBe('petition-office');
  });

  it('checks a routing rule, with keywords that keep two characters when folded', () => {
    const rule = { ruleId: 'R12', unitId: 'dept-water', priority: 10 };
    expect(routingRuleSchema.parse(rule)).toEqual({
      ...rule,
      categoryCodes: [],
      jurisdictionCodes: [],
      keywords: [],
      channels: [],
      enabled: true,
    });
    for (const ruleId of ['R1', 'R99999']) expect(ok(routingRuleSchema, { ...rule, ruleId })).toBe(true);
    for (const ruleId of ['R', 'R123456', 'r12', 'X12', 'R12x', 'xR12'])
      expect(message(routingRuleSchema, { ...rule, ruleId })).toBe(
        '规则编号为 R 加数字，如 R12 / a rule number such as R12',
      );
    for (const priority of [0, 1000]) expect(ok(routingRuleSchema, { ...rule, priority })).toBe(true);
    for (const priority of [-1, 1001, 1.5]) expect(ok(routingRuleSchema, { ...rule, priority })).toBe(false);
    expect(ok(routingRuleSchema, { ...rule, keywords: ['水渠'] })).toBe(true);
    expect(message(routingRuleSchema, { ...rule, keywords: ['水 '] })).toBe(
      '关键词至少 2 个字（不计空格） / a keyword needs at least 2 characters besides spaces',
    );
    expect(ok(routingRuleSchema, { ...rule, keywords: ['水'.repeat(20)] })).toBe(true);
    expect(ok(routingRuleSchema, { ...rule, keywords: ['水'.repeat(21)] })).toBe(false);
    for (const channel of ['web', 'email', 'letter', 'visit', 'open311'])
      expect(ok(routingRuleSchema, { ...rule, channels: [channel] })).toBe(true);
    expect(ok(routingRuleSchema, { ...rule, channels: ['sms'] })).toBe(false);
    expect(routingRuleSchema.parse({ ...rule, enabled: false }).enabled).toBe(false);
  });
});
