import { surveySecret } from '../shared/config/env.ts';
import { logger } from '../shared/logging/logger.ts';
import { calendar, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { runSurveyExpiry, type SweepReport } from '../shared/use-cases/sweeps.ts';
import { jobClock, parseScheduledRun } from '../shared/use-cases/sweeps-event.ts';

/** Scheduled daily: unanswered surveys past their expiry archive their case as "no response". */
export const handler = async (event: unknown): Promise<SweepReport> => {
  const now = jobClock(parseScheduledRun(event));
  const report = await runSurveyExpiry({ store: caseStore(), calendar, policies, surveySecret }, now);
  logger.info('survey expiry done', { now: now.toISOString(), ...report });
  return report;
};
