import type { CaseFact, ReportMonth } from './facts.ts';
import type { ReportSettings } from './settings.ts';

/**
 * The monthly report card (月度通报) per unit, the county total, the ranking and the studios' figures, from
 * the facts of the cases registered in the month, evaluated at `asOf` (a live card: now; a frozen card: the
 * freeze). Pure arithmetic, defined in docs/metrics.md; a rate with nothing to count is null, never 0 or 100%.
 */

export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator, rounded to 4 decimals; null when the denominator is 0. */
  readonly rate: number | null;
}

export interface SatisfactionCounts extends Ratio {
  readonly satisfied: number;
  readonly basicallySatisfied: number;
  readonly dissatisfied: number;
  /** Surveys that expired unanswered: counted apart, never as satisfied, not in the denominator. */
  readonly noResponse: number;
}

export interface CardMetrics {
  /** Cases registered in the month that this unit holds (受理/交办件). */
  readonly received: number;
  /** Of those, not accepted (不予受理). */
  readonly rejected: number;
  /** 响应率: responded (签收 or 不予受理) by the acknowledge deadline / responses due by `asOf`. */
  readonly responseRate: Ratio;
  /**
   * 解决率: closed or archived without a standing 不满意 / cases whose resolution is due (closed, archived, or
   * past the reply deadline at `asOf`; rejections excluded): a case received yesterday does not count against.
   */
  readonly resolutionRate: Ratio;
  /** 满意率: (满意 + w × 基本满意) / answered. */
  readonly satisfactionRate: SatisfactionCounts;
  /** 按期办结率: replied by the reply deadline / replies due by `asOf`. */
  readonly onTimeCloseRate: Ratio;
  /** 超期: carded, responded or replied late, or still open past its running deadline at `asOf`. */
  readonly overdue: number;
  /** Cases reopened for review (复查) after a 不满意. */
  readonly reviews: number;
  /** Median working days from assignment to the first reply; null without replies. */
  readonly medianWorkingDaysToReply: number | null;
  /** Composite score 0–100 with the configured weights; null when no rate has data. */
  readonly score: number | null;
}

export interface UnitCard extends CardMetrics {
  readonly unitId: string;
  readonly unitName: string;
  /** 1 = best; equal score and overdue count share a rank; null when not ranked (too few cases, no score). */
  readonly rank: number | null;
}

export interface StudioCard {
  readonly studioId: string;
  readonly studioName: string;
  /** Reception-day visits registered by the studio (channel `visit`). */
  readonly visitors: number;
  /** Everything the studio registered: visits, letters and its mailbox (意见建议). */
  readonly suggestions: number;
  /** Of those, closed or archived (办结), rejected ones excluded. */
  readonly closed: number;
}

export interface ReportCard {
  readonly month: ReportMonth;
  /** The instant the open deadlines were judged against. */
  readonly asOf: string;
  readonly frozen: boolean;
  readonly frozenAt?: string;
  readonly settings: ReportSettings;
  readonly county: CardMetrics;
  /** Ranked units first (by rank), then the others by name. */
  readonly units: readonly UnitCard[];
  readonly studios: readonly StudioCard[];
  /** Cases of the month that no unit holds yet (unrouted or returned). */
  readonly unassigned: number;
}

export interface Named {
  readonly id: string;
  readonly name: string;
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, rate: denominator > 0 ? round(numerator / denominator, 4) : null };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const before = (a: string, b: string) => Date.parse(a) <= Date.parse(b);
const repliedStates = new Set(['replied', 'closed', 'archived']);
const awaitingResponse = new Set(['triage', 'assigned']);
const awaitingReply = new Set(['triage', 'assigned', 'acknowledged']);

/** The case's reply is in (a review's open second round does not count its first reply). */
const hasReplied = (fact: CaseFact) => Boolean(fact.repliedAt) && repliedStates.has(fact.status);

function isOverdue(fact: CaseFact, asOf: number): boolean {
  if (fact.carded) return true;
  if (fact.acknowledgeBy) {
    if (fact.respondedAt && !before(fact.respondedAt, fact.acknowledgeBy)) return true;
    if (!fact.respondedAt && awaitingResponse.has(fact.status) && asOf > Date.parse(fact.acknowledgeBy))
      return true;
  }
  if (fact.replyBy) {
    if (hasReplied(fact) && !before(fact.repliedAt!, fact.replyBy)) return true;
    if (!hasReplied(fact) && awaitingReply.has(fact.status) && asOf > Date.parse(fact.replyBy)) return true;
  }
  return false;
}

/** The card metrics of a set of facts at `asOf`. */
export function metricsOf(facts: readonly CaseFact[], asOf: Date, settings: ReportSettings): CardMetrics {
  const now = asOf.getTime();
  let rejected = 0;
  let respondedOnTime = 0;
  let responsesDue = 0;
  let resolved = 0;
  let resolutionDue = 0;
  let satisfied = 0;
  let basicallySatisfied = 0;
  let dissatisfied = 0;
  let noResponse = 0;
  let repliedOnTime = 0;
  let repliesDue = 0;
  let overdue = 0;
  let reviews = 0;
  const daysToReply: number[] = [];
  for (const fact of facts) {
    const isRejected = fact.status === 'rejected';
    if (isRejected) rejected++;
    if (fact.acknowledgeBy) {
      if (fact.respondedAt) {
        responsesDue++;
        if (before(fact.respondedAt, fact.acknowledgeBy)) respondedOnTime++;
      } else if (awaitingResponse.has(fact.status) && now > Date.parse(fact.acknowledgeBy)) {
        responsesDue++;
      }
    }
    const concluded = fact.status === 'closed' || fact.status === 'archived';
    if (!isRejected && (concluded || (fact.replyBy !== undefined && now > Date.parse(fact.replyBy))))
      resolutionDue++;
    if (concluded && fact.rating !== 'dissatisfied') resolved++;
    if (fact.rating === 'satisfied') satisfied++;
    else if (fact.rating === 'basically_satisfied') basicallySatisfied++;
    else if (fact.rating === 'dissatisfied') dissatisfied++;
    else if (fact.surveyStatus === 'expired') noResponse++;
    if (fact.replyBy && !isRejected) {
      if (hasReplied(fact)) {
        repliesDue++;
        if (before(fact.repliedAt!, fact.replyBy)) repliedOnTime++;
      } else if (awaitingReply.has(fact.status) && now > Date.parse(fact.replyBy)) {
        repliesDue++;
      }
    }
    if (isOverdue(fact, now)) overdue++;
    if (fact.reopenCount > 0) reviews++;
    if (fact.workingDaysToReply !== undefined) daysToReply.push(fact.workingDaysToReply);
  }
  const answered = satisfied + basicallySatisfied + dissatisfied;
  const w = settings.basicallySatisfiedWeight;
  const satisfactionRate: SatisfactionCounts = {
    ...ratio(satisfied + w * basicallySatisfied, answered),
    numerator: round(satisfied + w * basicallySatisfied, 4),
    satisfied,
    basicallySatisfied,
    dissatisfied,
    noResponse,
  };
  const rates = {
    responseRate: ratio(respondedOnTime, responsesDue),
    resolutionRate: ratio(resolved, resolutionDue),
    satisfactionRate,
    onTimeCloseRate: ratio(repliedOnTime, repliesDue),
  };
  return {
    received: facts.length,
    rejected,
    ...rates,
    overdue,
    reviews,
    medianWorkingDaysToReply: median(daysToReply),
    score: compositeScore(rates, settings),
  };
}

/** 100 × Σ wᵢ·rateᵢ / Σ wᵢ over the rates that have data (rounded to 0.1). */
export function compositeScore(
  rates: Pick<CardMetrics, 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'onTimeCloseRate'>,
  settings: ReportSettings,
): number | null {
  let weighted = 0;
  let total = 0;
  for (const key of ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeCloseRate'] as const) {
    const rate = rates[key].rate;
    const weight = settings.weights[key];
    if (rate === null || weight === 0) continue;
    // Unrounded rate: the score must not depend on how rates are displayed.
    weighted += weight * (rates[key].numerator / rates[key].denominator);
    total += weight;
  }
  return total > 0 ? round((100 * weighted) / total, 1) : null;
}

/** Competition ranking (1, 2, 2, 4): higher score first, then fewer overdue cases; ties share a rank. */
export function rankUnits(cards: readonly Omit<UnitCard, 'rank'>[], settings: ReportSettings): UnitCard[] {
  const rankable = cards
    .filter((card) => card.score !== null && card.received >= settings.minCasesToRank)
    .sort(
      (a, b) =>
        b.score! - a.score! ||
        a.overdue - b.overdue ||
        b.received - a.received ||
        a.unitId.localeCompare(b.unitId),
    );
  const ranks = new Map<string, number>();
  rankable.forEach((card, index) => {
    const previous = rankable[index - 1];
    const tied = previous && previous.score === card.score && previous.overdue === card.overdue;
    ranks.set(card.unitId, tied ? ranks.get(previous.unitId)! : index + 1);
  });
  const others = cards
    .filter((card) => !ranks.has(card.unitId))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN') || a.unitId.localeCompare(b.unitId));
  return [
    ...rankable.map((card) => ({ ...card, rank: ranks.get(card.unitId)! })),
    ...others.map((card) => ({ ...card, rank: null })),
  ];
}

export interface ReportCardInput {
  readonly month: ReportMonth;
  readonly facts: readonly CaseFact[];
  readonly asOf: Date;
  readonly settings: ReportSettings;
  /** Units and studios to list even without cases (the catalog), with their names. */
  readonly units?: readonly Named[];
  readonly studios?: readonly Named[];
}

export function buildReportCard(input: ReportCardInput): ReportCard {
  const { asOf, settings } = input;
  const facts = input.facts.filter((fact) => fact.month === input.month);
  const byUnit = new Map<string, CaseFact[]>();
  for (const unit of input.units ?? []) byUnit.set(unit.id, []);
  let unassigned = 0;
  for (const fact of facts) {
    if (!fact.unitId) {
      unassigned++;
      continue;
    }
    const list = byUnit.get(fact.unitId) ?? [];
    list.push(fact);
    byUnit.set(fact.unitId, list);
  }
  const unitNames = new Map((input.units ?? []).map((unit) => [unit.id, unit.name]));
  const units = rankUnits(
    [...byUnit.entries()].map(([unitId, unitFacts]) => ({
      unitId,
      unitName: unitNames.get(unitId) ?? unitId,
      ...metricsOf(unitFacts, asOf, settings),
    })),
    settings,
  );

  const studioNames = new Map((input.studios ?? []).map((studio) => [studio.id, studio.name]));
  const studioCounts = new Map<string, { visitors: number; suggestions: number; closed: number }>();
  for (const studio of input.studios ?? [])
    studioCounts.set(studio.id, { visitors: 0, suggestions: 0, closed: 0 });
  for (const fact of facts) {
    if (!fact.studioId) continue;
    const counts = studioCounts.get(fact.studioId) ?? { visitors: 0, suggestions: 0, closed: 0 };
    counts.suggestions++;
    if (fact.channel === 'visit') counts.visitors++;
    if (fact.status === 'closed' || fact.status === 'archived') counts.closed++;
    studioCounts.set(fact.studioId, counts);
  }
  const studios = [...studioCounts.entries()]
    .map(([studioId, counts]) => ({ studioId, studioName: studioNames.get(studioId) ?? studioId, ...counts }))
    .sort((a, b) => a.studioId.localeCompare(b.studioId));

  return {
    month: input.month,
    asOf: asOf.toISOString(),
    frozen: false,
    settings,
    county: metricsOf(facts, asOf, settings),
    units,
    studios,
    unassigned,
  };
}
