import * as z from 'zod';
import type { Channel } from '../case/model.ts';

/**
 * SLA policies: how long each step may take, per category and channel. Configuration, not constants:
 * the defaults below follow 信访工作条例 (2022) and are documented with their sources in docs/deadlines.md.
 */

export const durationSchema = z.object({
  amount: z.number().int().min(0).max(365),
  unit: z.enum(['workingDays', 'calendarDays']),
});
export type Duration = z.infer<typeof durationSchema>;

export const slaPolicySchema = z.object({
  policyId: z.string().min(1).max(40),
  name: z.string().min(1).max(60),
  /** Empty means "any". The most specific matching policy wins (see `selectPolicy`). */
  categoryCodes: z.array(z.string()).default([]),
  channels: z.array(z.enum(['web', 'email', 'letter', 'visit', 'open311'])).default([]),
  acknowledge: durationSchema,
  reply: durationSchema,
  extensionCap: durationSchema,
  objectionWindow: durationSchema,
  surveyWindow: durationSchema,
  reviewWindow: durationSchema,
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

const days = (amount: number): Duration => ({ amount, unit: 'calendarDays' });
const workingDays = (amount: number): Duration => ({ amount, unit: 'workingDays' });

/** 信访工作条例 defaults: accept/assign within 15 days, handle within 60, extend ≤ 30, review within 30. */
export const statutoryPolicy: SlaPolicy = {
  policyId: 'statutory',
  name: '信访工作条例默认时限',
  categoryCodes: [],
  channels: [],
  acknowledge: days(15),
  reply: days(60),
  extensionCap: days(30),
  objectionWindow: workingDays(5),
  surveyWindow: days(30),
  reviewWindow: days(30),
  reminderLeadWorkingDays: 3,
  redCardAfter: workingDays(5),
};

/** Studio suggestions and 12345-style requests: short working-day limits. */
export const studioSuggestionPolicy: SlaPolicy = {
  policyId: 'studio-suggestion',
  name: '工作室意见建议时限',
  categoryCodes: [],
  channels: ['visit'],
  acknowledge: workingDays(1),
  reply: workingDays(5),
  extensionCap: workingDays(5),
  objectionWindow: workingDays(1),
  surveyWindow: days(15),
  reviewWindow: workingDays(5),
  reminderLeadWorkingDays: 0,
  redCardAfter: workingDays(2),
};

function specificity(policy: SlaPolicy): number {
  return (policy.categoryCodes.length > 0 ? 2 : 0) + (policy.channels.length > 0 ? 1 : 0);
}

function matches(policy: SlaPolicy, categoryCode: string | undefined, channel: Channel): boolean {
  const categoryOk =
    policy.categoryCodes.length === 0 ||
    (categoryCode !== undefined && policy.categoryCodes.includes(categoryCode));
  const channelOk = policy.channels.length === 0 || policy.channels.includes(channel);
  return categoryOk && channelOk;
}

/** Category beats channel beats the catch-all; ties keep the configured order. */
export function selectPolicy(
  policies: readonly SlaPolicy[],
  categoryCode: string | undefined,
  channel: Channel,
): SlaPolicy {
  let best: SlaPolicy | undefined;
  for (const policy of policies) {
    if (!matches(policy, categoryCode, channel)) continue;
    if (!best || specificity(policy) > specificity(best)) best = policy;
  }
  return best ?? statutoryPolicy;
}
