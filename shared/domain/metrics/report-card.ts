import type { CaseFact, ReportMonth } from './facts.ts';
import type { ReportSettings } from './settings.ts';

/**
 * The monthly report card (月度通报) per unit, the county total, the ranking and the studios' figures. It judges
 * the month's work — acknowledgements and replies that came due or were given in the month, surveys answered
 * and cases ended in it — whatever month the cases were registered in; work still open past its deadline at
 * the month's end counts against the unit. Evaluated at `asOf` (a live card: now; a frozen card: the freeze).
 * Pure arithmetic, defined in docs/metrics.md with a worked example; a rate with nothing to count is null
 * (shown "—"), and the score gives it a neutral value that never lifts the unit.
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
  /** Cases registered in the month that this unit holds (新收件数): information, not judged. */
  readonly received: number;
  /** Of those, not accepted (不予受理). */
  readonly rejected: number;
  /** Reply deadlines that fell in the month (up to `asOf`): the work that came due. */
  readonly due: number;
  /** Replies given in the month (first replies and 重新办理 replies). */
  readonly replied: number;
  /** Cases closed (办结) in the month. */
  readonly closed: number;
  /** Cases still waiting for the unit's acknowledgement or reply at the month's end (or `asOf`), past the deadline. */
  readonly openOverdue: number;
  /**
   * 响应率: acknowledgements (签收 or 不予受理) given in the month by their deadline ÷ (acknowledgements given in
   * the month + cases still unacknowledged past their deadline at the month's end).
   */
  readonly responseRate: Ratio;
  /** 解决率: cases that ended (归档) in the month without a standing 不满意 ÷ cases that ended in the month. */
  readonly resolutionRate: Ratio;
  /** 满意率: (满意 + w × 基本满意) ÷ surveys answered in the month. */
  readonly satisfactionRate: SatisfactionCounts;
  /**
   * 按期答复率: replies given in the month by their deadline ÷ (replies given in the month + cases still unanswered
   * past their reply deadline at the month's end, whatever month that deadline fell in).
   */
  readonly onTimeCloseRate: Ratio;
  /** 超期: cases answered or acknowledged late in the month, or still open past a deadline at its end. */
  readonly overdue: number;
  /** Cases in the month's work that the unit had to handle again (重新办理). */
  readonly reviews: number;
  /** Median working days from assignment to the first reply, over replies given in the month; null without. */
  readonly medianWorkingDaysToReply: number | null;
  /** Items judged (denominators of the four rates added up): the sample the score rests on. */
  readonly sample: number;
  /** Composite score 0–100 (docs/metrics.md); null when no rate has data. */
  readonly score: number | null;
}

export interface UnitCard extends CardMetrics {
  readonly unitId: string;
  readonly unitName: string;
  /** 1 = best; equal score and overdue count share a rank; null when not ranked (样本不足 or no score). */
  readonly rank: number | null;
  /** 样本不足: fewer judged items than `minCasesToRank`; listed apart, never ranked above anyone. */
  readonly sampleTooSmall: boolean;
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
  /** 截至目前: the same card over everything up to `asOf` (the last `cumulativeMonths` of registrations). */
  readonly cumulative?: CumulativeCard;
}

export interface CumulativeCard {
  readonly since: ReportMonth;
  readonly asOf: string;
  readonly county: CardMetrics;
  readonly units: readonly UnitCard[];
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

/** The stretch of time a card judges: the month (a cumulative card: everything) up to `asOf`. */
export interface Window {
  readonly from: number;
  /** min(end of the month, asOf): what had not happened by then had not happened. */
  readonly until: number;
}

const within = (instant: string | undefined, window: Window) =>
  instant !== undefined && Date.parse(instant) >= window.from && Date.parse(instant) < window.until;

/**
 * How one deadline of one case counts in a window: the act done in the window (on time or late), or still
 * not done at the window's end although the deadline had passed (late: open overdue work counts against the
 * unit in every month it stays so). Null: nothing of this deadline happened or came due in the window.
 */
function judge(
  deadline: string | undefined,
  act: string | undefined,
  stillAwaiting: boolean,
  window: Window,
): 'onTime' | 'late' | 'open-late' | null {
  if (!deadline) return null;
  if (within(act, window)) return before(act!, deadline) ? 'onTime' : 'late';
  const notDoneYet = act === undefined ? stillAwaiting : Date.parse(act) >= window.until;
  if (notDoneYet && Date.parse(deadline) < window.until) return 'open-late';
  return null;
}

const awaitingResponse = new Set(['triage', 'assigned']);
const awaitingReply = new Set(['triage', 'assigned', 'acknowledged']);
const ended = new Set(['archived']);

/** The card metrics of a set of facts over a window (docs/metrics.md, "Definitions", with a worked example). */
export function metricsOf(
  facts: readonly CaseFact[],
  window: Window,
  settings: ReportSettings,
  cohort: (fact: CaseFact) => boolean = () => false,
): CardMetrics {
  let received = 0;
  let rejected = 0;
  let due = 0;
  let replied = 0;
  let closed = 0;
  let openOverdue = 0;
  let respondedOnTime = 0;
  let responses = 0;
  let resolved = 0;
  let endedCount = 0;
  let satisfied = 0;
  let basicallySatisfied = 0;
  let dissatisfied = 0;
  let noResponse = 0;
  let repliedOnTime = 0;
  let replies = 0;
  let overdue = 0;
  let reviews = 0;
  const daysToReply: number[] = [];
  for (const fact of facts) {
    if (cohort(fact)) {
      received++;
      if (fact.status === 'rejected') rejected++;
    }
    const isRejected = fact.status === 'rejected';
    const response = judge(fact.acknowledgeBy, fact.respondedAt, awaitingResponse.has(fact.status), window);
    const reply = isRejected
      ? null
      : judge(fact.replyBy, fact.repliedAt, awaitingReply.has(fact.status), window);
    if (response) {
      responses++;
      if (response === 'onTime') respondedOnTime++;
    }
    if (reply) {
      replies++;
      if (reply === 'onTime') repliedOnTime++;
    }
    if (within(fact.replyBy, window) && !isRejected) due++;
    if (within(fact.repliedAt, window)) {
      replied++;
      if (fact.workingDaysToReply !== undefined) daysToReply.push(fact.workingDaysToReply);
    }
    if (within(fact.closedAt, window)) closed++;
    if (response === 'open-late' || reply === 'open-late') openOverdue++;
    const late = [response, reply].some((outcome) => outcome === 'late' || outcome === 'open-late');
    if (late) overdue++;
    if (ended.has(fact.status) && within(fact.archivedAt, window)) {
      endedCount++;
      if (fact.rating !== 'dissatisfied') resolved++;
    }
    if (within(fact.answeredAt, window)) {
      if (fact.rating === 'satisfied') satisfied++;
      else if (fact.rating === 'basically_satisfied') basicallySatisfied++;
      else if (fact.rating === 'dissatisfied') dissatisfied++;
    } else if (fact.surveyStatus === 'expired' && within(fact.archivedAt, window)) noResponse++;
    if (fact.reopenCount > 0 && (response || reply)) reviews++;
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
    responseRate: ratio(respondedOnTime, responses),
    resolutionRate: ratio(resolved, endedCount),
    satisfactionRate,
    onTimeCloseRate: ratio(repliedOnTime, replies),
  };
  return {
    received,
    rejected,
    due,
    replied,
    closed,
    openOverdue,
    ...rates,
    overdue,
    reviews,
    medianWorkingDaysToReply: median(daysToReply),
    sample: responses + endedCount + answered + replies,
    score: compositeScore(rates, settings),
  };
}

const rateKeys = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeCloseRate'] as const;

/**
 * 100 × Σ wᵢ·rateᵢ ÷ Σ wᵢ over all four rates, rounded to 0.1. A rate without data takes the neutral value
 * n = min(`neutralRate`, the lowest rate the unit does have), so a missing rate never lifts a score: the unit is
 * assumed no better than its own worst work, and no better than the pass line. Null without any rate.
 */
export function compositeScore(
  rates: Pick<CardMetrics, (typeof rateKeys)[number]>,
  settings: ReportSettings,
): number | null {
  const known = rateKeys
    .filter((key) => rates[key].rate !== null)
    // Unrounded: the score must not depend on how rates are displayed.
    .map((key) => rates[key].numerator / rates[key].denominator);
  if (known.length === 0) return null;
  const neutral = Math.min(settings.neutralRate, ...known);
  let weighted = 0;
  let total = 0;
  for (const key of rateKeys) {
    const weight = settings.weights[key];
    if (weight === 0) continue;
    const rate = rates[key].rate === null ? neutral : rates[key].numerator / rates[key].denominator;
    weighted += weight * rate;
    total += weight;
  }
  return total > 0 ? round((100 * weighted) / total, 1) : null;
}

/**
 * Competition ranking (1, 2, 2, 4): higher score first, then fewer overdue cases; ties share a rank. Units with
 * fewer judged items than `minCasesToRank` (样本不足) or without a score are listed after, unranked.
 */
export function rankUnits(
  cards: readonly Omit<UnitCard, 'rank' | 'sampleTooSmall'>[],
  settings: ReportSettings,
): UnitCard[] {
  const enough = (card: Omit<UnitCard, 'rank' | 'sampleTooSmall'>) => card.sample >= settings.minCasesToRank;
  const rankable = cards
    .filter((card) => card.score !== null && enough(card))
    .sort(
      (a, b) =>
        b.score! - a.score! ||
        a.overdue - b.overdue ||
        b.sample - a.sample ||
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
    ...rankable.map((card) => ({ ...card, rank: ranks.get(card.unitId)!, sampleTooSmall: false })),
    ...others.map((card) => ({ ...card, rank: null, sampleTooSmall: !enough(card) })),
  ];
}

/** Start (inclusive) and end (exclusive) of a Shanghai month, as instants. */
export function monthBounds(month: ReportMonth): { start: number; end: number } {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const start = Date.UTC(year, number - 1, 1) - 8 * 3_600_000;
  const end = Date.UTC(number === 12 ? year + 1 : year, number === 12 ? 0 : number, 1) - 8 * 3_600_000;
  return { start, end };
}

function unitCards(
  facts: readonly CaseFact[],
  window: Window,
  settings: ReportSettings,
  units: readonly Named[],
  cohort: (fact: CaseFact) => boolean,
): UnitCard[] {
  const byUnit = new Map<string, CaseFact[]>();
  for (const unit of units) byUnit.set(unit.id, []);
  for (const fact of facts) {
    if (!fact.unitId) continue;
    const list = byUnit.get(fact.unitId) ?? [];
    list.push(fact);
    byUnit.set(fact.unitId, list);
  }
  const unitNames = new Map(units.map((unit) => [unit.id, unit.name]));
  return rankUnits(
    [...byUnit.entries()].map(([unitId, unitFacts]) => ({
      unitId,
      unitName: unitNames.get(unitId) ?? unitId,
      ...metricsOf(unitFacts, window, settings, cohort),
    })),
    settings,
  );
}

export interface ReportCardInput {
  readonly month: ReportMonth;
  /**
   * Facts of the cases registered in the month and in the months before it (`settings.lookbackMonths`; more
   * for the cumulative view): the month's work includes older cases that came due, were answered or stayed open.
   */
  readonly facts: readonly CaseFact[];
  readonly asOf: Date;
  readonly settings: ReportSettings;
  /** Units and studios to list even without cases (the catalog), with their names. */
  readonly units?: readonly Named[];
  readonly studios?: readonly Named[];
  /** Also build the cumulative (截至目前) view over every fact given, since this month. */
  readonly cumulativeSince?: ReportMonth;
}

export function buildReportCard(input: ReportCardInput): ReportCard {
  const { asOf, settings } = input;
  const bounds = monthBounds(input.month);
  const window: Window = { from: bounds.start, until: Math.min(bounds.end, asOf.getTime()) };
  const inCohort = (fact: CaseFact) => fact.month === input.month;
  const facts = input.facts.filter((fact) => fact.month <= input.month);
  const units = unitCards(facts, window, settings, input.units ?? [], inCohort);
  const cohort = facts.filter(inCohort);
  const unassigned = cohort.filter((fact) => !fact.unitId).length;

  const studioNames = new Map((input.studios ?? []).map((studio) => [studio.id, studio.name]));
  const studioCounts = new Map<string, { visitors: number; suggestions: number; closed: number }>();
  for (const studio of input.studios ?? [])
    studioCounts.set(studio.id, { visitors: 0, suggestions: 0, closed: 0 });
  for (const fact of cohort) {
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

  const cumulativeWindow: Window = { from: 0, until: asOf.getTime() };
  return {
    month: input.month,
    asOf: asOf.toISOString(),
    frozen: false,
    settings,
    county: metricsOf(facts, window, settings, inCohort),
    units,
    studios,
    unassigned,
    ...(input.cumulativeSince
      ? {
          cumulative: {
            since: input.cumulativeSince,
            asOf: asOf.toISOString(),
            county: metricsOf(input.facts, cumulativeWindow, settings, () => true),
            units: unitCards(input.facts, cumulativeWindow, settings, input.units ?? [], () => true),
          },
        }
      : {}),
  };
}
