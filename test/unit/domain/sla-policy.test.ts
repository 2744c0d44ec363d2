import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTO_CLOSE_AFTER,
  DEFAULT_RECHECK_BODY,
  DEFAULT_REVIEW_BODY,
  hotlinePolicy,
  redoWindowOf,
  type SlaPolicy,
  selectPolicy,
  slaPolicySchema,
  statutoryPolicy,
  studioSuggestionPolicy,
} from '../../../shared/domain/policy/sla-policy.ts';

const days = (amount: number) => ({ amount, unit: 'calendarDays' as const });
const workingDays = (amount: number) => ({ amount, unit: 'workingDays' as const });

const minimal = {
  policyId: 'p',
  name: '时限',
  acknowledge: days(15),
  reply: days(60),
  extensionCap: days(30),
  objectionWindow: workingDays(5),
  surveyWindow: days(30),
};

const policy = (policyId: string, overrides: Partial<SlaPolicy> = {}): SlaPolicy =>
  slaPolicySchema.parse({ ...minimal, policyId, ...overrides });

describe('the default policies (docs/deadlines.md cites each number)', () => {
  it('信访工作条例: 15 days to accept, 60 to handle, 30 more at most, 30 + 30 for 复查 and 复核', () => {
    expect(statutoryPolicy).toEqual({
      policyId: 'statutory',
      name: '信访工作条例默认时限',
      categoryCodes: [],
      channels: [],
      petitionTypes: [],
      acknowledge: days(15),
      reply: days(60),
      extensionCap: days(30),
      objectionWindow: workingDays(5),
      surveyWindow: days(30),
      redoWindow: days(30),
      reviewRequestWindow: days(30),
      reviewDecision: days(30),
      recheckRequestWindow: days(30),
      recheckDecision: days(30),
      reviewBody: '县人民政府（县信访局承办）',
      recheckBody: '市人民政府（市信访局承办）',
      reminderLeadWorkingDays: 3,
      redCardAfter: workingDays(5),
    });
    expect([DEFAULT_REVIEW_BODY, DEFAULT_RECHECK_BODY]).toEqual([
      statutoryPolicy.reviewBody,
      statutoryPolicy.recheckBody,
    ]);
  });

  it('hotline types and studio suggestions: the 12345 limits', () => {
    const limits = {
      categoryCodes: [],
      acknowledge: workingDays(1),
      reply: workingDays(5),
      extensionCap: workingDays(10),
      objectionWindow: workingDays(2),
      surveyWindow: days(15),
      redoWindow: workingDays(5),
      reviewRequestWindow: days(30),
      reviewDecision: days(30),
      recheckRequestWindow: days(30),
      recheckDecision: days(30),
      reviewBody: DEFAULT_REVIEW_BODY,
      recheckBody: DEFAULT_RECHECK_BODY,
      reminderLeadWorkingDays: 0,
      redCardAfter: workingDays(2),
    };

    expect(hotlinePolicy).toEqual({
      policyId: 'hotline',
      name: '热线类诉求时限',
      channels: [],
      petitionTypes: ['inquiry', 'help', 'complaint', 'report', 'proposal'],
      ...limits,
    });
    expect(studioSuggestionPolicy).toEqual({
      policyId: 'studio-suggestion',
      name: '工作室意见建议时限',
      channels: ['visit'],
      petitionTypes: [],
      ...limits,
    });
  });

  it('a policy closes a replied case itself after three working days unless it says otherwise', () => {
    expect(DEFAULT_AUTO_CLOSE_AFTER).toEqual(workingDays(3));
  });
});

describe('stored policies', () => {
  it('take the statutory review steps and the reminder and card defaults when they do not say', () => {
    expect(policy('p')).toEqual({
      ...minimal,
      categoryCodes: [],
      channels: [],
      petitionTypes: [],
      reviewRequestWindow: days(30),
      reviewDecision: days(30),
      recheckRequestWindow: days(30),
      recheckDecision: days(30),
      reviewBody: DEFAULT_REVIEW_BODY,
      recheckBody: DEFAULT_RECHECK_BODY,
      reminderLeadWorkingDays: 2,
      redCardAfter: workingDays(3),
    });
  });

  it('refuse durations outside 0–365 whole days, unknown units and overlong names', () => {
    const valid = (overrides: Record<string, unknown>) =>
      slaPolicySchema.safeParse({ ...minimal, ...overrides }).success;

    expect(valid({ reply: days(0) })).toBe(true);
    expect(valid({ reply: days(365) })).toBe(true);
    expect(valid({ reply: days(366) })).toBe(false);
    expect(valid({ reply: days(-1) })).toBe(false);
    expect(valid({ reply: days(1.5) })).toBe(false);
    expect(valid({ reply: { amount: 5, unit: 'weeks' } })).toBe(false);
    expect(valid({ policyId: '' })).toBe(false);
    expect(valid({ policyId: 'x'.repeat(40) })).toBe(true);
    expect(valid({ policyId: 'x'.repeat(41) })).toBe(false);
    expect(valid({ reviewBody: '' })).toBe(false);
    expect(valid({ reviewBody: '县'.repeat(61) })).toBe(false);
    expect(valid({ recheckBody: '市'.repeat(60) })).toBe(true);
    expect(valid({ recheckBody: '' })).toBe(false);
    expect(valid({ reminderLeadWorkingDays: 31 })).toBe(false);
    expect(valid({ reminderLeadWorkingDays: 30 })).toBe(true);
    expect(valid({ reminderLeadWorkingDays: -1 })).toBe(false);
    expect(valid({ channels: ['fax'] })).toBe(false);
    expect(valid({ channels: ['web', 'email', 'letter', 'visit', 'open311'] })).toBe(true);
    expect(valid({ petitionTypes: ['gossip'] })).toBe(false);
  });

  it('redo within redoWindow, else the older reviewWindow, else 30 days', () => {
    expect(redoWindowOf(policy('p', { redoWindow: workingDays(7), reviewWindow: days(9) }))).toEqual(
      workingDays(7),
    );
    expect(redoWindowOf(policy('p', { reviewWindow: days(9) }))).toEqual(days(9));
    expect(redoWindowOf(policy('p'))).toEqual(days(30));
  });
});

describe('choosing the policy for a case', () => {
  const anyCase = policy('any');
  const byChannel = policy('by-channel', { channels: ['visit'] });
  const byCategory = policy('by-category', { categoryCodes: ['transport'] });
  const byType = policy('by-type', { petitionTypes: ['accusation'] });
  const all = [anyCase, byChannel, byCategory, byType];

  it('prefers petition type over category over channel over the catch-all', () => {
    expect(
      selectPolicy(all, { channel: 'visit', categoryCode: 'transport', petitionType: 'report' }).policyId,
    ).toBe('by-type');
    expect(selectPolicy([...all].reverse(), { channel: 'visit', categoryCode: 'transport' }).policyId).toBe(
      'by-category',
    );
    expect(selectPolicy(all, { channel: 'visit', categoryCode: 'other' }).policyId).toBe('by-channel');
    expect(selectPolicy([byChannel, anyCase], { channel: 'web' }).policyId).toBe('any');
  });

  it('counts category and channel together above category alone, and type above both', () => {
    const both = policy('both', { categoryCodes: ['transport'], channels: ['visit'] });
    const typeOnly = policy('type-only', { petitionTypes: ['claim'] });

    expect(selectPolicy([byCategory, both], { channel: 'visit', categoryCode: 'transport' }).policyId).toBe(
      'both',
    );
    expect(
      selectPolicy([both, typeOnly], { channel: 'visit', categoryCode: 'transport', petitionType: 'claim' })
        .policyId,
    ).toBe('type-only');
  });

  it('keeps the configured order between equally specific policies', () => {
    const first = policy('first', { channels: ['web'] });
    const second = policy('second', { channels: ['web', 'email'] });

    expect(selectPolicy([first, second], { channel: 'web' }).policyId).toBe('first');
    expect(selectPolicy([second, first], { channel: 'web' }).policyId).toBe('second');
  });

  it('matches a 条例 class against its hotline types, but never a case without a type', () => {
    expect(selectPolicy([byType], { channel: 'web', petitionType: 'report' }).policyId).toBe('by-type');
    expect(selectPolicy([byType], { channel: 'web', petitionType: 'accusation' }).policyId).toBe('by-type');
    expect(selectPolicy([byType], { channel: 'web', petitionType: 'complaint' }).policyId).toBe('statutory');
    expect(selectPolicy([byType], { channel: 'web' }).policyId).toBe('statutory');
    expect(selectPolicy([hotlinePolicy], { channel: 'web', petitionType: 'inquiry' }).policyId).toBe(
      'hotline',
    );
  });

  it('needs the case’s category for a category policy, and falls back to the statutory policy', () => {
    expect(selectPolicy([byCategory], { channel: 'web' })).toBe(statutoryPolicy);
    expect(selectPolicy([byCategory], { channel: 'web', categoryCode: 'health' })).toBe(statutoryPolicy);
    expect(selectPolicy([], { channel: 'web' })).toBe(statutoryPolicy);
  });
});
