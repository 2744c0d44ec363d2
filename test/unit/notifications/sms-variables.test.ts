import { describe, expect, it } from 'vitest';
import {
  cleanVariableText,
  smsNotices,
  smsVariableKind,
  smsVariableNames,
  smsVariables,
} from '../../../shared/domain/notifications/sms-variables.ts';
import type { TemplateContext } from '../../../shared/domain/notifications/templates.ts';
import { signWebhook, verifyWebhook } from '../../../shared/domain/notifications/webhook-signature.ts';
import { notificationTemplates } from '../../../shared/schemas/messages.ts';

const full: TemplateContext = {
  trackingCode: 'HY-ABCD-EFGH',
  unitName: '县交通运输局',
  trackUrl: 'https://hy.example.cn/t',
  surveyWindow: '30日',
  deadline: '12月14日',
  extension: '15个工作日',
  reason: '需要现场勘查',
  reviewBody: '县信访局',
  outcome: '维持原处理意见',
  requestUntil: '1月20日',
  stage: 'reply',
  code: '042517',
  validMinutes: 5,
  reception: {
    studioName: '溪口镇工作室',
    address: '人民路1号',
    date: '12月10日',
    hours: '9:00-11:30',
    representativeNames: ['王芳', '李强'],
  },
};
const bare: TemplateContext = { trackingCode: 'HY-ABCD-EFGH', trackUrl: '' };

const valuesOfAll = (context: TemplateContext) =>
  Object.fromEntries(notificationTemplates.map((template) => [template, smsVariables(template, context)]));

describe('the values a notice offers to its SMS template', () => {
  it('reads every value of every notice kind from a full context', () => {
    expect(valuesOfAll(full)).toMatchInlineSnapshot(`
      {
        "acceptedNotice": {
          "deadline": "12月14日",
          "trackingCode": "HY-ABCD-EFGH",
          "unitName": "县交通运输局",
        },
        "accountRequest": {},
        "assignedNotice": {
          "deadline": "12月14日",
          "trackingCode": "HY-ABCD-EFGH",
          "unitName": "县交通运输局",
        },
        "concluded": {
          "finalOpinion": "处理意见",
          "lapsedStep": "复查",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "dissatisfiedNotice": {
          "requestUntil": "1月20日",
          "reviewBody": "县信访局",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "extended": {
          "deadline": "12月14日",
          "extension": "15个工作日",
          "reason": "需要现场勘查",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "newAssignment": {
          "deadline": "12月14日",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "phoneVerification": {
          "code": "042517",
          "validMinutes": "5",
        },
        "receptionReminder": {
          "receptionDate": "12月10日",
          "receptionHours": "9:00-11:30",
          "representatives": "王芳、李强",
          "studioAddress": "人民路1号",
          "studioName": "溪口镇工作室",
        },
        "recheckDecided": {
          "outcome": "维持原处理意见",
          "reviewBody": "县信访局",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "recheckRequested": {
          "deadline": "12月14日",
          "reviewBody": "县信访局",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "redCard": {
          "deadline": "12月14日",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "redo": {
          "deadline": "12月14日",
          "trackingCode": "HY-ABCD-EFGH",
          "unitName": "县交通运输局",
        },
        "redoAssigned": {
          "deadline": "12月14日",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "registered": {
          "trackingCode": "HY-ABCD-EFGH",
        },
        "rejected": {
          "reason": "需要现场勘查",
          "requestUntil": "1月20日",
          "reviewBody": "县信访局",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "reminder": {
          "deadline": "12月14日",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "replied": {
          "trackingCode": "HY-ABCD-EFGH",
          "unitName": "县交通运输局",
        },
        "reviewDecided": {
          "outcome": "维持原处理意见",
          "requestUntil": "1月20日",
          "reviewBody": "县信访局",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "reviewRequested": {
          "deadline": "12月14日",
          "reviewBody": "县信访局",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "reviewToDecide": {
          "deadline": "12月14日",
          "reviewBody": "县信访局",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "surveyInvitation": {
          "deadline": "12月14日",
          "surveyWindow": "30日",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "trackingLocked": {
          "code": "042517",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "yellowCard": {
          "deadline": "12月14日",
          "trackingCode": "HY-ABCD-EFGH",
        },
      }
    `);
  });

  it('falls back to the words of the text templates, or leaves a value out, when it is missing', () => {
    expect(valuesOfAll(bare)).toMatchInlineSnapshot(`
      {
        "acceptedNotice": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
          "unitName": "承办单位",
        },
        "accountRequest": {},
        "assignedNotice": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
          "unitName": "承办单位",
        },
        "concluded": {
          "trackingCode": "HY-ABCD-EFGH",
        },
        "dissatisfiedNotice": {
          "requestUntil": "规定期限",
          "reviewBody": "上一级机关",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "extended": {
          "deadline": "规定期限",
          "reason": "详见查询页面",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "newAssignment": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "phoneVerification": {
          "validMinutes": "10",
        },
        "receptionReminder": {
          "receptionHours": "按公示时间",
          "representatives": "待定",
          "studioAddress": "工作室",
        },
        "recheckDecided": {
          "outcome": "详见查询页面",
          "reviewBody": "上一级机关",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "recheckRequested": {
          "deadline": "规定期限",
          "reviewBody": "上一级机关",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "redCard": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "redo": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
          "unitName": "承办单位",
        },
        "redoAssigned": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "registered": {
          "trackingCode": "HY-ABCD-EFGH",
        },
        "rejected": {
          "reason": "详见查询页面",
          "requestUntil": "规定期限",
          "reviewBody": "上一级机关",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "reminder": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "replied": {
          "trackingCode": "HY-ABCD-EFGH",
          "unitName": "承办单位",
        },
        "reviewDecided": {
          "outcome": "详见查询页面",
          "requestUntil": "规定期限",
          "reviewBody": "上一级机关",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "reviewRequested": {
          "deadline": "规定期限",
          "reviewBody": "上一级机关",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "reviewToDecide": {
          "deadline": "规定期限",
          "reviewBody": "上一级机关",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "surveyInvitation": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
        },
        "trackingLocked": {
          "trackingCode": "HY-ABCD-EFGH",
        },
        "yellowCard": {
          "deadline": "规定期限",
          "trackingCode": "HY-ABCD-EFGH",
        },
      }
    `);
  });

  it('names the lapsed step and the final opinion of a concluded case by stage', () => {
    expect(smsVariables('concluded', { ...bare, stage: 'review' })).toEqual({
      trackingCode: 'HY-ABCD-EFGH',
      lapsedStep: '复核',
      finalOpinion: '复查意见',
    });
  });

  it('treats each value by its kind', () => {
    expect(smsVariableNames).toEqual([
      'trackingCode',
      'unitName',
      'deadline',
      'extension',
      'reason',
      'surveyWindow',
      'reviewBody',
      'requestUntil',
      'outcome',
      'lapsedStep',
      'finalOpinion',
      'code',
      'validMinutes',
      'receptionDate',
      'receptionHours',
      'studioName',
      'studioAddress',
      'representatives',
    ]);
    expect(smsVariableKind('code')).toBe('code');
    expect(smsVariableKind('validMinutes')).toBe('number');
    for (const name of ['trackingCode', 'extension', 'surveyWindow'] as const)
      expect(smsVariableKind(name)).toBe('exact');
    for (const name of ['unitName', 'reason', 'representatives', 'lapsedStep'] as const)
      expect(smsVariableKind(name)).toBe('text');
    // Exact values are passed as they are; only free text is cleaned.
    expect(smsVariables('registered', { ...bare, trackingCode: ' HY【1】 ' })).toEqual({
      trackingCode: ' HY【1】 ',
    });
    expect(smsVariables('replied', { ...bare, unitName: ' 县【交通】局 ' }).unitName).toBe('县（交通）局');
  });

  it('requires in every notice only values it offers', () => {
    for (const kind of notificationTemplates) {
      const notice = smsNotices[kind];
      for (const name of notice.requires) expect(notice.offers).toContain(name);
    }
  });
});

describe('free text as a variable may carry it', () => {
  it('takes out links, control characters and signature brackets, and folds spaces', () => {
    expect(cleanVariableText('见 http://a.cn/x 与 HTTPS://B.CN 及 www.c.cn/y 说明')).toBe('见 与 及 说明');
    expect(cleanVariableText('甲\u0000乙\u001F丙\u007F丁\u202E戊\u2066己')).toBe('甲 乙 丙 丁 戊 己');
    expect(cleanVariableText('\t【通知】\n')).toBe('（通知）');
    expect(cleanVariableText('a【b】c【d】')).toBe('a（b）c（d）');
    expect(cleanVariableText('  多   个  空格  ')).toBe('多 个 空格');
  });
});

describe('signed webhook deliveries', () => {
  const body = '{"trackingCode":"HY-ABCD-EFGH"}';

  it('signs the timestamp and body with HMAC-SHA256', () => {
    expect(signWebhook('secret', body, 1_700_000_000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(signWebhook('secret', body, 1_700_000_000)).not.toBe(signWebhook('other', body, 1_700_000_000));
    expect(signWebhook('secret', body, 1_700_000_000)).not.toBe(
      signWebhook('secret', `${body} `, 1_700_000_000),
    );
  });

  it('verifies a fresh signature of the same body, within five minutes either way', () => {
    const header = signWebhook('secret', body, 1_700_000_000);
    expect(verifyWebhook('secret', body, header, 1_700_000_000)).toBe(true);
    expect(verifyWebhook('secret', body, header, 1_700_000_300)).toBe(true);
    expect(verifyWebhook('secret', body, header, 1_699_999_700)).toBe(true);
    expect(verifyWebhook('secret', body, header, 1_700_000_301)).toBe(false);
    expect(verifyWebhook('secret', body, header, 1_699_999_699)).toBe(false);
    expect(verifyWebhook('secret', body, header, 1_700_000_010, 5)).toBe(false);
    expect(verifyWebhook('secret', `${body} `, header, 1_700_000_000)).toBe(false);
    expect(verifyWebhook('other', body, header, 1_700_000_000)).toBe(false);
  });

  it('refuses a header without a timestamp or a signature, or with a cut signature', () => {
    const header = signWebhook('secret', body, 1_700_000_000);
    const v1 = header.split('v1=')[1]!;
    expect(verifyWebhook('secret', body, `v1=${v1}`, 1_700_000_000)).toBe(false);
    expect(verifyWebhook('secret', body, `t=abc,v1=${v1}`, 1_700_000_000)).toBe(false);
    expect(verifyWebhook('secret', body, 't=1700000000', 1_700_000_000)).toBe(false);
    expect(verifyWebhook('secret', body, 't=1700000000,v1=', 1_700_000_000)).toBe(false);
    expect(verifyWebhook('secret', body, `t=1700000000,v1=${v1.slice(1)}`, 1_700_000_000)).toBe(false);
    expect(verifyWebhook('secret', body, `v1=${v1},t=1700000000`, 1_700_000_000)).toBe(true);
  });
});
