import { describe, expect, it } from 'vitest';
import {
  attributeAnswers,
  formFields,
  NAME_MAX,
  normaliseText,
  oneLine,
  parseOpen311Post,
  petitionContent,
  petitionerName,
  petitionTitle,
} from '../../../shared/domain/open311/post-request.ts';
import type { Category } from '../../../shared/domain/reference/model.ts';
import { TITLE_MAX } from '../../../shared/schemas/petition.ts';

/**
 * `POST requests` field by field: what is refused (only what no resend can mend), what is mended, and the
 * petition a valid post becomes. The whole-flow tests are in test/integration/open311*.
 */

const valid = { service_code: 'roads', address_string: '城关镇解放路', description: '路面塌陷' };

function accepted(fields: Record<string, string>) {
  const parsed = parseOpen311Post({ ...valid, ...fields });
  if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}
function refused(fields: Record<string, string>) {
  const parsed = parseOpen311Post(fields);
  if (parsed.ok) throw new Error('accepted');
  return parsed.errors;
}

describe('text as clients send it', () => {
  it('counts every kind of line break once, drops control characters and trims', () => {
    expect(normaliseText('  a\r\nb\rc\nd\u0007\u001B\u007F\u0085e  ')).toBe('a\nb\nc\nd\ne');
    expect(normaliseText('\u202Eevil\u202C \u2066x\u2069')).toBe('evil x');
    expect(normaliseText('\t\n')).toBe('');
    // Trimmed again once the control characters are gone: a space before one is not left at the end.
    expect(normaliseText('a \u0007')).toBe('a');
  });

  it('makes one line of a field, cut in characters, and nothing of a field that shows nothing', () => {
    expect(oneLine('a\tb\n\nc   d', 100)).toBe('a b c d');
    expect(oneLine('𠀀𠀁𠀂', 2)).toBe('𠀀𠀁');
    expect(oneLine('abc', 3)).toBe('abc');
    expect(oneLine('ab cd', 3)).toBe('ab');
    expect(oneLine('\u200B\u200D', 10)).toBe('');
  });
});

describe('the fields of a post', () => {
  it('keep the first value of a field given twice, and every answer to a question', () => {
    expect(formFields('service_code=a&service_code=b&attribute[q]=1&attribute[q][]=2&attribute[q]=')).toEqual(
      {
        fields: { service_code: 'a' },
        attributes: { q: ['1', '2'] },
      },
    );
  });

  it('take a question code of up to 60 characters; anything else is an ordinary field', () => {
    const long = 'q'.repeat(61);
    expect(formFields(`attribute[${'q'.repeat(60)}]=1`).attributes).toEqual({ ['q'.repeat(60)]: ['1'] });
    expect(formFields(`attribute[${long}]=1&attribute[]=2&attribute[a]x=3&xattribute[b]=4`)).toEqual({
      fields: { [`attribute[${long}]`]: '1', 'attribute[]': '2', 'attribute[a]x': '3', 'xattribute[b]': '4' },
      attributes: {},
    });
  });

  it('read coordinates as decimal numbers within range, spaces around them allowed', () => {
    expect(accepted({ lat: ' -90 ', long: '180' })).toMatchObject({ lat: -90, long: 180 });
    expect(accepted({ lat: '29.123456789012345', long: '-121.5' })).toMatchObject({
      lat: Number('29.123456789012345'),
      long: -121.5,
    });
    for (const [lat, long] of [
      ['90.1', '121'],
      ['29', '-180.5'],
      ['1e1', '121'],
      ['29.', '121'],
      ['29.1234567890123456', '121'],
      ['1000', '121'],
      ['+29', '121'],
      ['二十九', '121'],
    ])
      expect(
        refused({ ...valid, lat: lat!, long: long! }).some(
          (error) => error.field === 'lat' || error.field === 'long',
        ),
        `${lat},${long}`,
      ).toBe(true);
    expect(refused({ ...valid, lat: '91', long: '121' })).toEqual([
      { field: 'lat', message: 'must be between -90 and 90' },
    ]);
    expect(refused({ ...valid, lat: '29', long: 'x' })).toEqual([
      { field: 'long', message: 'must be a decimal number' },
    ]);
  });

  it('need both coordinates, or an address', () => {
    expect(refused({ ...valid, address_string: undefined as never, lat: '29' })).toEqual([
      { field: 'lat', message: 'lat and long go together' },
      { field: 'address_string', message: 'a location is required: lat and long, or address_string' },
    ]);
    // An address and one coordinate: the address places it, but the lone coordinate is still an error.
    expect(refused({ ...valid, long: '121' })).toEqual([
      { field: 'lat', message: 'lat and long go together' },
    ]);
    const { address_string: _, ...withoutAddress } = valid;
    expect(parseOpen311Post({ ...withoutAddress, lat: '29', long: '121' }).ok).toBe(true);
  });

  it('refuse a missing or over-long service code, key or jurisdiction', () => {
    expect(refused({ address_string: 'x', description: 'y' })).toEqual([
      { field: 'service_code', message: 'service_code is required' },
    ]);
    expect(refused({ ...valid, service_code: '   ' }).map((error) => error.field)).toEqual(['service_code']);
    expect(accepted({ service_code: 'r'.repeat(60) }).service_code).toBe('r'.repeat(60));
    expect(refused({ ...valid, service_code: 'r'.repeat(61) }).map((error) => error.field)).toEqual([
      'service_code',
    ]);
    expect(accepted({ api_key: 'k'.repeat(200), jurisdiction_id: 'j'.repeat(60) })).toMatchObject({
      api_key: 'k'.repeat(200),
      jurisdiction_id: 'j'.repeat(60),
    });
    expect(refused({ ...valid, api_key: 'k'.repeat(201) }).map((error) => error.field)).toEqual(['api_key']);
    expect(refused({ ...valid, jurisdiction_id: 'j'.repeat(61) }).map((error) => error.field)).toEqual([
      'jurisdiction_id',
    ]);
  });

  it('cut addresses and ids to their lengths instead of refusing them', () => {
    const post = accepted({
      address_string: `${'路'.repeat(249)}\n号码`,
      device_id: 'd'.repeat(101),
      account_id: 'a'.repeat(101),
      first_name: '名'.repeat(NAME_MAX + 1),
    });
    // Cut at the space that stood for the line break, which is not kept at the end.
    expect(post.address_string).toBe('路'.repeat(249));
    expect(post.device_id).toBe('d'.repeat(100));
    expect(post.account_id).toBe('a'.repeat(100));
    expect([...(post.first_name ?? '')]).toHaveLength(NAME_MAX);
  });

  it('keep contact details that can be used, normalised, and name those left out in order', () => {
    const post = accepted({
      phone: '138-1234-5678',
      email: '  Zhang.San@Example.CN ',
      media_url: ' http://example.cn/p.jpg ',
    });
    expect(post).toMatchObject({
      phone: '13812345678',
      email: 'zhang.san@example.cn',
      media_url: 'http://example.cn/p.jpg',
      dropped: [],
    });
    const unusable = accepted({
      phone: `13812345678${'9'.repeat(40)}`,
      email: `${'a'.repeat(250)}@example.cn`,
      media_url: `https://example.cn/${'p'.repeat(490)}`,
    });
    expect(unusable.dropped).toEqual(['phone', 'email', 'media_url']);
    expect(unusable).not.toHaveProperty('phone');
    expect(unusable).not.toHaveProperty('email');
    expect(unusable).not.toHaveProperty('media_url');
    expect(accepted({ media_url: 'ftp://example.cn/p.jpg' }).dropped).toEqual(['media_url']);
    expect(accepted({ email: 'a@b' }).dropped).toEqual(['email']);
  });

  it('report every error once, each with its field', () => {
    expect(refused({})).toEqual([
      { field: 'address_string', message: 'a location is required: lat and long, or address_string' },
      { field: 'description', message: 'description is required' },
      { field: 'service_code', message: 'service_code is required' },
    ]);
  });
});

describe('answers to a service’s questions', () => {
  const service: Pick<Category, 'attributes'> = {
    attributes: [
      {
        code: 'kinds',
        datatype: 'multivaluelist',
        required: false,
        descriptionZh: '哪些问题',
        order: 4,
        values: [
          { key: 'out', nameZh: '不亮' },
          { key: 'bent', nameZh: '倾斜' },
        ],
      },
      { code: 'count', datatype: 'number', required: false, descriptionZh: '几盏', order: 2 },
      { code: 'note', datatype: 'text', required: false, descriptionZh: '补充说明', order: 3 },
      { code: 'pole', datatype: 'string', required: true, descriptionZh: '灯杆编号', order: 1 },
      { code: 'since', datatype: 'datetime', required: false, descriptionZh: '从何时起', order: 5 },
      {
        code: 'kind',
        datatype: 'singlevaluelist',
        required: false,
        descriptionZh: '问题类型',
        order: 6,
        values: [
          { key: 'out', nameZh: '不亮' },
          { key: 'bent', nameZh: '倾斜' },
        ],
      },
    ],
  };

  it('are given in the service’s order, each datatype read its own way', () => {
    expect(
      attributeAnswers(service, {
        kind: ['out'],
        since: ['2026-12-01T08:00:00+08:00\n'],
        kinds: ['out, bent', 'out'],
        note: ['第一行\r\n第二行'],
        count: [' -3.5 '],
        pole: ['CG\t0127'],
      }),
    ).toEqual({
      ok: true,
      answers: [
        { code: 'pole', question: '灯杆编号', answer: 'CG 0127' },
        { code: 'count', question: '几盏', answer: '-3.5' },
        { code: 'note', question: '补充说明', answer: '第一行\n第二行' },
        { code: 'kinds', question: '哪些问题', answer: '不亮、倾斜、不亮' },
        { code: 'since', question: '从何时起', answer: '2026-12-01T08:00:00+08:00' },
        { code: 'kind', question: '问题类型', answer: '不亮' },
      ],
    });
  });

  it('cut a text answer to 1,000 characters and a line answer to 200', () => {
    const result = attributeAnswers(service, { pole: ['号'.repeat(300)], note: ['字'.repeat(1200)] });
    expect(result.ok && result.answers.map((answer) => [...answer.answer].length)).toEqual([200, 1000]);
  });

  it('refuse a required question left blank, a number that is not one and keys not in the list, all at once', () => {
    expect(
      attributeAnswers(service, { pole: ['  '], count: ['3.'], kinds: ['out,melted'], kind: ['melted'] }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'attribute[pole]', message: 'required: 灯杆编号' },
        { field: 'attribute[count]', message: 'must be a number' },
        { field: 'attribute[kinds]', message: 'not one of out, bent' },
        { field: 'attribute[kind]', message: 'not one of out, bent' },
      ],
    });
    expect(attributeAnswers(service, { pole: ['1'], count: ['1e3'] }).ok).toBe(false);
    expect(attributeAnswers(service, { pole: ['1'], count: ['12'] }).ok).toBe(true);
    expect(attributeAnswers(service, { pole: ['1'], count: ['12.25'] })).toMatchObject({
      ok: true,
      answers: [{ code: 'pole' }, { code: 'count', answer: '12.25' }],
    });
  });

  it('take one key for a one-choice question: the first of several, never a list', () => {
    expect(attributeAnswers(service, { pole: ['1'], kind: ['bent', 'out'] })).toMatchObject({
      ok: true,
      answers: [{ code: 'pole' }, { code: 'kind', answer: '倾斜' }],
    });
    expect(attributeAnswers(service, { pole: ['1'], kind: ['out,bent'] })).toEqual({
      ok: false,
      errors: [{ field: 'attribute[kind]', message: 'not one of out, bent' }],
    });
  });

  it('ask nothing of a service without questions', () => {
    expect(attributeAnswers({}, { anything: ['x'] })).toEqual({ ok: true, answers: [] });
  });
});

describe('the petition a post becomes', () => {
  it('names the petitioner family name first in Chinese, given name first otherwise', () => {
    expect(petitionerName({ first_name: '明', last_name: 'Li' })).toBe('Li明');
    expect(petitionerName({ first_name: 'Ming', last_name: '李' })).toBe('李Ming');
    expect(petitionerName({ last_name: '王' })).toBe('王');
    expect(petitionerName({ first_name: '小红' })).toBe('小红');
    expect(petitionerName({ last_name: 'Smith' })).toBe('Smith');
    expect(petitionerName({ first_name: 'Mary' })).toBe('Mary');
    expect(petitionerName({ first_name: 'A'.repeat(20), last_name: 'B'.repeat(20) })).toBe(
      `${'A'.repeat(20)} ${'B'.repeat(9)}`,
    );
  });

  it('is titled by the service and the first line that says something, within the title limit', () => {
    expect(petitionTitle('道路', '\n   \n  路面塌陷  \n第二行')).toBe('道路：路面塌陷');
    expect(petitionTitle('道路', '')).toBe('道路：');
    const exactly = '长'.repeat(TITLE_MAX - 3);
    expect(petitionTitle('道路', exactly)).toBe(`道路：${exactly}`);
    const over = petitionTitle('道路', `${exactly}多`);
    expect([...over]).toHaveLength(TITLE_MAX);
    expect(over.endsWith('长…')).toBe(true);
  });

  it('carries only the description when nothing else was given', () => {
    expect(petitionContent({ description: '路面塌陷' })).toBe('路面塌陷');
    // One coordinate alone does not place anything.
    expect(petitionContent({ description: '路面塌陷', lat: 29.6 })).toBe('路面塌陷');
    expect(petitionContent({ description: '路面塌陷', long: 121.2 })).toBe('路面塌陷');
  });

  it('sets each added part apart from the description with a blank line', () => {
    expect(petitionContent({ description: '路面塌陷', lat: 29.6, long: 121.2 })).toBe(
      '路面塌陷\n\n【位置】坐标：纬度 29.6，经度 121.2',
    );
    expect(petitionContent({ description: '路面塌陷' }, [{ code: 'q', question: '几处', answer: '2' }])).toBe(
      '路面塌陷\n\n【补充信息】几处：2',
    );
    expect(
      petitionContent({ description: '路面塌陷' }, [
        { code: 'q', question: '几处', answer: '2' },
        { code: 'r', question: '多深', answer: '半米' },
      ]),
    ).toBe('路面塌陷\n\n【补充信息】几处：2；多深：半米');
    expect(petitionContent({ description: '路面塌陷', media_url: 'https://example.cn/a.jpg' })).toBe(
      '路面塌陷\n\n【图片链接】https://example.cn/a.jpg',
    );
  });
});
