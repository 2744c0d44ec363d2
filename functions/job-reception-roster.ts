import * as z from 'zod';
import { calendar } from '../shared/runtime/deps/calendar.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { queuePublisher } from '../shared/runtime/deps/queue-publisher.ts';
import { receptionRosterStore } from '../shared/runtime/deps/reception.ts';
import { type RosterJobResult, runReceptionRoster } from '../shared/use-cases/reception.ts';

/** EventBridge Scheduler's event: `time` is the scheduled instant, the same on every retry of one run. */
const scheduledEventSchema = z.object({ time: z.iso.datetime({ offset: true }) }).partial();

/**
 * The `reception-roster` schedule (daily, Asia/Shanghai): keeps this month's and next month's reception
 * days generated and published (公示), and has tomorrow's representatives on duty and the
 * studios' liaison officers reminded through the notifications queue. "Today" is the run's scheduled
 * time, so a retried or late run still reminds for the right day.
 */
export const handler = async (event: unknown): Promise<RosterJobResult> => {
  const parsed = scheduledEventSchema.safeParse(event ?? {});
  const now = parsed.success && parsed.data.time ? new Date(parsed.data.time) : new Date();
  return runReceptionRoster(
    { store: receptionRosterStore(), catalog, calendar, publisher: queuePublisher() },
    now,
  );
};
