import { monthOf, previousMonth, type ReportMonth } from '../shared/domain/metrics/facts.ts';
import { logger } from '../shared/logging/logger.ts';
import { topicDeps } from '../shared/runtime/deps/topics.ts';
import { computeTopics } from '../shared/use-cases/hot-topics.ts';
import { jobClock, parseScheduledRun } from '../shared/use-cases/sweeps-event.ts';

/** Scheduled on the 1st at 07:30 (Shanghai): last month's hot topics (`detail.month` picks another). */
export const handler = async (event: unknown) => {
  const run = parseScheduledRun(event);
  const now = jobClock(run);
  const month = (run.detail?.month as ReportMonth | undefined) ?? previousMonth(monthOf(now));
  const result = await computeTopics(topicDeps(), month, now);
  logger.info('hot topics', { month, topics: result.topics.length });
  return { month, topics: result.topics.length };
};
