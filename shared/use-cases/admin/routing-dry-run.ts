import * as z from 'zod';
import { channels } from '../../domain/case/model.ts';
import { monthOf, monthsEndingWith } from '../../domain/metrics/facts.ts';
import { type Catalog, type RoutingRule, routingRuleSchema } from '../../domain/reference/model.ts';
import { routeCase } from '../../domain/routing/route-case.ts';
import type { RoutingSubject } from '../../ports/case-store.ts';
import { lineText, paragraphText } from '../../schemas/text.ts';

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);

/**
 * `POST /api/admin/routing-rules/dry-run`: which unit would the router pick for this petition, and why; and,
 * for a draft `rule` (tried as if it were saved, replacing the rule with the same id), what share of the last
 * 30 days' cases it would take. A rule that would take more than a fifth of everything is almost always a
 * mistake (a keyword like 问题 or 村), so the answer warns. Nothing is stored; no case text leaves the
 * function (only counts).
 */
export const dryRunSchema = z
  .strictObject({
    title: lineText(1, 60).optional(),
    content: paragraphText(0, 2000).default(''),
    categoryCode: code.optional(),
    jurisdictionCode: code.optional(),
    channel: z.enum(channels).default('web'),
    confidential: z.boolean().default(false),
    rule: z.strictObject(routingRuleSchema.shape).optional(),
  })
  .refine((request) => request.rule || (request.title && request.jurisdictionCode), {
    message: '请填写标题和镇街，或选择要检验的规则 / a title and a town, or a rule to check',
    path: ['title'],
  });
export type DryRunRequest = z.infer<typeof dryRunSchema>;

/** Above this share of recent cases a rule is flagged as too broad. */
export const BROAD_RULE_SHARE = 0.2;
export const SHARE_WINDOW_DAYS = 30;
/** The newest cases replayed at most (an admin's dry run must answer in seconds). */
export const SHARE_SAMPLE_LIMIT = 2_000;

export interface RuleShare {
  readonly ruleId: string;
  readonly windowDays: number;
  /** Cases of the window replayed (the newest, at most SHARE_SAMPLE_LIMIT). */
  readonly cases: number;
  /** Of them, cases this rule would win. */
  readonly taken: number;
  /** taken / cases, 0 when there were no cases. */
  readonly share: number;
  readonly tooBroad: boolean;
  readonly warning?: string;
}

export interface DryRunResult {
  readonly unitId?: string | null;
  readonly ruleId?: string | null;
  readonly reason?: string;
  readonly unitName?: string | null;
  /** The same decision the router would write: nothing matched goes to a triage inbox. */
  readonly outcome?: 'assigned' | 'triage';
  readonly share?: RuleShare;
}

export interface DryRunDeps {
  readonly catalog: () => Promise<Catalog>;
  /** Ids and registration times of the cases registered in a month (the report card's monthly facts). */
  readonly registeredIn: (
    month: string,
  ) => Promise<readonly { readonly caseId: string; readonly registeredAt: string }[]>;
  readonly routingSubjects: (caseIds: readonly string[]) => Promise<RoutingSubject[]>;
}

function rulesWith(catalog: Catalog, draft: RoutingRule | undefined): readonly RoutingRule[] {
  return draft
    ? [...catalog.routingRules.filter((rule) => rule.ruleId !== draft.ruleId), draft]
    : catalog.routingRules;
}

/** The share of recent cases a rule would take, from Queries on the monthly facts and batched key reads. */
export async function ruleShare(
  deps: DryRunDeps,
  catalog: Catalog,
  rule: RoutingRule,
  now: Date,
): Promise<RuleShare> {
  const since = now.getTime() - SHARE_WINDOW_DAYS * 86_400_000;
  const months = monthsEndingWith(monthOf(now), 2).filter((month) => month >= monthOf(new Date(since)));
  const recent = (await Promise.all(months.map((month) => deps.registeredIn(month))))
    .flat()
    .filter(
      (fact) => Date.parse(fact.registeredAt) >= since && Date.parse(fact.registeredAt) <= now.getTime(),
    )
    .sort((a, b) => b.registeredAt.localeCompare(a.registeredAt))
    .slice(0, SHARE_SAMPLE_LIMIT);
  const subjects = await deps.routingSubjects(recent.map((fact) => fact.caseId));
  const rules = rulesWith(catalog, rule);
  const taken = subjects.filter(
    (subject) => routeCase(subject, rules, { catalog }).ruleId === rule.ruleId,
  ).length;
  const share = subjects.length === 0 ? 0 : taken / subjects.length;
  const tooBroad = share > BROAD_RULE_SHARE;
  const percent = Math.round(share * 100);
  return {
    ruleId: rule.ruleId,
    windowDays: SHARE_WINDOW_DAYS,
    cases: subjects.length,
    taken,
    share,
    tooBroad,
    ...(tooBroad
      ? {
          warning: `规则 ${rule.ruleId} 将接收近 ${SHARE_WINDOW_DAYS} 天 ${percent}% 的诉求（${taken}/${subjects.length}），范围可能过宽，请检查关键词和条件`,
        }
      : {}),
  };
}

export async function dryRun(deps: DryRunDeps, request: DryRunRequest, now: Date): Promise<DryRunResult> {
  const catalog = await deps.catalog();
  let decision: DryRunResult = {};
  if (request.title && request.jurisdictionCode) {
    const routing = routeCase(
      {
        title: request.title,
        content: request.content,
        jurisdictionCode: request.jurisdictionCode,
        channel: request.channel,
        confidential: request.confidential,
        ...(request.categoryCode ? { categoryCode: request.categoryCode } : {}),
      },
      rulesWith(catalog, request.rule),
      { catalog },
    );
    decision = {
      ...routing,
      unitName: catalog.units.find((unit) => unit.unitId === routing.unitId)?.nameZh ?? null,
      outcome: routing.unitId ? 'assigned' : 'triage',
    };
  }
  return request.rule ? { ...decision, share: await ruleShare(deps, catalog, request.rule, now) } : decision;
}
