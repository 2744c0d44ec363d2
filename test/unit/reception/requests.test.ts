import { describe, expect, it } from 'vitest';
import {
  generateDaysSchema,
  ledgerQuerySchema,
  monthSchema,
  receptionDayPathSchema,
  registerVisitSchema,
  studioMonthQuerySchema,
  studioReportQuerySchema,
  updateDaySchema,
} from '../../../shared/domain/reception/requests.ts';

const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('reception-day requests', () => {
  it('takes a month as YYYY-MM and a studio code', () => {
    for (const month of ['2026-01', '2026-09', '2026-10', '2026-12'])
      expect(monthSchema.safeParse(month).success).toBe(true);
    for (const month of ['2026-00', '2026-13', '2026-1', 'x2026-01', '2026-01x'])
      expect(messages(monthSchema.safeParse(month))).toEqual([': 月份格式为 YYYY-MM / a month as YYYY-MM']);
    expect(studioMonthQuerySchema.safeParse({ studioId: 'studio-cg', month: '2026-03' }).success).toBe(true);
    for (const studioId of ['s', '-studio', 'Studio', `s${'t'.repeat(40)}`, 'studio cg'])
      expect(messages(studioReportQuerySchema.safeParse({ studioId }))).toEqual([
        'studioId: 代码格式不正确 / invalid code',
      ]);
    expect(studioReportQuerySchema.safeParse({ studioId: `s${'t'.repeat(39)}` }).success).toBe(true);
  });

  it('takes a reception day the work calendar covers', () => {
    const day = (date: string) => receptionDayPathSchema.safeParse({ studioId: 'studio-cg', date });
    for (const date of ['2000-01-01', '2026-03-10', '2098-12-31']) expect(day(date).success).toBe(true);
    for (const date of ['1999-12-31', '2099-01-01', '2026-02-30', '2026-3-10'])
      expect(messages(day(date))).toEqual(['date: 日期格式为 YYYY-MM-DD / a date']);
  });

  it('exports the ledger as CSV unless asked otherwise, and generates unpublished days by default', () => {
    expect(ledgerQuerySchema.parse({ studioId: 'studio-cg', month: '2026-03' }).format).toBe('csv');
    for (const format of ['xlsx', 'json'])
      expect(ledgerQuerySchema.parse({ studioId: 'studio-cg', month: '2026-03', format }).format).toBe(
        format,
      );
    expect(
      ledgerQuerySchema.safeParse({ studioId: 'studio-cg', month: '2026-03', format: 'pdf' }).success,
    ).toBe(false);
    expect(generateDaysSchema.parse({ studioId: 'studio-cg', month: '2026-03' })).toEqual({
      studioId: 'studio-cg',
      month: '2026-03',
      publish: false,
    });
    expect(generateDaysSchema.safeParse({ studioId: 'studio-cg', month: '2026-03', extra: 1 }).success).toBe(
      false,
    );
  });

  it('updates a day’s roster, note and hours', () => {
    expect(
      updateDaySchema.safeParse({ representativeIds: ['r1', 'r2'], note: null, hours: null }).success,
    ).toBe(true);
    expect(messages(updateDaySchema.safeParse({ representativeIds: ['r1', 'r1'] }))).toEqual([
      'representativeIds: 同一位代表只能出现一次 / each representative once',
    ]);
    expect(
      updateDaySchema.safeParse({ representativeIds: Array.from({ length: 10 }, (_, i) => `r${i}`) }).success,
    ).toBe(true);
    expect(
      updateDaySchema.safeParse({ representativeIds: Array.from({ length: 11 }, (_, i) => `r${i}`) }).success,
    ).toBe(false);
    expect(updateDaySchema.safeParse({ representativeIds: [''] }).success).toBe(false);
    expect(updateDaySchema.safeParse({ representativeIds: ['r'.repeat(41)] }).success).toBe(false);
    expect(updateDaySchema.safeParse({ hours: '14:00-16:30' }).success).toBe(true);
    for (const hours of ['9:00-11:30', '09:00-11:30x', 'x09:00-11:30'])
      expect(messages(updateDaySchema.safeParse({ hours }))).toEqual([
        'hours: 时间格式为 09:00-11:30 / hours as 09:00-11:30',
      ]);
    expect(updateDaySchema.safeParse({ note: '' }).success).toBe(false);
    expect(updateDaySchema.safeParse({ expectedUpdatedAt: 'x'.repeat(41) }).success).toBe(false);
  });
});

describe('registering a visit', () => {
  const answered = {
    visitor: { name: '张小明' },
    representativeIds: ['r1'],
    summary: '路灯坏了好几天',
    outcome: 'answered',
    answer: '已联系维修',
  };
  const toCase = {
    visitor: { name: '张小明', phone: '13912345678' },
    representativeIds: ['r1'],
    summary: '路灯坏了好几天',
    outcome: 'case',
    case: { title: '路灯损坏' },
  };

  it('takes a visit answered on the spot, or one that becomes a case, with defaults', () => {
    expect(registerVisitSchema.parse(answered)).toMatchObject({ groupSize: 1, suggestions: 1 });
    expect(registerVisitSchema.parse(toCase).case).toEqual({ title: '路灯损坏', confidential: false });
  });

  it('asks for an answer, or for a title and a phone, by outcome', () => {
    const { answer: _answer, ...noAnswer } = answered;
    expect(messages(registerVisitSchema.safeParse(noAnswer))).toEqual([
      'answer: 请填写当场答复的内容 / what was answered',
    ]);
    expect(
      messages(registerVisitSchema.safeParse({ ...toCase, case: undefined, visitor: { name: '张小明' } })),
    ).toEqual([
      'case: 转为诉求时请填写标题 / a title for the case',
      'visitor.phone: 转为诉求时需要来访人电话（用于查询和回复） / a phone for tracking and the reply',
    ]);
    expect(messages(registerVisitSchema.safeParse({ ...toCase, suggestions: 0 }))).toEqual([
      'suggestions: 转为诉求的来访至少有一条意见建议 / a visit that becomes a case brings at least one',
    ]);
    expect(registerVisitSchema.safeParse({ ...answered, suggestions: 0 }).success).toBe(true);
    expect(messages(registerVisitSchema.safeParse({ ...answered, case: { title: '路灯损坏' } }))).toEqual([
      'case: 当场答复无需诉求信息 / only for cases',
    ]);
  });

  it('limits the group, the suggestions and the representatives', () => {
    expect(registerVisitSchema.safeParse({ ...answered, groupSize: 500, suggestions: 50 }).success).toBe(
      true,
    );
    expect(registerVisitSchema.safeParse({ ...answered, groupSize: 501 }).success).toBe(false);
    expect(registerVisitSchema.safeParse({ ...answered, groupSize: 0 }).success).toBe(false);
    expect(registerVisitSchema.safeParse({ ...answered, suggestions: 51 }).success).toBe(false);
    expect(registerVisitSchema.safeParse({ ...answered, representativeIds: [] }).success).toBe(false);
    expect(
      registerVisitSchema.safeParse({ ...answered, representativeIds: ['a', 'b', 'c', 'd', 'e'] }).success,
    ).toBe(true);
    expect(
      registerVisitSchema.safeParse({ ...answered, representativeIds: ['a', 'b', 'c', 'd', 'e', 'f'] })
        .success,
    ).toBe(false);
    expect(registerVisitSchema.safeParse({ ...answered, summary: '太短' }).success).toBe(false);
    expect(registerVisitSchema.safeParse({ ...answered, answer: '好' }).success).toBe(false);
    expect(registerVisitSchema.safeParse({ ...toCase, case: { title: '灯' } }).success).toBe(false);
    expect(registerVisitSchema.safeParse({ ...answered, visitor: { name: '' } }).success).toBe(false);
    expect(registerVisitSchema.safeParse({ ...answered, visitor: { name: '张'.repeat(31) } }).success).toBe(
      false,
    );
    expect(registerVisitSchema.safeParse({ ...answered, categoryCode: 'Roads' }).success).toBe(false);
  });
});
