import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain/case/model.ts';
import {
  caseRow,
  handlingText,
  LEDGER_COLUMNS,
  numberRows,
  visitRow,
} from '../../../shared/domain/reception/ledger.ts';
import type { Visit } from '../../../shared/domain/reception/visit.ts';
import { demoCounty as catalog } from '../../../shared/seed/demo-county.ts';

/** The service record book (服务群众记录簿): its columns, and the rows of visits and cases in staff words. */

const at = '2026-03-02T02:00:00.000Z';
const base = {
  caseId: 'c1',
  trackingCode: 'HY-TEST-0001',
  version: 3,
  status: 'acknowledged',
  channel: 'letter',
  categoryCode: 'transport',
  jurisdictionCode: 'xikou',
  studioId: 'studio-xikou',
  title: '公交站牌损坏',
  content: '溪口站的站牌倒了',
  petitioner: { name: '王小明', phone: '13800138000', anonymous: false },
  unitId: 'dept-transport',
  transfers: [
    { kind: 'assigned', at, fromUnitId: null, toUnitId: 'dept-transport', by: 'system', reason: 'R1' },
  ],
  reopenCount: 0,
  createdAt: at,
  updatedAt: at,
} as unknown as Case;
const make = (change: Record<string, unknown>) => ({ ...base, ...change }) as unknown as Case;

const visit: Visit = {
  visitId: 'v1',
  studioId: 'studio-xikou',
  date: '2026-03-10',
  visitor: { name: '张小明', phone: '13912345678' },
  groupSize: 1,
  suggestions: 1,
  categoryCode: 'transport',
  representatives: [
    { representativeId: 'r1', name: '王芳', title: '' },
    { representativeId: 'r2', name: '李强', title: '' },
  ],
  summary: '站牌倒了',
  outcome: 'answered',
  answer: '已通知交通局',
  registeredBy: 'liaison-xikou',
  createdAt: at,
  updatedAt: at,
};

describe('the columns of the book', () => {
  it('has the fifteen columns of the paper book, in order', () => {
    expect(LEDGER_COLUMNS.map((column) => column.header)).toEqual([
      '序号',
      '日期',
      '方式',
      '来访人',
      '联系方式',
      '人数',
      '接待代表',
      '反映问题',
      '问题分类',
      '办理方式',
      '承办单位',
      '答复内容与日期',
      '反馈（满意度）',
      '归档日期',
      '备注',
    ]);
    expect(LEDGER_COLUMNS.map((column) => column.width)).toEqual([
      5, 11, 10, 8, 13, 5, 12, 36, 10, 24, 16, 32, 10, 11, 16,
    ]);
  });

  it('numbers rows from one', () => {
    const row = caseRow(base, catalog);
    expect(numberRows([row, row]).map((numbered) => numbered.number)).toEqual(['1', '2']);
    expect(numberRows([row])[0]).toEqual({ number: '1', ...row });
  });
});

describe('how a matter was handled, in staff words', () => {
  it('says where the case stands', () => {
    expect(handlingText(make({ status: 'registered', unitId: undefined }), catalog)).toBe('已登记，待分办');
    expect(handlingText(make({ status: 'triage', unitId: undefined }), catalog)).toBe('待工作室分办');
    expect(handlingText(make({ status: 'triage' }), catalog)).toBe('待县交通运输局分办');
    expect(handlingText(make({ status: 'rejected', rejection: { reason: '不属于受理范围' } }), catalog)).toBe(
      '不予受理（不属于受理范围）',
    );
    expect(handlingText(make({ status: 'rejected' }), catalog)).toBe('不予受理（）');
    expect(handlingText(make({ status: 'assigned' }), catalog)).toBe('交办县交通运输局办理；待签收');
    expect(handlingText(base, catalog)).toBe('交办县交通运输局办理；办理中');
    expect(handlingText(make({ status: 'replied' }), catalog)).toBe('交办县交通运输局办理；已答复，待办结');
    expect(handlingText(make({ status: 'closed' }), catalog)).toBe('交办县交通运输局办理；已办结，待评价');
    expect(handlingText(make({ status: 'archived' }), catalog)).toBe('交办县交通运输局办理；已办结归档');
    expect(handlingText(make({ status: 'reviewing' }), catalog)).toBe('交办县交通运输局办理');
    expect(handlingText(make({ status: 'acknowledged', unitId: 'no-such-unit' }), catalog)).toBe(
      '交办办理；办理中',
    );
  });

  it('records hand-overs, extensions, team referrals and reviews', () => {
    const transfers = [
      ...(base.transfers ?? []),
      { kind: 'returned', at, fromUnitId: 'dept-transport', toUnitId: null, by: 'h', reason: 'x' },
      { kind: 'reassigned', at, fromUnitId: null, toUnitId: 'dept-transport', by: 'h', reason: 'x' },
      { kind: 'accepted', at, fromUnitId: null, toUnitId: 'dept-transport', by: 'h', reason: 'x' },
    ];
    const item = make({
      transfers,
      extensionGrantedDays: 15,
      teamReferrals: [
        { teamId: 'team-legal', question: 'q', referredAt: at, referredBy: 'x', answeredAt: at },
        { teamId: 'team-medical', question: 'q', referredAt: at, referredBy: 'x' },
      ],
      reopenCount: 2,
    });
    expect(handlingText(item, catalog)).toBe(
      '县交通运输局直接受理办理；经退回或转办2次；延期15日；请法律服务团队协助（已回复）；请医疗服务团队协助；复查2次；办理中',
    );
  });
});

describe('rows of the book', () => {
  it('writes a case the studio registered, the person masked', () => {
    expect(caseRow(base, catalog)).toMatchInlineSnapshot(`
      {
        "archivedOn": "",
        "category": "交通出行",
        "contact": "138****8000",
        "date": "2026-03-02",
        "feedback": "",
        "groupSize": "1",
        "handling": "交办县交通运输局办理；办理中",
        "kind": "来信",
        "person": "王**",
        "remarks": "跟踪码HY-TEST-0001",
        "reply": "",
        "representatives": "",
        "summary": "公交站牌损坏：溪口站的站牌倒了",
        "unit": "县交通运输局",
      }
    `);
  });

  it('writes the reply, the feedback, the archive date and the remarks of a finished case', () => {
    const finished = make({
      status: 'archived',
      channel: 'email',
      petitioner: { anonymous: true },
      reply: { text: '已修复', at: '2026-03-05T17:00:00.000Z', by: 'h' },
      survey: { tokenHash: 'h', status: 'answered', round: 1, rating: 'satisfied', via: 'callback' },
      archivedAt: '2026-03-20T17:00:00.000Z',
      duplicateOf: 'c0',
    });
    expect(caseRow(finished, catalog)).toMatchInlineSnapshot(`
      {
        "archivedOn": "2026-03-21",
        "category": "交通出行",
        "contact": "",
        "date": "2026-03-02",
        "feedback": "满意（回访）",
        "groupSize": "1",
        "handling": "交办县交通运输局办理；已办结归档",
        "kind": "电子邮件",
        "person": "匿名",
        "remarks": "跟踪码HY-TEST-0001；重复件",
        "reply": "已修复（2026-03-06）",
        "representatives": "",
        "summary": "公交站牌损坏：溪口站的站牌倒了",
        "unit": "县交通运输局",
      }
    `);
    const feedback = (survey: unknown) => caseRow(make({ survey }), catalog).feedback;
    expect(feedback({ tokenHash: 'h', status: 'answered', round: 1, rating: 'dissatisfied' })).toBe('不满意');
    expect(feedback({ tokenHash: 'h', status: 'answered', round: 1 })).toBe('');
    expect(feedback({ tokenHash: 'h', status: 'expired', round: 1 })).toBe('未评价');
    expect(feedback({ tokenHash: 'h', status: 'pending', round: 1 })).toBe('待评价');
    expect(feedback({ tokenHash: 'h', status: 'skipped', round: 1 })).toBe('');
  });

  it('leaves the category empty when the case has none or one the catalog does not know', () => {
    expect(caseRow(make({ categoryCode: undefined }), catalog).category).toBe('');
    expect(caseRow(make({ categoryCode: 'no-such-category' }), catalog).category).toBe('');
  });

  it('separates the remarks of a visit whose case is not found', () => {
    const linked = {
      ...visit,
      outcome: 'case' as const,
      caseId: 'c9',
      trackingCode: 'HY-TEST-0009',
      suggestions: 3,
    };
    expect(visitRow(linked, undefined, catalog, '溪口镇党代表工作室').remarks).toBe(
      '跟踪码HY-TEST-0009；意见建议3条',
    );
  });

  it('marks a confidential case and shows only its placeholder title', () => {
    const row = caseRow(make({ confidential: true }), catalog);
    expect(row.remarks).toBe('跟踪码HY-TEST-0001；保密件');
    expect(row.summary).not.toContain('：');
    expect(row.summary).not.toContain('站牌');
  });

  it('writes a visit answered on the spot, with the studio as the unit', () => {
    expect(
      visitRow({ ...visit, groupSize: 3, suggestions: 2 }, undefined, catalog, '溪口镇党代表工作室'),
    ).toMatchInlineSnapshot(`
      {
        "archivedOn": "2026-03-10",
        "category": "交通出行",
        "contact": "139****5678",
        "date": "2026-03-10",
        "feedback": "",
        "groupSize": "3",
        "handling": "当场答复",
        "kind": "接待日来访（集体访）",
        "person": "张**",
        "remarks": "意见建议2条",
        "reply": "已通知交通局（2026-03-10）",
        "representatives": "王芳、李强",
        "summary": "站牌倒了",
        "unit": "溪口镇党代表工作室",
      }
    `);
  });

  it('writes a visit that became a case from the case, or says so when the case is not found', () => {
    const linked = {
      ...visit,
      outcome: 'case' as const,
      caseId: 'c1',
      trackingCode: 'HY-TEST-0001',
      answer: undefined,
    };
    expect(visitRow(linked, base, catalog, '溪口镇党代表工作室')).toMatchInlineSnapshot(`
      {
        "archivedOn": "",
        "category": "交通出行",
        "contact": "139****5678",
        "date": "2026-03-10",
        "feedback": "",
        "groupSize": "1",
        "handling": "交办县交通运输局办理；办理中",
        "kind": "接待日来访",
        "person": "张**",
        "remarks": "跟踪码HY-TEST-0001",
        "reply": "",
        "representatives": "王芳、李强",
        "summary": "站牌倒了",
        "unit": "县交通运输局",
      }
    `);
    expect(
      visitRow({ ...linked, visitor: { name: '张小明' } }, undefined, catalog, '溪口镇党代表工作室'),
    ).toMatchInlineSnapshot(`
      {
        "archivedOn": "",
        "category": "交通出行",
        "contact": "",
        "date": "2026-03-10",
        "feedback": "",
        "groupSize": "1",
        "handling": "转为诉求办理",
        "kind": "接待日来访",
        "person": "张**",
        "remarks": "跟踪码HY-TEST-0001",
        "reply": "",
        "representatives": "王芳、李强",
        "summary": "站牌倒了",
        "unit": "",
      }
    `);
  });
});
