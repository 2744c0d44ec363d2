/**
 * `npm run job -- <schedule> [--now <ISO instant>] [--month YYYY-MM]`: runs one scheduled job now, on demand,
 * against a running `npm start`.
 *
 *   npm run job -- deadline-sweep
 *   npm run job -- survey-expiry
 *   npm run job -- monthly-report --month 2026-11
 *   npm run job -- deadline-sweep --now 2026-12-03T09:00:00+08:00     # demo: let the clock jump ahead
 *
 * How it finds the stack: `npm start` writes `<DATA_DIR>/runtime.json` (infra/local/runtime-file.ts) with its
 * pid, endpoints and resource prefix, and removes it when it stops. This reads it from the same DATA_DIR
 * (default `.data`), so no ports or flags are repeated; only a stack started with another DATA_DIR needs that
 * DATA_DIR here too. It then takes the very environment the local runtime gives its functions
 * (`functionEnvironment` in infra/local/runtime.ts: endpoints, table and queue names, the secrets kept in
 * DATA_DIR/secrets.json) and invokes the schedule's function in-process with the event EventBridge Scheduler
 * (or the local cron) would send. It starts no second runtime: whatever the job commits reaches
 * `npm start`'s stream pollers, so reminders and cards land in the outbox as usual. `--now` (local stage
 * only) and `--month` travel in the event's `detail`; cloud stages ignore `--now`.
 *
 * Exit codes: 0 done; 1 the job failed; 2 bad usage or `npm start` is not running.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adoptRuntimeEnvironment } from '../infra/local/adopt-environment.ts';
import { invoke } from '../infra/local/functions.ts';
import { scheduledEvent } from '../infra/local/scheduler.ts';
import { type ScheduleDef, schedules } from '../shared/topology.ts';

export const USAGE = `usage: npm run job -- <${schedules.map((schedule) => schedule.name).join('|')}> [--now <ISO instant>] [--month YYYY-MM]`;

export type JobArgs =
  | {
      readonly kind: 'run';
      readonly schedule: ScheduleDef;
      readonly now?: string;
      readonly month?: string;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** Pure: `argv` is what follows the script path. */
export function parseJobArgs(argv: readonly string[]): JobArgs {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  if (args.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help' };
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--now' || arg === '--month') {
      const value = args[++index];
      if (!value) return { kind: 'error', message: `${arg} needs a value; ${USAGE}` };
      options[arg.slice(2)] = value;
    } else if (arg.startsWith('-')) return { kind: 'error', message: `unknown option ${arg}; ${USAGE}` };
    else positional.push(arg);
  }
  const [name, extra] = positional;
  if (!name) return { kind: 'error', message: `missing job name; ${USAGE}` };
  if (extra) return { kind: 'error', message: `unexpected argument ${extra}; ${USAGE}` };
  const schedule = schedules.find((candidate) => candidate.name === name);
  if (!schedule) return { kind: 'error', message: `unknown job "${name}"; ${USAGE}` };
  if (options.now && Number.isNaN(Date.parse(options.now)))
    return { kind: 'error', message: `--now "${options.now}" is not an ISO instant` };
  if (options.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month))
    return { kind: 'error', message: `--month "${options.month}" is not YYYY-MM` };
  return {
    kind: 'run',
    schedule,
    ...(options.now ? { now: new Date(options.now).toISOString() } : {}),
    ...(options.month ? { month: options.month } : {}),
  };
}

/** The event the schedule's function receives: the scheduler's, plus the on-demand options in `detail`. */
export function jobEvent(args: Extract<JobArgs, { kind: 'run' }>, at = new Date()) {
  const event = scheduledEvent(args.schedule, at);
  return {
    ...event,
    detail: {
      ...event.detail,
      ...(args.now ? { now: args.now } : {}),
      ...(args.month ? { month: args.month } : {}),
    },
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseJobArgs(argv);
  if (args.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (args.kind === 'error') {
    console.error(`job: ${args.message}`);
    return 2;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    await adoptRuntimeEnvironment();
  } catch (error) {
    console.error(`job: ${(error as Error).message}`);
    return 2;
  }
  const startedAt = performance.now();
  try {
    const result = await invoke(args.schedule.fn, jobEvent(args));
    const ms = Math.round(performance.now() - startedAt);
    console.error(`job: ${args.schedule.name} (${args.schedule.fn}) finished in ${ms} ms`);
    console.log(JSON.stringify(result ?? null, null, 2));
    return 0;
  } catch (error) {
    console.error(`job: ${args.schedule.name} failed: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
  // SDK clients may keep sockets alive; like a finished Lambda invocation, don't wait for them.
  setTimeout(() => process.exit(), 1_000).unref();
}
