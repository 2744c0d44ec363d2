import { surveySecret } from '../shared/config/env.ts';
import { logger } from '../shared/logging/logger.ts';
import { calendar, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { runDeadlineSweep, type SweepReport } from '../shared/use-cases/sweeps.ts';
import { jobClock, parseScheduledRun } from '../shared/use-cases/sweeps-event.ts';

/** Scheduled every 10 minutes: reminders, yellow and red cards, and the system's close of replied cases. */
export const handler = async (event: unknown): Promise<SweepReport> => {
  const now = jobClock(parseScheduledRun(event));
  const report = await runDeadlineSweep({ store: caseStore(), calendar, policies, surveySecret }, now);
  logger.info('deadline sweep done', { now: now.toISOString(), ...report });
  return report;
};
