import type { Case, RoutingDecision } from '../case/model.ts';
import type { RoutingRule } from '../reference/model.ts';

/**
 * Picks the responsible unit for a case from the routing rules, and says why. Chinese text is matched by
 * plain substring search: keywords like 灌溉 or 路灯 are whole words already, so no word segmentation is
 * needed, and full-width/half-width and letter case are folded first.
 */

export type RoutableCase = Pick<
  Case,
  'categoryCode' | 'jurisdictionCode' | 'title' | 'content' | 'channel' | 'confidential' | 'accusedUnitId'
>;

interface Match {
  readonly rule: RoutingRule;
  readonly conditions: number;
  readonly keyword?: string;
}

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function matchRule(rule: RoutingRule, subject: RoutableCase, text: string): Match | null {
  if (!rule.enabled) return null;
  let conditions = 0;
  if (rule.categoryCodes.length > 0) {
    if (!subject.categoryCode || !rule.categoryCodes.includes(subject.categoryCode)) return null;
    conditions++;
  }
  if (rule.jurisdictionCodes.length > 0) {
    if (!rule.jurisdictionCodes.includes(subject.jurisdictionCode)) return null;
    conditions++;
  }
  if (rule.channels.length > 0) {
    if (!rule.channels.includes(subject.channel)) return null;
    conditions++;
  }
  if (rule.confidential !== undefined) {
    if (rule.confidential !== subject.confidential) return null;
    conditions++;
  }
  let keyword: string | undefined;
  if (rule.keywords.length > 0) {
    keyword = rule.keywords.find((candidate) => text.includes(normalizeText(candidate)));
    if (!keyword) return null;
    conditions++;
  }
  // A rule without any condition would swallow everything; it never matches.
  if (conditions === 0) return null;
  return keyword === undefined ? { rule, conditions } : { rule, conditions, keyword };
}

function ruleNumber(rule: RoutingRule): number {
  return Number(rule.ruleId.slice(1));
}

function better(a: Match, b: Match): boolean {
  if (a.rule.priority !== b.rule.priority) return a.rule.priority > b.rule.priority;
  if (a.conditions !== b.conditions) return a.conditions > b.conditions;
  return ruleNumber(a.rule) < ruleNumber(b.rule);
}

function explain(match: Match): string {
  const parts = [`rule ${match.rule.ruleId}`];
  if (match.keyword) parts.push(`keyword ${match.keyword}`);
  else if (match.rule.categoryCodes.length > 0) parts.push('category');
  if (match.rule.jurisdictionCodes.length > 0) parts.push('jurisdiction');
  return parts.join(', ');
}

export interface RouteOptions {
  /** Units that returned the case ("not ours"); they are never chosen again. */
  readonly excludeUnitIds?: readonly string[];
}

export function routeCase(
  subject: RoutableCase,
  rules: readonly RoutingRule[],
  options: RouteOptions = {},
): RoutingDecision {
  const text = normalizeText(`${subject.title} ${subject.content}`);
  const excluded = new Set(options.excludeUnitIds ?? []);
  let best: Match | null = null;
  for (const rule of rules) {
    if (excluded.has(rule.unitId)) continue;
    const match = matchRule(rule, subject, text);
    if (match && (!best || better(match, best))) best = match;
  }
  if (!best) return { unitId: null, ruleId: null, reason: 'no rule matched' };
  // 检举控告: a petition is never handled by the unit it accuses. No second-best rule either: a person decides.
  if (subject.accusedUnitId !== undefined && best.rule.unitId === subject.accusedUnitId)
    return {
      unitId: null,
      ruleId: best.rule.ruleId,
      reason: `rule ${best.rule.ruleId} names the accused unit`,
    };
  return { unitId: best.rule.unitId, ruleId: best.rule.ruleId, reason: explain(best) };
}
