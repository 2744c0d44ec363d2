import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../shared/domain/case/model.ts';
import { caseEventTypes } from '../../../shared/domain/case/model.ts';
import {
  actorText,
  auditLines,
  eventSentence,
  hearBackText,
  type Names,
  personText,
  readText,
  replyRoute,
  routingText,
} from '../../../shared/domain/case/wording.ts';

/** The one module that words the case record: who (name and unit), what, why, Shanghai time; no tokens. */

const names: Names = {
  unit: (id) => ({ 'dept-transport': '县交通运输局', 'petition-office': '县信访局' })[id],
  staff: (login) =>
    ({
      'handler-dept-transport': { name: '张三', unitId: 'dept-transport' },
      supervisor: { name: '李四' },
    })[login],
  category: (code) => ({ transport: '交通出行' })[code],
  jurisdiction: (code) => ({ xikou: '溪口镇' })[code],
};

const subject = { categoryCode: 'transport', jurisdictionCode: 'xikou' };

function event(partial: Partial<CaseEvent> & Pick<CaseEvent, 'type'>): CaseEvent {
  return {
    caseId: 'C1',
    version: 2,
    at: '2026-12-04T02:30:00.000Z',
    actor: { id: 'system', role: 'system' },
    changes: {},
    data: {},
    ...partial,
  };
}

/** Words no Chinese page may show: enum values, actor roles, field names, logins. */
const internal =
  /\b(public|system|dissatisfied|basically_satisfied|satisfied|manual assignment|rule R\d|category|jurisdiction|unitId|handler-[a-z-]+|supervisor|statutory|undefined|null)\b/;

describe('who', () => {
  it('names staff by name and unit, never by login; the petitioner and the system in words', () => {
    expect(
      actorText({ id: 'handler-dept-transport', role: 'handler', unitId: 'dept-transport' }, names),
    ).toBe('县交通运输局 张三');
    expect(actorText({ id: 'supervisor', role: 'supervisor' }, names)).toBe('督办人员 李四');
    expect(actorText({ id: 'public', role: 'public' }, names)).toBe('诉求人');
    expect(actorText({ id: 'system', role: 'system' }, names)).toBe('系统自动');
    // A login the directory does not know (a deleted account) still shows no login.
    expect(actorText({ id: 'gone-user', role: 'handler', unitId: 'dept-transport' }, names)).toBe(
      '县交通运输局 承办人',
    );
    expect(personText('supervisor', names)).toBe('李四');
    expect(personText('gone-user', names)).toBe('其他工作人员');
  });
});

describe('why: the routing decision in words', () => {
  it('reads the router’s reason back as the rule and its matched conditions', () => {
    expect(routingText({ ruleId: 'R3', reason: 'rule R3, category' }, subject, names)).toBe(
      '按分派规则 R3：类别为“交通出行”',
    );
    expect(
      routingText({ ruleId: 'R12', reason: 'rule R12, keyword 灌溉, jurisdiction' }, subject, names),
    ).toBe('按分派规则 R12：内容含关键词“灌溉”，镇街为“溪口镇”');
    expect(routingText({ ruleId: null, reason: 'no rule matched' }, subject, names)).toBe(
      '没有匹配的分派规则，转人工分办',
    );
    expect(routingText({ ruleId: null, reason: 'manual assignment' }, subject, names)).toBe('人工交办');
    expect(routingText({ ruleId: 'R4', reason: 'rule R4 names the accused unit' }, subject, names)).toContain(
      '被检举控告',
    );
  });
});

describe('every event as a Chinese sentence', () => {
  it('an automatic assignment: who, what, why and Shanghai time', () => {
    const sentence = eventSentence(
      event({
        type: 'assigned',
        changes: {
          unitId: { before: null, after: 'dept-transport' },
          routing: {
            before: null,
            after: { unitId: 'dept-transport', ruleId: 'R3', reason: 'rule R3, category' },
          },
        },
        data: { reason: 'rule R3, category' },
      }),
      subject,
      names,
    );
    expect(sentence).toEqual({
      who: '系统自动',
      what: '交办县交通运输局',
      why: '按分派规则 R3：类别为“交通出行”',
      when: '2026-12-04 10:30',
    });
  });

  it('a 不满意 answer shows the rating in words, what follows and the comment', () => {
    const sentence = eventSentence(
      event({
        type: 'surveyAnswered',
        actor: { id: 'public', role: 'public' },
        changes: {
          survey: {
            before: { status: 'pending' },
            after: { rating: 'dissatisfied', comment: '站牌还是坏的' },
          },
        },
        data: { rating: 'dissatisfied', via: 'web', outcome: 'reopened' },
      }),
      subject,
      names,
    );
    expect(sentence.who).toBe('诉求人');
    expect(sentence.what).toBe('评价：不满意，已交承办单位重新办理');
    expect(sentence.why).toBe('诉求人意见：站牌还是坏的');
  });

  it('no event type, with its typical data, leaves an internal word in the sentence or the audit lines', () => {
    const data = {
      reason: '不属于本单位职责',
      rating: 'basically_satisfied',
      via: 'callback',
      outcome: 'upheld',
      body: '县人民政府',
      days: 5,
      unit: 'workingDays',
      approved: true,
      deadline: 'reply',
      card: 'yellow',
      teamId: 'dept-transport',
      petitionType: 'complaint',
      stage: 'review',
      text: '请加快办理',
    };
    for (const type of caseEventTypes) {
      const happened = event({
        type,
        actor: { id: 'handler-dept-transport', role: 'handler', unitId: 'dept-transport' },
        data,
        changes: {
          status: { before: 'assigned', after: 'acknowledged' },
          unitId: { before: null, after: 'dept-transport' },
          deadlines: {
            before: {},
            after: { replyBy: { at: '2027-01-27T15:59:59.999Z', provisional: false } },
          },
          survey: { before: null, after: { status: 'answered', round: 1, rating: 'basically_satisfied' } },
          overdue: {
            before: null,
            after: { card: 'yellow', deadline: 'reply', since: '2026-12-04T02:30:00.000Z' },
          },
          alertsSent: { before: null, after: ['reply:yellow'] },
          policyId: { before: null, after: 'statutory' },
          somethingNew: { before: null, after: { x: 1 } },
        },
      });
      const sentence = eventSentence(happened, subject, names);
      const lines = auditLines(happened, names)
        .map((line) => `${line.field}：${line.before} → ${line.after}`)
        .join('\n');
      const all = `${sentence.who} ${sentence.what} ${sentence.why ?? ''}\n${lines}`;
      expect(all, type).not.toMatch(internal);
      expect(sentence.what, type).not.toBe(type);
    }
  });

  it('audit lines name fields in Chinese and show instants in Shanghai time', () => {
    const lines = auditLines(
      event({
        type: 'acknowledged',
        changes: {
          status: { before: 'assigned', after: 'acknowledged' },
          acknowledgedAt: { before: null, after: '2026-12-04T16:05:00.000Z' },
        },
      }),
      names,
    );
    expect(lines).toEqual([
      { field: '状态', before: '待签收', after: '办理中' },
      { field: '签收时间', before: '无', after: '2026-12-05 00:05' },
    ]);
    expect(readText('petitioner')).toBe('显示诉求人联系方式');
  });
});

describe('how the petitioner hears back', () => {
  it('promises SMS only to a mobile; a landline is phoned', () => {
    expect(replyRoute({ phone: '13812345678' })).toBe('sms');
    expect(replyRoute({ phone: '0571-88886666' })).toBe('call');
    expect(replyRoute({ email: 'a@b.cn' })).toBe('email');
    expect(hearBackText.call.zh).toContain('打电话');
    expect(hearBackText.call.zh).not.toContain('短信通知');
  });
});
