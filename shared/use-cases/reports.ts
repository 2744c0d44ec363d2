import * as z from 'zod';
import type { StaffActor } from '../auth/claims.ts';
import type { WorkCalendar } from '../domain/calendar/index.ts';
import type { Case } from '../domain/case/model.ts';
import {
  type CaseFact,
  caseFactFor,
  monthOf,
  monthsEndingWith,
  previousMonth,
  REPORT_MONTH_PATTERN,
  type ReportMonth,
} from '../domain/metrics/facts.ts';
import { buildReportCard, type ReportCard } from '../domain/metrics/report-card.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { ForbiddenError, ValidationError } from '../errors/index.ts';
import type { MetricsStore } from '../ports/metrics-store.ts';

/**
 * The monthly report card (月度通报, docs/metrics.md): facts kept up to date from the table stream, a live
 * card for any month until the monthly job freezes it on the 1st at 08:00, and the frozen card from then on.
 */

/** `GET /api/staff/reports/monthly?month=YYYY-MM&format=json|csv|xlsx`. */
export const monthlyReportQuerySchema = z.object({
  month: z.string().regex(REPORT_MONTH_PATTERN, 'YYYY-MM'),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  /** `true`: also the cumulative view (截至目前); downloads always carry it. */
  cumulative: z.enum(['true', 'false']).optional(),
});

export interface RecordFactDeps {
  readonly metrics: MetricsStore;
  readonly calendar: () => WorkCalendar | Promise<WorkCalendar>;
}

/** Stream side: the fact of one case image (a replay rewrites the same values; an older image is ignored). */
export async function recordCaseFact(deps: RecordFactDeps, item: Case): Promise<'written' | 'stale'> {
  return deps.metrics.putFact(caseFactFor(item, await deps.calendar()));
}

export interface ReportDeps {
  readonly metrics: MetricsStore;
  readonly catalog: () => Promise<Catalog>;
}

function assertReportable(month: ReportMonth, now: Date): void {
  if (month > monthOf(now) || month < '2020-01') {
    throw new ValidationError([{ field: 'month', message: '只能查询已开始的月份 / a month that has begun' }]);
  }
}

/** Facts of the cases registered in the `count` months ending with `month` (one Query per month). */
async function factsOf(deps: ReportDeps, month: ReportMonth, count: number): Promise<CaseFact[]> {
  const months = monthsEndingWith(month, count);
  return (await Promise.all(months.map((each) => deps.metrics.facts(each)))).flat();
}

export interface ReportOptions {
  /** Also build the cumulative view (截至目前): reads `cumulativeMonths` partitions instead of `lookbackMonths`. */
  readonly cumulative?: boolean;
}

async function liveCard(
  deps: ReportDeps,
  month: ReportMonth,
  asOf: Date,
  options: ReportOptions = {},
): Promise<ReportCard> {
  const [settings, catalog] = await Promise.all([deps.metrics.settings(), deps.catalog()]);
  const units = catalog.units.map((unit) => ({ id: unit.unitId, name: unit.nameZh }));
  const studios = catalog.studios.map((studio) => ({ id: studio.studioId, name: studio.nameZh }));
  const lookbackFrom = monthsEndingWith(month, settings.lookbackMonths)[0]!;
  if (!options.cumulative) {
    const facts = await factsOf(deps, month, settings.lookbackMonths);
    return buildReportCard({ month, facts, asOf, settings, units, studios });
  }
  // The cumulative view runs to now: the last `cumulativeMonths` of registrations up to the current month.
  const current = monthOf(asOf);
  const since = monthsEndingWith(current, settings.cumulativeMonths)[0]!;
  const facts = await factsOf(deps, current, settings.cumulativeMonths);
  const card = buildReportCard({ month, facts, asOf, settings, units, studios, cumulativeSince: since });
  // The month's own figures read only its lookback window, exactly as without the cumulative view.
  const monthly = buildReportCard({
    month,
    facts: facts.filter((fact) => fact.month >= lookbackFrom && fact.month <= month),
    asOf,
    settings,
    units,
    studios,
  });
  return { ...card, county: monthly.county, units: monthly.units };
}

/** The frozen card of a month once the monthly job has run; until then the live one, as of now. */
export async function monthlyReport(
  deps: ReportDeps,
  month: ReportMonth,
  now: Date,
  options: ReportOptions = {},
): Promise<ReportCard> {
  assertReportable(month, now);
  return (await deps.metrics.frozenCard(month)) ?? liveCard(deps, month, now, options);
}

/**
 * The 1st at 08:00 (Shanghai): freezes last month's card as it stands. Runs once per month in effect: a
 * repeated or overlapping run finds the card frozen and keeps the first.
 */
export async function freezeMonthlyReport(
  deps: ReportDeps,
  now: Date,
  month: ReportMonth = previousMonth(monthOf(now)),
): Promise<{ month: ReportMonth; outcome: 'frozen' | 'already-frozen'; card: ReportCard }> {
  assertReportable(month, now);
  const existing = await deps.metrics.frozenCard(month);
  if (existing) return { month, outcome: 'already-frozen', card: existing };
  const card: ReportCard = {
    ...(await liveCard(deps, month, now, { cumulative: true })),
    frozen: true,
    frozenAt: now.toISOString(),
  };
  const outcome = await deps.metrics.freezeCard(card);
  return {
    month,
    outcome,
    card: outcome === 'frozen' ? card : ((await deps.metrics.frozenCard(month)) ?? card),
  };
}

/**
 * What each role sees (scoping in the use case, not only in the UI): supervisors the whole card; a
 * handler the county totals and their own unit's row with its rank; a liaison officer the county totals and
 * their studio's figures.
 */
export function scopeReport(card: ReportCard, actor: StaffActor): ReportCard {
  switch (actor.role) {
    case 'supervisor':
      return card;
    case 'handler':
      if (!actor.unitId) throw new ForbiddenError();
      return {
        ...card,
        units: card.units.filter((unit) => unit.unitId === actor.unitId),
        studios: [],
        ...(card.cumulative
          ? {
              cumulative: {
                ...card.cumulative,
                units: card.cumulative.units.filter((unit) => unit.unitId === actor.unitId),
              },
            }
          : {}),
      };
    case 'liaison':
      if (!actor.studioId) throw new ForbiddenError();
      return {
        ...card,
        units: [],
        studios: card.studios.filter((studio) => studio.studioId === actor.studioId),
        ...(card.cumulative ? { cumulative: { ...card.cumulative, units: [] } } : {}),
      };
    default:
      throw new ForbiddenError();
  }
}

export type { CaseFact };
