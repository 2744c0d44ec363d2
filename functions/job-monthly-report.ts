import type { ReportMonth } from '../shared/domain/metrics/facts.ts';
import { logger } from '../shared/logging/logger.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { metricsStore } from '../shared/runtime/deps/metrics.ts';
import { freezeMonthlyReport } from '../shared/use-cases/reports.ts';
import { jobClock, parseScheduledRun } from '../shared/use-cases/sweeps-event.ts';

/** Scheduled on the 1st at 08:00 (Shanghai): freezes last month's report card (`detail.month` picks another). */
export const handler = async (event: unknown) => {
  const run = parseScheduledRun(event);
  const now = jobClock(run);
  const month = run.detail?.month as ReportMonth | undefined;
  const result = await freezeMonthlyReport({ metrics: metricsStore(), catalog }, now, month);
  logger.info('monthly report', {
    month: result.month,
    outcome: result.outcome,
    units: result.card.units.length,
    received: result.card.county.received,
  });
  return { month: result.month, outcome: result.outcome, received: result.card.county.received };
};
