import { surveySecret } from '../shared/config/env.ts';
import { logger } from '../shared/logging/logger.ts';
import { calendar, calendarStore, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { recomputeForCalendarData } from '../shared/use-cases/enter-official-schedule.ts';
import { runDeadlineSweep, type SweepReport } from '../shared/use-cases/sweeps.ts';
import { jobClock, parseScheduledRun } from '../shared/use-cases/sweeps-event.ts';

/**
 * Scheduled every 10 minutes: reminders, yellow and red cards, the system's close of replied cases and 终结 of
 * passed windows; first, once per chinese-days upgrade, the recomputation of provisional deadlines.
 */
export const handler = async (event: unknown): Promise<SweepReport> => {
  const now = jobClock(parseScheduledRun(event));
  await recomputeForCalendarData(
    { store: caseStore(), calendarStore: calendarStore(), policies, catalog },
    now,
  );
  const report = await runDeadlineSweep({ store: caseStore(), calendar, policies, surveySecret }, now);
  logger.info('deadline sweep done', { now: now.toISOString(), ...report });
  return report;
};
