import { Cron } from 'croner';
import { type ScheduleDef, schedules } from '../../shared/topology.ts';
import type { AsyncInvoker } from './async-invoke.ts';

/**
 * Cron for the topology's schedules, in their time zone (Asia/Shanghai), like EventBridge Scheduler, which
 * invokes Lambda targets asynchronously: a failing job is retried and then recorded by the async invoker.
 */

export function scheduledEvent(schedule: ScheduleDef, at: Date = new Date()) {
  return {
    version: '0',
    id: `local-${schedule.name}-${at.getTime()}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: '000000000000',
    time: at.toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:scheduler:us-east-1:000000000000:schedule/default/huiyin-${schedule.name}`],
    detail: { schedule: schedule.name },
  };
}

export interface Scheduler {
  readonly names: readonly string[];
  stop(): void;
}

export function startScheduler(invoker: Pick<AsyncInvoker, 'invoke'>): Scheduler {
  const jobs = schedules.map(
    (schedule) =>
      new Cron(schedule.cron, { timezone: schedule.timeZone }, () => {
        invoker.invoke(schedule.fn, scheduledEvent(schedule));
      }),
  );
  return {
    names: schedules.map((schedule) => schedule.name),
    stop: () => {
      for (const job of jobs) job.stop();
    },
  };
}
