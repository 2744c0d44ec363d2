import type { Case, RoutingDecision } from '../case/model.ts';
import { type Catalog, PETITION_OFFICE_UNIT_ID, type RoutingRule } from '../reference/model.ts';
import { MIN_KEYWORD_LENGTH, normalizeText } from './normalize.ts';

export { normalizeText } from './normalize.ts';

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
    // A keyword that folds to almost nothing ("\u3000", " ", "a") would match nearly every petition; the
    // rule editor refuses them, and rules stored before that rule existed ignore them here.
    keyword = rule.keywords.find((candidate) => {
      const folded = normalizeText(candidate);
      return [...folded].length >= MIN_KEYWORD_LENGTH && text.includes(folded);
    });
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
  /**
   * The catalog's units and categories: rules naming a unit that no longer exists are skipped (a case must
   * never land in an inbox nobody sees), and a confidential category only goes to units cleared for it.
   */
  readonly catalog?: Pick<Catalog, 'units' | 'categories'>;
}

/** Is this case's category confidential (e.g. the mental-health mailbox)? */
export function inConfidentialCategory(
  subject: Pick<RoutableCase, 'categoryCode'>,
  catalog: Pick<Catalog, 'categories'>,
): boolean {
  return catalog.categories.some(
    (category) => category.code === subject.categoryCode && category.confidential,
  );
}

/** May this unit hold this case: it exists, and it is cleared for confidential work if the category needs it. */
export function unitMayHold(
  unitId: string,
  subject: Pick<RoutableCase, 'categoryCode'>,
  catalog: Pick<Catalog, 'units' | 'categories'>,
): boolean {
  const unit = catalog.units.find((candidate) => candidate.unitId === unitId);
  if (!unit) return false;
  return !inConfidentialCategory(subject, catalog) || unit.clearedForConfidential === true;
}

/**
 * 首接负责制: the studio that received an unmatched case owns it, else the county petition office; a
 * confidential category goes to the petition office unless the studio's triage unit is cleared for it.
 */
export function triageUnitFor(
  subject: Pick<RoutableCase, 'categoryCode'> & { readonly studioId?: string },
  catalog: Pick<Catalog, 'units' | 'categories' | 'studios'>,
): string {
  const studioUnit = catalog.studios.find((studio) => studio.studioId === subject.studioId)?.triageUnitId;
  return studioUnit && unitMayHold(studioUnit, subject, catalog) ? studioUnit : PETITION_OFFICE_UNIT_ID;
}

export function routeCase(
  subject: RoutableCase,
  rules: readonly RoutingRule[],
  options: RouteOptions = {},
): RoutingDecision {
  const text = normalizeText(`${subject.title} ${subject.content}`);
  const excluded = new Set(options.excludeUnitIds ?? []);
  let best: Match | null = null;
  const catalog = options.catalog;
  for (const rule of rules) {
    if (excluded.has(rule.unitId)) continue;
    if (catalog && !unitMayHold(rule.unitId, subject, catalog)) continue;
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
