import * as z from 'zod';
import type { StaffActor } from '../auth/claims.ts';
import {
  type CaseFact,
  monthOf,
  monthsEndingWith,
  REPORT_MONTH_PATTERN,
  type ReportMonth,
} from '../domain/metrics/facts.ts';
import type { Catalog } from '../domain/reference/model.ts';
import type { Lexicon } from '../domain/similarity/lexicon.ts';
import { carriesLabel, type HotTopic, hotTopics, type TopicCaseState } from '../domain/similarity/topics.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors/index.ts';
import type { MetricsStore } from '../ports/metrics-store.ts';
import type { StoredTopics, TopicFocus, TopicStore } from '../ports/topic-store.ts';
import { termKinds } from './similar-cases.ts';

/**
 * Hot topics of a month (docs/metrics.md, "Hot topics"): computed by the monthly job for the month that just
 * ended, or on demand by a supervisor for any month; 每月一题 for the topics supervisors take up.
 */

export const topicsQuerySchema = z.object({
  month: z.string().regex(REPORT_MONTH_PATTERN, 'YYYY-MM').optional(),
});
export const runTopicsBodySchema = z.strictObject({
  month: z.string().regex(REPORT_MONTH_PATTERN, 'YYYY-MM'),
});
export const topicPathSchema = z.object({
  topicId: z.string().regex(/^\d{4}-\d{2}-[0-9a-f]{8}$/, 'a topic id'),
});
export const focusBodySchema = z.strictObject({
  month: z.string().regex(REPORT_MONTH_PATTERN, 'YYYY-MM'),
  ownerUnitId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
  deadline: z.iso.date('YYYY-MM-DD'),
});

export interface TopicDeps {
  readonly topics: TopicStore;
  readonly metrics: MetricsStore;
  readonly lexicon: () => Promise<Lexicon>;
  readonly catalog: () => Promise<Catalog>;
}

function requireSupervisor(actor: StaffActor): void {
  if (actor.role !== 'supervisor') throw new ForbiddenError();
}

function stateOf(fact: CaseFact): TopicCaseState {
  return { ...(fact.unitId ? { unitId: fact.unitId } : {}), resolved: fact.repliedAt !== undefined };
}

/** Clusters `month` and stores the result (a rerun replaces it). */
export async function computeTopics(deps: TopicDeps, month: ReportMonth, now: Date): Promise<StoredTopics> {
  const months = monthsEndingWith(month, 4);
  const [history, cases, facts, lexicon] = await Promise.all([
    Promise.all(months.slice(0, 3).map((each) => deps.topics.monthCases(each))),
    deps.topics.monthCases(month),
    deps.metrics.facts(month),
    deps.lexicon(),
  ]);
  const states = new Map(facts.map((fact) => [fact.caseId, stateOf(fact)]));
  const stored: StoredTopics = {
    month,
    computedAt: now.toISOString(),
    topics: hotTopics({ month, cases, history, states, isPlace: termKinds(lexicon).isPlace }),
  };
  await deps.topics.saveTopics(stored);
  return stored;
}

export interface FocusView extends TopicFocus {
  /** Progress: the topic's cases replied to, and cases that carry its label registered since it was taken up. */
  readonly progress: { readonly resolved: number; readonly total: number; readonly newSince: number };
}

async function focusViews(deps: TopicDeps, now: Date): Promise<FocusView[]> {
  const focuses = await deps.topics.focuses();
  const current = monthOf(now);
  return Promise.all(
    focuses.map(async (focus) => {
      const facts = await deps.metrics.facts(focus.month as ReportMonth);
      const ids = new Set(focus.caseIds);
      const resolved = facts.filter((fact) => ids.has(fact.caseId) && fact.repliedAt !== undefined).length;
      const since = (await deps.topics.monthCases(current)).filter(
        (item) => item.createdAt > focus.markedAt && carriesLabel(item, focus),
      ).length;
      return { ...focus, progress: { resolved, total: focus.caseIds.length, newSince: since } };
    }),
  );
}

export async function readTopics(
  deps: TopicDeps,
  actor: StaffActor,
  month: ReportMonth,
  now: Date,
): Promise<{ month: string; computedAt: string | null; topics: readonly HotTopic[]; focus: FocusView[] }> {
  requireSupervisor(actor);
  const [stored, focus] = await Promise.all([deps.topics.topics(month), focusViews(deps, now)]);
  return { month, computedAt: stored?.computedAt ?? null, topics: stored?.topics ?? [], focus };
}

export async function runTopics(deps: TopicDeps, actor: StaffActor, month: ReportMonth, now: Date) {
  requireSupervisor(actor);
  if (month > monthOf(now))
    throw new ValidationError([{ field: 'month', message: '只能分析已开始的月份 / a month that has begun' }]);
  await computeTopics(deps, month, now);
  return readTopics(deps, actor, month, now);
}

/** 每月一题: a supervisor takes up a topic of a computed month, naming the owning unit and a deadline. */
export async function markFocus(
  deps: TopicDeps,
  actor: StaffActor,
  topicId: string,
  body: z.infer<typeof focusBodySchema>,
  now: Date,
) {
  requireSupervisor(actor);
  const month = body.month as ReportMonth;
  const topic = (await deps.topics.topics(month))?.topics.find((each) => each.topicId === topicId);
  if (!topic) throw new NotFoundError({ zh: '没有找到这个热点', en: 'No such topic' });
  const { units } = await deps.catalog();
  if (!units.some((unit) => unit.unitId === body.ownerUnitId))
    throw new ValidationError([{ field: 'ownerUnitId', message: '没有这个单位 / unknown unit' }]);
  await deps.topics.saveFocus({
    topicId,
    month,
    label: topic.label,
    ...(topic.categoryCode ? { categoryCode: topic.categoryCode } : {}),
    caseIds: topic.caseIds,
    ownerUnitId: body.ownerUnitId,
    deadline: body.deadline,
    markedBy: actor.id,
    markedAt: now.toISOString(),
  });
  return readTopics(deps, actor, month, now);
}
