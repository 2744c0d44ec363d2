import * as z from 'zod';
import { stage } from '../config/env.ts';
import { logger } from '../logging/logger.ts';

/**
 * What a scheduled job receives: EventBridge Scheduler's event (or `{}` when a schedule passes no input) and,
 * from `npm run job`, optional `detail.now` and `detail.month`. The clock override exists for demos and the
 * local runtime only: any cloud stage ignores it, so a production job always runs at the real time.
 */
export const scheduledRunSchema = z
  .object({
    detail: z
      .object({
        now: z.iso.datetime({ offset: true }).optional(),
        month: z
          .string()
          .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export type ScheduledRun = z.infer<typeof scheduledRunSchema>;

export function parseScheduledRun(event: unknown): ScheduledRun {
  return scheduledRunSchema.parse(event ?? {});
}

/** The job's "now": the real clock, unless a local run asked for another instant. */
export function jobClock(run: ScheduledRun, real: Date = new Date()): Date {
  const requested = run.detail?.now;
  if (!requested) return real;
  if (stage() !== 'local' && stage() !== 'test') {
    logger.warn('ignoring a clock override outside the local stage');
    return real;
  }
  return new Date(requested);
}
