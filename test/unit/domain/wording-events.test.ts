import { describe, expect, it } from 'vitest';
import type { CaseEvent, CaseEventType } from '../../../shared/domain/case/model.ts';
import { caseEventTypes } from '../../../shared/domain/case/model.ts';
import {
  actorText,
  auditLines,
  eventSentence,
  type Lang,
  type Names,
  personText,
  publicEventText,
  readText,
  replyRoute,
  replyRouteName,
  routingText,
} from '../../../shared/domain/case/wording.ts';

/**
 * The per-event wording of the case record, as staff read it in Chinese and English (timeline sentences, audit
 * lines, reads) and as the petitioner reads it on the tracking page. Every expectation is the literal text a
 * screen shows.
 */

const names: Names = {
  unit: (id) =>
    (
      ({
        'dept-transport': '县交通运输局',
        'petition-office': '县信访局',
        'team-legal': '法律服务团',
      }) as Record<string, string>
    )[id],
  staff: (login) =>
    (
      ({
        'handler-dept-transport': { name: '张三', unitId: 'dept-transport' },
        'handler-li': { name: '王五', unitId: 'dept-transport' },
        'lead-transport': { name: '县交通运输局承办人', unitId: 'dept-transport' },
        'supervisor-demo': { name: '督办人员' },
        'liaison-zhao': { name: '赵六', unitId: 'dept-closed' },
        supervisor: { name: '李四' },
      }) as Record<string, { name: string; unitId?: string }>
    )[login],
  category: (code) => (({ transport: '交通出行' }) as Record<string, string>)[code],
  jurisdiction: (code) => (({ xikou: '溪口镇' }) as Record<string, string>)[code],
  policy: (id) => (({ statutory: '法定时限' }) as Record<string, string>)[id],
};

/** A directory that knows units and people only: no categories, towns or policies. */
const bareNames: Names = { unit: names.unit, staff: names.staff };

const subject = { categoryCode: 'transport', jurisdictionCode: 'xikou' };

const handler = { id: 'handler-dept-transport', role: 'handler', unitId: 'dept-transport' } as const;

function event(partial: Partial<CaseEvent> & Pick<CaseEvent, 'type'>): CaseEvent {
  return {
    caseId: 'C1',
    version: 2,
    at: '2026-12-04T02:30:00.000Z',
    actor: handler,
    changes: {},
    data: {},
    ...partial,
  };
}

const toUnit = (unitId: string | null) => ({ unitId: { before: null, after: unitId } });

const sentence = (happened: CaseEvent, lang: Lang) => eventSentence(happened, subject, names, lang);

// ---------------------------------------------------------------------------------------------------------

describe('what: every event type as a sentence, in Chinese and English', () => {
  type Row = readonly [label: string, happened: CaseEvent, zh: string, en: string];
  const rows: readonly Row[] = [
    ['registered', event({ type: 'registered' }), '登记诉求', 'registered the petition'],
    [
      'triaged to a known unit',
      event({ type: 'triaged', changes: toUnit('petition-office') }),
      '转县信访局分办',
      'sent it to 县信访局 to decide',
    ],
    ['triaged without a unit', event({ type: 'triaged' }), '转承办单位分办', 'sent it to the unit to decide'],
    [
      'triaged to a unit the directory no longer knows',
      event({ type: 'triaged', changes: toUnit('dept-closed') }),
      '转其他单位分办',
      'sent it to another unit to decide',
    ],
    [
      'triaged with an empty unit',
      event({ type: 'triaged', changes: toUnit('') }),
      '转承办单位分办',
      'sent it to the unit to decide',
    ],
    ['accepted', event({ type: 'accepted' }), '受理，由本单位办理', 'accepted it for the own unit'],
    [
      'assigned',
      event({ type: 'assigned', changes: toUnit('dept-transport') }),
      '交办县交通运输局',
      'assigned it to 县交通运输局',
    ],
    [
      'reassigned',
      event({ type: 'reassigned', changes: toUnit('dept-transport') }),
      '转办县交通运输局',
      'reassigned it to 县交通运输局',
    ],
    [
      'reassigned to an unknown unit',
      event({ type: 'reassigned', changes: toUnit('dept-closed') }),
      '转办其他单位',
      'reassigned it to another unit',
    ],
    ['rejected', event({ type: 'rejected' }), '不予受理', 'Rejected'],
    ['acknowledged', event({ type: 'acknowledged' }), '签收', 'Acknowledged'],
    [
      'returned',
      event({ type: 'returned' }),
      '退回，不属于本单位职责',
      'returned it as not this unit’s matter',
    ],
    ['replied', event({ type: 'replied' }), '答复诉求人', 'replied to the petitioner'],
    [
      'extension requested in working days',
      event({ type: 'extensionRequested', data: { days: 5, unit: 'workingDays' } }),
      '申请延期5个工作日',
      'asked for 5 working days more',
    ],
    [
      'extension requested in days (an event from before durations had units)',
      event({ type: 'extensionRequested', data: { days: 10 } }),
      '申请延期10日',
      'asked for 10 days more',
    ],
    [
      'extension approved',
      event({ type: 'extensionDecided', data: { days: 5, unit: 'workingDays', approved: true } }),
      '批准延期5个工作日',
      'approved 5 working days more',
    ],
    [
      'extension of one day approved',
      event({ type: 'extensionDecided', data: { days: 1, unit: 'calendarDays', approved: true } }),
      '批准延期1日',
      'approved 1 day more',
    ],
    [
      'extension declined',
      event({ type: 'extensionDecided', data: { days: 5, unit: 'workingDays', approved: false } }),
      '不批准延期5个工作日',
      'declined the extension of 5 working days',
    ],
    ['closed', event({ type: 'closed' }), '办结', 'Closed'],
    [
      'rated on the web, satisfied, nothing follows',
      event({ type: 'surveyAnswered', data: { rating: 'satisfied', via: 'web' } }),
      '评价：满意',
      'rated: Satisfied',
    ],
    [
      'call-back recorded, basically satisfied, archived',
      event({
        type: 'surveyAnswered',
        data: { rating: 'basically_satisfied', via: 'callback', outcome: 'archived' },
      }),
      '录入回访结果：基本满意，已归档',
      'recorded the call-back: Basically satisfied; archived',
    ],
    [
      'dissatisfied, the unit handles it again',
      event({ type: 'surveyAnswered', data: { rating: 'dissatisfied', via: 'sms', outcome: 'reopened' } }),
      '评价：不满意，已交承办单位重新办理',
      'rated: Dissatisfied; the unit handles it again (重新办理)',
    ],
    [
      'dissatisfied, review asked',
      event({
        type: 'surveyAnswered',
        data: { rating: 'dissatisfied', via: 'callback', outcome: 'review', body: '市人民政府' },
      }),
      '录入回访结果：不满意，已申请复查，由市人民政府办理',
      'recorded the call-back: Dissatisfied; review (复查) asked, by 市人民政府',
    ],
    [
      'dissatisfied, may ask for review',
      event({
        type: 'surveyAnswered',
        data: {
          rating: 'dissatisfied',
          via: 'web',
          outcome: 'reviewable',
          body: '市人民政府',
          until: '2027-01-10T15:59:59.999Z',
        },
      }),
      '评价：不满意，可于2027-01-10前申请复查',
      'rated: Dissatisfied; may ask for review (复查) until 2027-01-10',
    ],
    [
      'an outcome this version does not know adds nothing',
      event({ type: 'surveyAnswered', data: { rating: 'satisfied', via: 'web', outcome: 'withdrawn' } }),
      '评价：满意',
      'rated: Satisfied',
    ],
    [
      'survey expired',
      event({ type: 'surveyExpired' }),
      '评价期内未收到评价，已归档',
      'no rating within the survey window; archived',
    ],
    [
      'reopened',
      event({ type: 'reopened' }),
      '交承办单位重新办理',
      'sent it back to the unit to handle again',
    ],
    ['archived', event({ type: 'archived' }), '归档', 'Archived'],
    ['noted', event({ type: 'noted', data: { text: '已电话联系' } }), '备注', 'Note'],
    ['followed up', event({ type: 'followedUp' }), '补充了新的情况', 'added to the petition'],
    ['duplicate linked', event({ type: 'duplicateLinked' }), '标记为重复件', 'linked it as a duplicate'],
    [
      'reminded of the acknowledge deadline',
      event({ type: 'reminded', data: { deadline: 'acknowledge' } }),
      '催办：签收期限临近',
      'reminded the unit of the acknowledge deadline',
    ],
    [
      'reminded of the reply deadline',
      event({ type: 'reminded', data: { deadline: 'reply' } }),
      '催办：答复期限临近',
      'reminded the unit of the reply deadline',
    ],
    [
      'reminded of the review decision deadline',
      event({ type: 'reminded', data: { deadline: 'review' } }),
      '催办：复查（复核）意见期限临近',
      'reminded the unit of the decision deadline',
    ],
    [
      'red card for the reply deadline',
      event({ type: 'escalated', data: { card: 'red', deadline: 'reply' } }),
      '红牌督办：答复期限已过',
      'red card: the reply deadline has passed',
    ],
    [
      'yellow card for the acknowledge deadline',
      event({ type: 'escalated', data: { card: 'yellow', deadline: 'acknowledge' } }),
      '黄牌督办：签收期限已过',
      'yellow card: the acknowledge deadline has passed',
    ],
    [
      'deadlines recomputed',
      event({ type: 'deadlinesRecomputed' }),
      '按官方放假安排重算期限',
      'recomputed the deadlines with the official holidays',
    ],
    [
      'classified as a complaint',
      event({ type: 'classified', data: { petitionType: 'complaint' } }),
      '确定诉求类型为“投诉”',
      'set the type to Complaint',
    ],
    [
      'classified as an accusation against a unit',
      event({ type: 'classified', data: { petitionType: 'accusation', accusedUnitId: 'dept-transport' } }),
      '确定诉求类型为“检举控告”，被检举控告单位：县交通运输局',
      'set the type to Accusation, accusing 县交通运输局',
    ],
    [
      'classified without a type, accusing a unit the directory no longer knows',
      event({ type: 'classified', data: { accusedUnitId: 'dept-closed' } }),
      '确定诉求类型为“—”，被检举控告单位：其他单位',
      'set the type to —, accusing another unit',
    ],
    [
      'review requested',
      event({ type: 'reviewRequested', data: { body: '市人民政府' } }),
      '登记复查申请，由市人民政府办理',
      'Review requested, decided by 市人民政府',
    ],
    [
      'recheck requested',
      event({ type: 'recheckRequested', data: { body: '省信访局' } }),
      '登记复核申请，由省信访局办理',
      'Recheck requested, decided by 省信访局',
    ],
    [
      'review decided: upheld',
      event({ type: 'reviewDecided', data: { body: '市人民政府', outcome: 'upheld' } }),
      '复查意见（市人民政府）：维持原处理意见',
      'Review decided: Upheld',
    ],
    [
      'recheck decided: revised',
      event({ type: 'recheckDecided', data: { body: '省信访局', outcome: 'revised' } }),
      '复核意见（终结）（省信访局）：变更原处理意见',
      'Recheck decided (concluded): Revised',
    ],
    [
      'concluded after the review opinion',
      event({ type: 'concluded', data: { stage: 'review' } }),
      '复核申请期限已过，复查意见为最终意见，此件终结',
      'the recheck window passed; the review opinion is final',
    ],
    [
      'concluded after the handling opinion',
      event({ type: 'concluded', data: { stage: 'handling' } }),
      '复查申请期限已过，此件终结',
      'the review window passed; the case is concluded',
    ],
    [
      'a service team asked for help',
      event({ type: 'teamReferred', data: { teamId: 'team-legal' } }),
      '请法律服务团协助',
      'asked 法律服务团 for help',
    ],
    [
      'a service team answered',
      event({ type: 'teamAnswered', data: { teamId: 'team-legal' } }),
      '法律服务团回复',
      '法律服务团 answered',
    ],
    [
      'owner removed',
      event({ type: 'ownerAssigned', data: { ownerId: null } }),
      '改为未分配',
      'put it back among the unassigned',
    ],
    [
      'owner: the actor took it',
      event({ type: 'ownerAssigned', data: { ownerId: 'handler-dept-transport' } }),
      '认领承办',
      'took it on',
    ],
    [
      'owner: given to a colleague by name',
      event({ type: 'ownerAssigned', data: { ownerId: 'handler-li' } }),
      '分配给王五承办',
      'gave it to 王五',
    ],
    [
      'owner: given to a login the directory does not know',
      event({ type: 'ownerAssigned', data: { ownerId: 'handler-gone' } }),
      '分配给本单位同事承办',
      'gave it to a colleague',
    ],
  ];

  it.each(rows)('%s', (_label, happened, zh, en) => {
    expect(sentence(happened, 'zh').what).toBe(zh);
    expect(sentence(happened, 'en').what).toBe(en);
  });

  it('covers every event type', () => {
    const covered = new Set<CaseEventType>(rows.map(([, happened]) => happened.type));
    expect(caseEventTypes.filter((type) => !covered.has(type))).toEqual([]);
  });

  it('Chinese is the default language', () => {
    const happened = event({ type: 'escalated', data: { card: 'red', deadline: 'reply' } });
    expect(eventSentence(happened, subject, names).what).toBe('红牌督办：答复期限已过');
  });

  it('the Chinese words for a missing extension length, review body or until date leave no gap word', () => {
    expect(sentence(event({ type: 'extensionRequested' }), 'zh').what).toBe('申请延期');
    expect(sentence(event({ type: 'extensionDecided', data: { approved: true } }), 'zh').what).toBe(
      '批准延期',
    );
    expect(sentence(event({ type: 'extensionDecided', data: { approved: false } }), 'zh').what).toBe(
      '不批准延期',
    );
    expect(sentence(event({ type: 'reviewRequested' }), 'zh').what).toBe('登记复查申请，由上一级机关办理');
    expect(sentence(event({ type: 'recheckRequested', data: { body: 7 } }), 'zh').what).toBe(
      '登记复核申请，由上一级机关办理',
    );
    expect(
      sentence(event({ type: 'surveyAnswered', data: { rating: 'dissatisfied', outcome: 'review' } }), 'zh')
        .what,
    ).toBe('评价：不满意，已申请复查，由上一级机关办理');
  });

  it('a review outcome without its until date (never written today) still makes a sentence', () => {
    const happened = event({
      type: 'surveyAnswered',
      data: { rating: 'dissatisfied', outcome: 'reviewable' },
    });
    expect(sentence(happened, 'zh').what).toMatch(/^评价：不满意，可于.*前申请复查$/);
    expect(sentence(happened, 'en').what).toMatch(/^rated: Dissatisfied; may ask for review \(复查\) until/);
  });

  it('English leaves no "undefined" where a body is missing', () => {
    const english = [
      sentence(event({ type: 'reviewRequested' }), 'en').what,
      sentence(event({ type: 'surveyAnswered', data: { rating: 'dissatisfied', outcome: 'review' } }), 'en')
        .what,
      sentence(event({ type: 'reviewDecided', data: { outcome: 'upheld' } }), 'en').what,
    ];
    for (const text of english) expect(text).not.toMatch(/undefined|null/);
    expect(sentence(event({ type: 'reviewDecided' }), 'zh').what).toBe('复查意见（）：');
  });

  it('English says "the level above" for a missing body and "more time" for a missing length, never a gap', () => {
    const what = (type: string, data: Record<string, unknown> = {}) =>
      sentence(event({ type: type as CaseEvent['type'], data }), 'en').what;
    expect(what('reviewRequested')).toBe('Review requested, decided by the level above');
    expect(what('surveyAnswered', { rating: 'dissatisfied', outcome: 'review' })).toBe(
      'rated: Dissatisfied; review (复查) asked, by the level above',
    );
    expect(what('extensionRequested')).toBe('asked for more time');
    expect(what('extensionDecided', { approved: true })).toBe('approved more time');
    expect(what('extensionDecided', { approved: false })).toBe('declined the extension');
    expect(what('extensionDecided', { approved: false, days: 5, unit: 'workingDays' })).toMatch(
      /^declined the extension of 5 working days$/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('who and when of a sentence', () => {
  it('names the actor in either language and gives Shanghai time', () => {
    const happened = event({ type: 'replied', at: '2026-12-04T16:05:00.000Z' });
    expect(sentence(happened, 'zh')).toEqual({
      who: '县交通运输局 张三',
      what: '答复诉求人',
      when: '2026-12-05 00:05',
    });
    expect(sentence({ ...happened, actor: { id: 'public', role: 'public' } }, 'en')).toEqual({
      who: 'The petitioner',
      what: 'replied to the petitioner',
      when: '2026-12-05 00:05',
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('why: the reason each event type gives', () => {
  type Row = readonly [label: string, happened: CaseEvent, zh: string | undefined, en: string | undefined];
  const rows: readonly Row[] = [
    [
      'triaged by the router: no rule matched',
      event({
        type: 'triaged',
        changes: {
          ...toUnit('petition-office'),
          routing: {
            before: null,
            after: { unitId: 'petition-office', ruleId: null, reason: 'no rule matched' },
          },
        },
        data: { reason: 'no rule matched' },
      }),
      '没有匹配的分派规则，转人工分办',
      'no routing rule matched',
    ],
    [
      'assigned by the router: the routing change wins over the data',
      event({
        type: 'assigned',
        changes: {
          routing: {
            before: null,
            after: { unitId: 'dept-transport', ruleId: 'R3', reason: 'rule R3, category' },
          },
        },
        data: { reason: 'rule R3' },
      }),
      '按分派规则 R3：类别为“交通出行”',
      'by routing rule R3: category is 交通出行',
    ],
    [
      'assigned by hand with a reason',
      event({ type: 'assigned', data: { reason: '涉及公路养护' } }),
      '人工交办，理由：涉及公路养护',
      'assigned by hand: 涉及公路养护',
    ],
    ['assigned by hand without a reason', event({ type: 'assigned' }), undefined, undefined],
    [
      'assigned with a reason that is not text',
      event({ type: 'assigned', data: { reason: 3 } }),
      undefined,
      undefined,
    ],
    [
      'survey comment',
      event({
        type: 'surveyAnswered',
        changes: { survey: { before: null, after: { rating: 'dissatisfied', comment: '站牌还是坏的' } } },
        data: { rating: 'dissatisfied', reason: '不该显示' },
      }),
      '诉求人意见：站牌还是坏的',
      'Comment: 站牌还是坏的',
    ],
    [
      'survey comment of blanks',
      event({
        type: 'surveyAnswered',
        changes: { survey: { before: null, after: { rating: 'satisfied', comment: '   ' } } },
        data: { rating: 'satisfied' },
      }),
      undefined,
      undefined,
    ],
    [
      'survey without a change',
      event({ type: 'surveyAnswered', data: { rating: 'satisfied' } }),
      undefined,
      undefined,
    ],
    [
      'extension decided with a note',
      event({
        type: 'extensionDecided',
        data: { approved: true, days: 5, note: '同意延期', reason: '需现场勘查' },
      }),
      '审批意见：同意延期',
      'Note: 同意延期',
    ],
    [
      'extension decided without a note: the request’s reason',
      event({ type: 'extensionDecided', data: { approved: false, days: 5, reason: '需现场勘查' } }),
      '延期理由：需现场勘查',
      'Reason: 需现场勘查',
    ],
    [
      'review opinion',
      event({ type: 'reviewDecided', data: { outcome: 'upheld', opinion: '原处理意见正确' } }),
      '意见：原处理意见正确',
      'Opinion: 原处理意见正确',
    ],
    [
      'recheck opinion',
      event({ type: 'recheckDecided', data: { outcome: 'revised', opinion: '责成重新办理' } }),
      '意见：责成重新办理',
      'Opinion: 责成重新办理',
    ],
    [
      'note text as it is',
      event({ type: 'noted', data: { text: '已电话联系诉求人' } }),
      '已电话联系诉求人',
      '已电话联系诉求人',
    ],
    ['note without text', event({ type: 'noted', data: { reason: '不该显示' } }), undefined, undefined],
    [
      'archived with a note',
      event({ type: 'archived', data: { note: '重复来信' } }),
      '说明：重复来信',
      'Note: 重复来信',
    ],
    [
      'archived without a note',
      event({ type: 'archived', data: { reason: '不该显示' } }),
      undefined,
      undefined,
    ],
    [
      'closing summary',
      event({ type: 'closed', changes: { closeSummary: { before: null, after: '已修复站牌' } } }),
      '办结说明：已修复站牌',
      'Summary: 已修复站牌',
    ],
    [
      'closed without a summary',
      event({ type: 'closed', data: { reason: '不该显示' } }),
      undefined,
      undefined,
    ],
    [
      'what a service team is asked',
      event({ type: 'teamReferred', data: { teamId: 'team-legal', question: '是否属于劳动争议' } }),
      '协助事项：是否属于劳动争议',
      'Asked: 是否属于劳动争议',
    ],
    [
      'what a service team answered',
      event({ type: 'teamAnswered', data: { teamId: 'team-legal', answer: '属于劳动争议' } }),
      '团队意见：属于劳动争议',
      'Answer: 属于劳动争议',
    ],
    [
      'any other event: its reason',
      event({ type: 'rejected', data: { reason: '不属于信访事项' } }),
      '理由：不属于信访事项',
      'Reason: 不属于信访事项',
    ],
    ['a reason of blanks', event({ type: 'returned', data: { reason: '  ' } }), undefined, undefined],
  ];

  it.each(rows)('%s', (_label, happened, zh, en) => {
    const inChinese = sentence(happened, 'zh');
    const inEnglish = sentence(happened, 'en');
    expect(inChinese.why).toBe(zh);
    expect(inEnglish.why).toBe(en);
    expect('why' in inChinese).toBe(zh !== undefined);
    expect('why' in inEnglish).toBe(en !== undefined);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('actorText', () => {
  it.each([
    ['the petitioner', { id: 'public', role: 'public' }, '诉求人', 'The petitioner'],
    ['the system', { id: 'system', role: 'system' }, '系统自动', 'Automatic'],
    [
      'the unit on the actor wins over the person’s own',
      { id: 'handler-dept-transport', role: 'handler', unitId: 'petition-office' },
      '县信访局 张三',
      '县信访局 张三',
    ],
    [
      'the person’s unit when the actor has none',
      { id: 'handler-dept-transport', role: 'handler' },
      '县交通运输局 张三',
      '县交通运输局 张三',
    ],
    [
      'a name that already says the unit is not repeated',
      { id: 'lead-transport', role: 'handler', unitId: 'dept-transport' },
      '县交通运输局承办人',
      '县交通运输局承办人',
    ],
    [
      'a name that already says the role is not repeated',
      { id: 'supervisor-demo', role: 'supervisor' },
      '督办人员',
      'Supervisor 督办人员',
    ],
    [
      'a person without a unit: role and name',
      { id: 'supervisor', role: 'supervisor' },
      '督办人员 李四',
      'Supervisor 李四',
    ],
    [
      'a person whose unit the directory no longer knows: role and name',
      { id: 'liaison-zhao', role: 'liaison' },
      '联络员 赵六',
      'Liaison officer 赵六',
    ],
    [
      'an unknown login in a known unit: unit and role',
      { id: 'handler-gone', role: 'handler', unitId: 'dept-transport' },
      '县交通运输局 承办人',
      '县交通运输局 Handler',
    ],
    [
      'an unknown login without a unit: the role',
      { id: 'admin-gone', role: 'admin' },
      '管理员',
      'Administrator',
    ],
  ] as const)('%s', (_label, actor, zh, en) => {
    expect(actorText(actor, names, 'zh')).toBe(zh);
    expect(actorText(actor, names, 'en')).toBe(en);
  });
});

describe('personText', () => {
  it.each([
    ['a person and their unit', 'handler-dept-transport', '县交通运输局 张三', '县交通运输局 张三'],
    ['a name that already says the unit', 'lead-transport', '县交通运输局承办人', '县交通运输局承办人'],
    ['a person whose unit the directory no longer knows', 'liaison-zhao', '赵六', '赵六'],
    ['a person without a unit', 'supervisor', '李四', '李四'],
    ['a login the directory does not know', 'gone-user', '其他工作人员', 'a colleague'],
  ])('%s', (_label, login, zh, en) => {
    expect(personText(login, names, 'zh')).toBe(zh);
    expect(personText(login, names, 'en')).toBe(en);
    expect(personText(login, names)).toBe(zh);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('routingText', () => {
  it('says nothing without a routing decision', () => {
    expect(routingText(null, subject, names)).toBe('');
    expect(routingText(undefined, subject, names, 'en')).toBe('');
  });

  it.each([
    [
      'no rule matched',
      { ruleId: null, reason: 'no rule matched' },
      '没有匹配的分派规则，转人工分办',
      'no routing rule matched',
    ],
    ['assigned by hand', { ruleId: null, reason: 'manual assignment' }, '人工交办', 'assigned by hand'],
    ['assigned by hand, no reason given', { ruleId: null, reason: '' }, '人工交办', 'assigned by hand'],
    [
      'assigned by hand with the person’s reason',
      { ruleId: null, reason: '涉及公路养护' },
      '人工交办，理由：涉及公路养护',
      'assigned by hand: 涉及公路养护',
    ],
    [
      'a rule that names the accused unit',
      { ruleId: 'R4', reason: 'rule R4 names the accused unit' },
      '分派规则 R4指向被检举控告的单位，转人工分办',
      'routing rule R4 points at the unit the petition accuses; a person decides',
    ],
    [
      'keyword, category and town',
      { ruleId: 'R12', reason: 'rule R12, keyword 灌溉, category, jurisdiction' },
      '按分派规则 R12：内容含关键词“灌溉”，类别为“交通出行”，镇街为“溪口镇”',
      'by routing rule R12: the text mentions “灌溉”, category is 交通出行, town is 溪口镇',
    ],
    [
      'a keyword with blanks around it',
      { ruleId: 'R12', reason: 'rule R12, keyword  灌溉 , jurisdiction' },
      '按分派规则 R12：内容含关键词“灌溉”，镇街为“溪口镇”',
      'by routing rule R12: the text mentions “灌溉”, town is 溪口镇',
    ],
    [
      'a rule with no condition in words',
      { ruleId: 'R7', reason: 'rule R7' },
      '按分派规则 R7',
      'by routing rule R7',
    ],
    [
      'words that only contain “category” or “jurisdiction” are no conditions',
      { ruleId: 'R7', reason: 'rule R7, subcategory, jurisdictions' },
      '按分派规则 R7',
      'by routing rule R7',
    ],
  ])('%s', (_label, routing, zh, en) => {
    expect(routingText(routing, subject, names, 'zh')).toBe(zh);
    expect(routingText(routing, subject, names, 'en')).toBe(en);
    expect(routingText(routing, subject, names)).toBe(zh);
  });

  it('reads a missing reason as an assignment by hand', () => {
    const routing = { ruleId: null } as unknown as { ruleId: null; reason: string };
    expect(routingText(routing, subject, names)).toBe('人工交办');
    expect(routingText(routing, subject, names, 'en')).toBe('assigned by hand');
  });

  it('drops a category or town condition when the case has none', () => {
    const routing = { ruleId: 'R3', reason: 'rule R3, category, jurisdiction' };
    expect(routingText(routing, {}, names)).toBe('按分派规则 R3');
    expect(routingText(routing, {}, names, 'en')).toBe('by routing rule R3');
    expect(routingText(routing, { jurisdictionCode: 'xikou' }, names)).toBe('按分派规则 R3：镇街为“溪口镇”');
  });

  it('shows the code when the directory cannot name the category or town', () => {
    const routing = { ruleId: 'R3', reason: 'rule R3, category, jurisdiction' };
    const codes = { categoryCode: 'water', jurisdictionCode: 'dongshan' };
    expect(routingText(routing, codes, names)).toBe('按分派规则 R3：类别为“water”，镇街为“dongshan”');
    expect(routingText(routing, subject, bareNames)).toBe('按分派规则 R3：类别为“transport”，镇街为“xikou”');
    expect(routingText(routing, subject, bareNames, 'en')).toBe(
      'by routing rule R3: category is transport, town is xikou',
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('auditLines', () => {
  const lines = (changes: CaseEvent['changes'], lang: Lang = 'zh', directory: Names = names) =>
    auditLines({ changes }, directory, lang);
  /** The one line a single changed field makes. */
  const one = (
    field: string,
    before: unknown,
    after: unknown,
    lang: Lang = 'zh',
    directory: Names = names,
  ) => {
    const [line, ...more] = lines({ [field]: { before, after } }, lang, directory);
    expect(more).toEqual([]);
    if (!line) throw new Error(`no audit line for ${field}`);
    return line;
  };

  it('names fields in English, leaves out the internal due field and calls unknown fields Other', () => {
    expect(
      lines(
        {
          status: { before: 'assigned', after: 'acknowledged' },
          due: { before: null, after: '2026-12-05T00:00:00.000Z' },
          acknowledgedAt: { before: null, after: '2026-12-04T16:05:00.000Z' },
          somethingNew: { before: null, after: { x: 1 } },
        },
        'en',
      ),
    ).toEqual([
      { field: 'State', before: 'To acknowledge', after: 'In progress' },
      { field: 'Acknowledged at', before: 'none', after: '2026-12-05 00:05' },
      { field: 'Other', before: 'none', after: 'updated' },
    ]);
    expect(lines({ somethingNew: { before: undefined, after: { x: 1 } } })).toEqual([
      { field: '其他', before: '无', after: '已更新' },
    ]);
  });

  it('words yes/no and numbers', () => {
    expect(one('confidential', false, true)).toEqual({ field: '保密件', before: '否', after: '是' });
    expect(one('confidential', false, true, 'en')).toEqual({
      field: 'Confidential',
      before: 'no',
      after: 'yes',
    });
    expect(one('reopenCount', 0, 2)).toEqual({ field: '重新办理次数', before: '0', after: '2' });
  });

  it('shows only full instants as Shanghai time; a date in a title stays as typed', () => {
    expect(one('title', '2026-12-04 站牌损坏', '2026-12-04T02:30:00.000Z')).toEqual({
      field: '标题',
      before: '2026-12-04 站牌损坏',
      after: '2026-12-04 10:30',
    });
  });

  it.each([
    [
      'unitId',
      'dept-transport',
      'dept-closed',
      ['承办单位', '县交通运输局', '其他单位'],
      ['Unit', '县交通运输局', 'another unit'],
    ],
    [
      'accusedUnitId',
      '',
      'dept-transport',
      ['被检举控告单位', '承办单位', '县交通运输局'],
      ['Unit accused', 'the unit', '县交通运输局'],
    ],
    [
      'ownerId',
      'handler-li',
      'handler-gone',
      ['承办人', '王五', '本单位同事'],
      ['Owner', '王五', 'a colleague'],
    ],
    ['channel', 'letter', 'open311', ['来源', '来信', '12345热线'], ['Channel', 'Letter', '12345 hotline']],
    [
      'petitionType',
      'complaint',
      'accusation',
      ['诉求类型', '投诉', '检举控告'],
      ['Type', 'Complaint', 'Accusation'],
    ],
    ['categoryCode', 'transport', 'water', ['类别', '交通出行', 'water'], ['Category', '交通出行', 'water']],
    ['jurisdictionCode', 'xikou', 'dongshan', ['镇街', '溪口镇', 'dongshan'], ['Town', '溪口镇', 'dongshan']],
    [
      'archiveReason',
      'no_response',
      'lost',
      ['归档原因', '评价期内未评价', 'lost'],
      ['Archived because', 'no rating', 'lost'],
    ],
    [
      'archiveReason',
      'callback',
      'concluded',
      ['归档原因', '回访已录入', '终结'],
      ['Archived because', 'call-back recorded', 'concluded'],
    ],
    [
      'policyId',
      'statutory',
      'custom-7',
      ['适用时限', '法定时限', '已设定'],
      ['Time limits', '法定时限', 'set'],
    ],
    [
      'studioId',
      'studio-1',
      'x'.repeat(80),
      ['工作室', 'studio-1', 'x'.repeat(80)],
      ['Studio', 'studio-1', 'x'.repeat(80)],
    ],
  ] as const)('%s: %s → %s', (field, before, after, zh, en) => {
    expect(one(field, before, after)).toEqual({ field: zh[0], before: zh[1], after: zh[2] });
    expect(one(field, before, after, 'en')).toEqual({ field: en[0], before: en[1], after: en[2] });
  });

  it('shows the code for categories, towns and policies when the directory cannot name them', () => {
    expect(one('categoryCode', null, 'transport', 'zh', bareNames).after).toBe('transport');
    expect(one('jurisdictionCode', null, 'xikou', 'zh', bareNames).after).toBe('xikou');
    expect(one('policyId', null, 'statutory', 'zh', bareNames).after).toBe('已设定');
    expect(one('policyId', null, 'statutory', 'en', bareNames).after).toBe('set');
  });

  it('words a routing decision with its unit, and without one', () => {
    const byRule = { unitId: 'dept-transport', ruleId: 'R3', reason: 'rule R3, category' };
    const unmatched = { unitId: null, ruleId: null, reason: 'no rule matched' };
    expect(one('routing', unmatched, byRule)).toEqual({
      field: '分派依据',
      before: '没有匹配的分派规则，转人工分办',
      after: '县交通运输局（按分派规则 R3）',
    });
    expect(one('routing', unmatched, byRule, 'en')).toEqual({
      field: 'Routing',
      before: 'no routing rule matched',
      after: '县交通运输局 (by routing rule R3)',
    });
  });

  it('lists deadlines by name and Shanghai day, in either language', () => {
    const before = { acknowledgeBy: { at: '2026-12-05T15:59:59.999Z' }, surveyBy: undefined };
    const after = {
      acknowledgeBy: { at: '2026-12-05T15:59:59.999Z' },
      replyBy: { at: '2027-01-27T16:30:00.000Z', provisional: false },
      reviewBy: {},
    };
    expect(one('deadlines', before, after)).toEqual({
      field: '期限',
      before: '签收期限 2026-12-05',
      after: '签收期限 2026-12-05；答复期限 2027-01-28',
    });
    expect(one('deadlines', {}, after, 'en')).toEqual({
      field: 'Deadlines',
      before: 'none',
      after: 'Acknowledge by 2026-12-05; Reply by 2027-01-28',
    });
    expect(one('deadlines', { replyBy: {} }, { mysteryBy: { at: '2027-01-27T00:00:00.000Z' } })).toEqual({
      field: '期限',
      before: '无',
      after: 'mysteryBy 2027-01-27',
    });
  });

  it.each([
    [{ status: 'pending', round: 1 }, '第1轮待评价', 'round 1 waiting'],
    [
      { status: 'answered', round: 2, rating: 'satisfied' },
      '第2轮已评价（满意）',
      'round 2 answered (Satisfied)',
    ],
    [{ status: 'expired' }, '第1轮已过期', 'round 1 expired'],
    [{ status: 'withdrawn', round: 3 }, '第3轮已撤回', 'round 3 withdrawn'],
    [{ status: 'mystery', round: 1, rating: 'dissatisfied' }, '第1轮（不满意）', 'round 1 (Dissatisfied)'],
  ])('a survey %o', (survey, zh, en) => {
    expect(one('survey', null, survey)).toEqual({ field: '评价', before: '无', after: zh });
    expect(one('survey', null, survey, 'en')).toEqual({ field: 'Survey', before: 'none', after: en });
  });

  it.each([
    [{ card: 'red', deadline: 'acknowledge' }, '红牌（签收期限）', 'red card (acknowledge deadline)'],
    [{ card: 'yellow', deadline: 'reply' }, '黄牌（答复期限）', 'yellow card (reply deadline)'],
    [
      { card: 'yellow', deadline: 'review' },
      '黄牌（复查（复核）意见期限）',
      'yellow card (decision deadline)',
    ],
  ])('an escalation %o', (overdue, zh, en) => {
    expect(one('overdue', null, overdue)).toEqual({ field: '督办', before: '无', after: zh });
    expect(one('overdue', null, overdue, 'en')).toEqual({ field: 'Escalation', before: 'none', after: en });
  });

  it.each([
    ['reply', { text: '已修复站牌', reason: 'x' }, '答复', 'Reply', '已修复站牌'],
    ['rejection', { reason: '不属于信访事项', opinion: 'x' }, '不予受理理由', 'Rejection', '不属于信访事项'],
    ['review', { opinion: '原处理意见正确', body: 'x' }, '复查', 'Review', '原处理意见正确'],
    ['recheck', { body: '省信访局' }, '复核', 'Recheck', '省信访局'],
    ['extensionPending', { reason: '需现场勘查', days: 5 }, '待批延期', 'Pending extension', '需现场勘查'],
  ])('the text of a %s entry', (field, entry, zhField, enField, text) => {
    expect(one(field, null, entry)).toEqual({ field: zhField, before: '无', after: text });
    expect(one(field, null, entry, 'en')).toEqual({ field: enField, before: 'none', after: text });
  });

  it('an entry without text says it was recorded', () => {
    expect(one('extensionPending', null, { days: 5 })).toEqual({
      field: '待批延期',
      before: '无',
      after: '已记录',
    });
    expect(one('review', null, { text: 7 }, 'en')).toEqual({
      field: 'Review',
      before: 'none',
      after: 'recorded',
    });
  });

  it('cuts text longer than 80 characters to 79 and an ellipsis', () => {
    const eighty = '字'.repeat(80);
    const eightyOne = `${'字'.repeat(79)}尾巴`;
    expect(one('reply', { text: eighty }, { text: eightyOne }).before).toBe(eighty);
    expect(one('reply', { text: eighty }, { text: eightyOne }).after).toBe(`${'字'.repeat(79)}…`);
    expect(one('content', eighty, eightyOne)).toEqual({
      field: '内容',
      before: eighty,
      after: `${'字'.repeat(79)}…`,
    });
  });

  it('counts lists and says other values were updated', () => {
    expect(one('transfers', [], [{ unitId: 'a' }, { unitId: 'b' }])).toEqual({
      field: '交办记录',
      before: '0 项',
      after: '2 项',
    });
    expect(one('alertsSent', ['reply:yellow'], ['reply:yellow', 'reply:red'], 'en')).toEqual({
      field: 'Alerts sent',
      before: '1 entries',
      after: '2 entries',
    });
    expect(one('petitioner', null, { name: '王五' })).toEqual({
      field: '诉求人',
      before: '无',
      after: '已更新',
    });
    expect(one('petitioner', null, { name: '王五' }, 'en').after).toBe('updated');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('readText', () => {
  it.each([
    ['case', '查看案卷', 'opened the case'],
    ['petitioner', '显示诉求人联系方式', 'revealed the petitioner'],
    ['audit', '查看审计记录', 'read the audit trail'],
    ['attachment', '查看附件', 'viewed an attachment'],
    ['attachments', '查看附件缩略图', 'viewed the attachments’ thumbnails'],
    ['attachment-view', '放大查看附件', 'viewed an attachment enlarged'],
    ['attachment-download', '下载附件', 'downloaded an attachment'],
    ['something-new', '查看', 'read'],
  ])('%s', (what, zh, en) => {
    expect(readText(what)).toBe(zh);
    expect(readText(what, 'en')).toBe(en);
  });

  it('quotes the detail, with a space in English only', () => {
    expect(readText('attachment-download', 'zh', '照片 1')).toBe('下载附件“照片 1”');
    expect(readText('attachment-download', 'en', 'photo.jpg')).toBe('downloaded an attachment “photo.jpg”');
    expect(readText('attachment', 'en', '')).toBe('viewed an attachment');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('publicEventText: what the petitioner reads on the tracking page', () => {
  /** The tracking page's unit names: a known unit by name, anything else as 承办单位. */
  const unit = (unitId: unknown) =>
    typeof unitId === 'string' ? (names.unit(unitId) ?? '承办单位') : '承办单位';
  const text = (partial: Partial<CaseEvent> & Pick<CaseEvent, 'type'>) =>
    publicEventText(event(partial), unit);

  it.each([
    ['registered', { type: 'registered' }, '您的诉求已登记'],
    ['triaged', { type: 'triaged', changes: toUnit('petition-office') }, '已转县信访局确定承办单位'],
    ['accepted', { type: 'accepted', changes: toUnit('dept-transport') }, '县交通运输局已受理'],
    ['accepted without a unit change', { type: 'accepted' }, '承办单位已受理'],
    ['assigned', { type: 'assigned', changes: toUnit('dept-transport') }, '已交办至县交通运输局'],
    ['reassigned', { type: 'reassigned', changes: toUnit('petition-office') }, '已交办至县信访局'],
    ['returned', { type: 'returned', data: { reason: '非本单位职责' } }, '正在重新确定承办单位'],
    ['rejected', { type: 'rejected', data: { reason: '不属于信访事项' } }, '不予受理：不属于信访事项'],
    ['acknowledged', { type: 'acknowledged' }, '承办单位已签收，正在办理'],
    ['replied', { type: 'replied' }, '承办单位已答复'],
    [
      'extension approved',
      {
        type: 'extensionDecided',
        data: { approved: true, days: 5, unit: 'workingDays', reason: '需现场勘查' },
      },
      '办理期限延长5个工作日，原因：需现场勘查',
    ],
    [
      'extension approved, in days',
      { type: 'extensionDecided', data: { approved: true, days: 10, reason: '需协调多部门' } },
      '办理期限延长10日，原因：需协调多部门',
    ],
    ['closed', { type: 'closed' }, '已办结，请您对办理结果进行评价'],
    ['rated, nothing follows', { type: 'surveyAnswered', data: { rating: 'satisfied' } }, '您的评价：满意'],
    [
      'rated, archived',
      { type: 'surveyAnswered', data: { rating: 'basically_satisfied', outcome: 'archived' } },
      '您的评价：基本满意',
    ],
    [
      'rated, the unit handles it again',
      { type: 'surveyAnswered', data: { rating: 'dissatisfied', outcome: 'reopened' } },
      '您的评价：不满意，已交承办单位重新办理',
    ],
    [
      'rated, review asked',
      { type: 'surveyAnswered', data: { rating: 'dissatisfied', outcome: 'review', body: '市人民政府' } },
      '您的评价：不满意，已申请复查，由市人民政府办理',
    ],
    [
      'rated, review asked of an unnamed body',
      { type: 'surveyAnswered', data: { rating: 'dissatisfied', outcome: 'review' } },
      '您的评价：不满意，已申请复查，由上一级机关办理',
    ],
    [
      'rated, may ask for review until a day',
      {
        type: 'surveyAnswered',
        data: { rating: 'dissatisfied', outcome: 'reviewable', until: '2027-01-10T15:59:59.999Z' },
      },
      '您的评价：不满意。如对处理意见不服，可于1月10日前申请复查',
    ],
    [
      'rated, may ask for review',
      { type: 'surveyAnswered', data: { rating: 'dissatisfied', outcome: 'reviewable' } },
      '您的评价：不满意。如对处理意见不服，可申请上一级机关复查',
    ],
    ['survey expired', { type: 'surveyExpired' }, '评价期已过，未收到评价'],
    ['reopened', { type: 'reopened' }, '已交承办单位重新办理'],
    ['archived', { type: 'archived' }, '已归档'],
    ['followed up', { type: 'followedUp' }, '您补充了新的情况'],
    [
      'review requested',
      { type: 'reviewRequested', data: { body: '市人民政府' } },
      '复查申请已受理，由市人民政府办理',
    ],
    ['review requested, unnamed body', { type: 'reviewRequested' }, '复查申请已受理，由上一级机关办理'],
    [
      'review decided',
      { type: 'reviewDecided', data: { body: '市人民政府', outcome: 'upheld', opinion: '原处理意见正确' } },
      '复查意见（市人民政府）：维持原处理意见。原处理意见正确',
    ],
    [
      'recheck requested',
      { type: 'recheckRequested', data: { body: '省信访局' } },
      '复核申请已受理，由省信访局办理',
    ],
    ['recheck requested, unnamed body', { type: 'recheckRequested' }, '复核申请已受理，由上一级机关办理'],
    [
      'recheck decided',
      { type: 'recheckDecided', data: { body: '省信访局', outcome: 'revised', opinion: '责成重新办理' } },
      '复核意见（省信访局）：变更原处理意见。责成重新办理。此件已终结',
    ],
    [
      'concluded after the review opinion',
      { type: 'concluded', data: { stage: 'review' } },
      '复核申请期限已过，复查意见为最终意见，此件已终结',
    ],
    [
      'concluded after the handling opinion',
      { type: 'concluded', data: { stage: 'handling' } },
      '复查申请期限已过，此件已终结',
    ],
    [
      'a service team asked for help',
      { type: 'teamReferred', data: { teamId: 'team-legal' } },
      '已请法律服务团协助办理',
    ],
  ] as const)('%s', (_label, partial, expected) => {
    expect(text(partial as Partial<CaseEvent> & Pick<CaseEvent, 'type'>)).toBe(expected);
  });

  it('keeps staff-internal events and declined extensions off the page', () => {
    const internal: readonly CaseEvent[] = [
      event({ type: 'teamAnswered', data: { teamId: 'team-legal', answer: '属于劳动争议' } }),
      event({ type: 'ownerAssigned', data: { ownerId: 'handler-li' } }),
      event({ type: 'extensionRequested', data: { days: 5, unit: 'workingDays', reason: '需现场勘查' } }),
      event({ type: 'noted', data: { text: '已电话联系' } }),
      event({ type: 'duplicateLinked' }),
      event({ type: 'reminded', data: { deadline: 'reply' } }),
      event({ type: 'escalated', data: { card: 'red', deadline: 'reply' } }),
      event({ type: 'deadlinesRecomputed' }),
      event({ type: 'classified', data: { petitionType: 'accusation', accusedUnitId: 'dept-transport' } }),
      event({
        type: 'extensionDecided',
        data: { approved: false, days: 5, unit: 'workingDays', reason: 'x' },
      }),
      event({ type: 'extensionDecided', data: { approved: true, reason: '长度未记录' } }),
    ];
    for (const happened of internal) expect(publicEventText(happened, unit), happened.type).toBeNull();
  });

  it('gives every other event type a text', () => {
    const hidden = new Set<CaseEventType>([
      'teamAnswered',
      'ownerAssigned',
      'extensionRequested',
      'noted',
      'duplicateLinked',
      'reminded',
      'escalated',
      'deadlinesRecomputed',
      'classified',
      'extensionDecided',
    ]);
    for (const type of caseEventTypes.filter((shown) => !hidden.has(shown))) {
      expect(typeof publicEventText(event({ type }), unit), type).toBe('string');
    }
  });

  it('asks the unit for the new unit of an accepted case, and for none when the unit did not change', () => {
    const asked: unknown[] = [];
    const recording = (unitId: unknown) => {
      asked.push(unitId);
      return '本单位';
    };
    expect(publicEventText(event({ type: 'accepted', changes: toUnit('dept-transport') }), recording)).toBe(
      '本单位已受理',
    );
    expect(publicEventText(event({ type: 'accepted' }), recording)).toBe('本单位已受理');
    expect(asked).toEqual(['dept-transport', null]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('reply routes', () => {
  it.each([
    [{ phone: '13812345678' }, 'sms'],
    [{ phone: '013812345678' }, 'call'],
    [{ phone: '138123456789' }, 'call'],
    [{ phone: '0571-88886666', email: 'a@b.cn' }, 'call'],
    [{ email: 'a@b.cn', address: '溪口镇一号' }, 'email'],
    [{ address: '溪口镇一号' }, 'post'],
    [{ address: '' }, 'none'],
    [{}, 'none'],
  ] as const)('%o → %s', (contact, route) => {
    expect(replyRoute(contact)).toBe(route);
  });

  it('names each route for staff, and nothing for an unknown one', () => {
    expect(replyRouteName('call')).toBe('电话告知（固定电话，收不到短信）');
    expect(replyRouteName('post', 'en')).toBe(
      'By post (the petitioner gave only a postal address; the written reply is mailed there)',
    );
    expect(replyRouteName('fax')).toBe('');
    expect(replyRouteName('fax', 'en')).toBe('');
  });
});
