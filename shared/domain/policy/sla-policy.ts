import * as z from 'zod';
import { lineText } from '../../schemas/text.ts';
import type { Channel } from '../case/model.ts';
import { type PetitionType, petitionTypeInfo, petitionTypes } from '../case/petition-types.ts';

/**
 * SLA policies: how long each step may take, per category and channel. Configuration, not constants:
 * the defaults below follow 信访工作条例 (2022) and are documented with their sources in docs/deadlines.md.
 */

/** A county department's level above is the county government, whose petition bureau handles 复查 for it. */
export const DEFAULT_REVIEW_BODY = '县人民政府（县信访局承办）';
/** The county government's level above: the city government (its petition bureau). */
export const DEFAULT_RECHECK_BODY = '市人民政府（市信访局承办）';

export const durationSchema = z.object({
  amount: z.number().int().min(0).max(365),
  unit: z.enum(['workingDays', 'calendarDays']),
});
export type Duration = z.infer<typeof durationSchema>;

export const slaPolicySchema = z.object({
  policyId: z.string().min(1).max(40),
  name: lineText(1, 60),
  /** Empty means "any". The most specific matching policy wins (see `selectPolicy`). */
  categoryCodes: z.array(z.string()).default([]),
  channels: z.array(z.enum(['web', 'email', 'letter', 'visit', 'open311'])).default([]),
  /** Petition types (or 条例 classes: `opinion`, `accusation`, `claim` also match their hotline types). */
  petitionTypes: z.array(z.enum(petitionTypes)).default([]),
  acknowledge: durationSchema,
  reply: durationSchema,
  extensionCap: durationSchema,
  objectionWindow: durationSchema,
  /** Counted from the reply (答复), not from the close. */
  surveyWindow: durationSchema,
  /** 重新办理: the unit's new reply deadline after a first 不满意 or a supervisor's reopening. */
  redoWindow: durationSchema.optional(),
  /** Older name of `redoWindow`, still read from stored policies that have no `redoWindow`. */
  reviewWindow: durationSchema.optional(),
  /** 复查申请期: from the reply (Art. 35). */
  reviewRequestWindow: durationSchema.default({ amount: 30, unit: 'calendarDays' }),
  /** 复查: the reviewing body decides within this of the request (Art. 35). */
  reviewDecision: durationSchema.default({ amount: 30, unit: 'calendarDays' }),
  /** 复核申请期: from the review opinion (Art. 36). */
  recheckRequestWindow: durationSchema.default({ amount: 30, unit: 'calendarDays' }),
  /** 复核: the rechecking body decides within this of the request (Art. 36). */
  recheckDecision: durationSchema.default({ amount: 30, unit: 'calendarDays' }),
  /** "The level above" the handling unit, named in notices: it decides 复查 (a supervisor records it). */
  reviewBody: z.string().min(1).max(60).default(DEFAULT_REVIEW_BODY),
  /** The level above the reviewing body: it decides 复核 (a supervisor records the opinion it sends). */
  recheckBody: z.string().min(1).max(60).default(DEFAULT_RECHECK_BODY),
  /**
   * 催办: remind the unit at 09:00 (Shanghai) this many working days before the deadline's day; 0 means the
   * morning of the deadline day. Working days, so reminders never land on a holiday or in the night.
   */
  reminderLeadWorkingDays: z.number().int().min(0).max(30).default(2),
  /** 督办: a yellow card at the deadline, a red card this long after it. */
  redCardAfter: durationSchema.default({ amount: 3, unit: 'workingDays' }),
  /**
   * 办结: a replied case that the unit has not closed itself is closed by the system (raising the survey) at
   * 09:00 on the day this long after the reply. Absent: `DEFAULT_AUTO_CLOSE_AFTER` (3 working days).
   */
  autoCloseAfter: durationSchema.optional(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/** When a policy does not say: the unit has three working days to close with a summary of its own. */
export const DEFAULT_AUTO_CLOSE_AFTER: Duration = { amount: 3, unit: 'workingDays' };

/** 重新办理's deadline: `redoWindow`, else the older `reviewWindow`, else 30 days. */
export function redoWindowOf(policy: SlaPolicy): Duration {
  return policy.redoWindow ?? policy.reviewWindow ?? { amount: 30, unit: 'calendarDays' };
}

const days = (amount: number): Duration => ({ amount, unit: 'calendarDays' });
const workingDays = (amount: number): Duration => ({ amount, unit: 'workingDays' });

/** The review steps of 信访工作条例 Art. 35–36, the same for every policy unless a county changes them. */
const statutoryReview = {
  reviewRequestWindow: days(30),
  reviewDecision: days(30),
  recheckRequestWindow: days(30),
  recheckDecision: days(30),
  reviewBody: DEFAULT_REVIEW_BODY,
  recheckBody: DEFAULT_RECHECK_BODY,
} as const;

/**
 * 信访工作条例 (2022) defaults: accept/assign within 15 days (Art. 22–23), handle within 60 days of acceptance, extend
 * by at most 30 (Art. 34), 复查 and 复核 30 + 30 days each (Art. 35–36). docs/deadlines.md cites each number.
 */
export const statutoryPolicy: SlaPolicy = {
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
  ...statutoryReview,
  reminderLeadWorkingDays: 3,
  redCardAfter: workingDays(5),
};

/**
 * 12345-style limits from 山东省政务服务热线管理办法 (2020): reply within 5 working days, return a matter that is
 * not the unit's within 2 working days, extensions generally up to 10 working days. The other numbers are the
 * project's own (no published source found; docs/deadlines.md says so) and stay configurable.
 */
const hotlineLimits = {
  acknowledge: workingDays(1),
  reply: workingDays(5),
  extensionCap: workingDays(10),
  objectionWindow: workingDays(2),
  surveyWindow: days(15),
  redoWindow: workingDays(5),
  ...statutoryReview,
  reminderLeadWorkingDays: 0,
  redCardAfter: workingDays(2),
} as const;

/** Studio suggestions (reception-day visits): the hotline limits. */
export const studioSuggestionPolicy: SlaPolicy = {
  policyId: 'studio-suggestion',
  name: '工作室意见建议时限',
  categoryCodes: [],
  channels: ['visit'],
  petitionTypes: [],
  ...hotlineLimits,
};

/** The hotline types residents choose (咨询, 求助, 投诉, 举报, 建议): the hotline limits, whatever the channel. */
export const hotlinePolicy: SlaPolicy = {
  policyId: 'hotline',
  name: '热线类诉求时限',
  categoryCodes: [],
  channels: [],
  petitionTypes: ['inquiry', 'help', 'complaint', 'report', 'proposal'],
  ...hotlineLimits,
};

/** What a case offers for policy matching. */
export interface PolicySubject {
  readonly categoryCode?: string | undefined;
  readonly channel: Channel;
  readonly petitionType?: PetitionType | undefined;
}

function specificity(policy: SlaPolicy): number {
  return (
    (policy.petitionTypes.length > 0 ? 4 : 0) +
    (policy.categoryCodes.length > 0 ? 2 : 0) +
    (policy.channels.length > 0 ? 1 : 0)
  );
}

function typeMatches(policy: SlaPolicy, type: PetitionType | undefined): boolean {
  if (policy.petitionTypes.length === 0) return true;
  if (type === undefined) return false;
  const regulationClass = petitionTypeInfo[type].regulationClass;
  return policy.petitionTypes.some((listed) => listed === type || listed === regulationClass);
}

function matches(policy: SlaPolicy, subject: PolicySubject): boolean {
  const categoryOk =
    policy.categoryCodes.length === 0 ||
    (subject.categoryCode !== undefined && policy.categoryCodes.includes(subject.categoryCode));
  const channelOk = policy.channels.length === 0 || policy.channels.includes(subject.channel);
  return categoryOk && channelOk && typeMatches(policy, subject.petitionType);
}

/** Petition type beats category beats channel beats the catch-all; ties keep the configured order. */
export function selectPolicy(policies: readonly SlaPolicy[], subject: PolicySubject): SlaPolicy {
  let best: SlaPolicy | undefined;
  for (const policy of policies) {
    if (!matches(policy, subject)) continue;
    if (!best || specificity(policy) > specificity(best)) best = policy;
  }
  return best ?? statutoryPolicy;
}
