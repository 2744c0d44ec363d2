import { alertsFor, autoCloseAt } from '../domain/case/due.ts';
import {
  CaseVersionConflictError,
  CommandRefusedError,
  IllegalTransitionError,
} from '../domain/case/errors.ts';
import type { CaseCommand } from '../domain/case/lifecycle.ts';
import { type Case, type DueKind, systemActor } from '../domain/case/model.ts';
import { surveyTokenHashForClose } from '../domain/survey/links.ts';
import { logger } from '../logging/logger.ts';
import { type ActOnCaseDeps, applyCommand, policyFor } from './act-on-case.ts';

/**
 * The scheduled sweeps (DESIGN §3, issue #6). Each reads only the cases the sparse due index lists as due
 * (`store.due(kind, now)`), loads each one consistently and lets the state machine decide: the case's
 * `version` condition and its `alertsSent` make every reminder, card, automatic close and expiry happen
 * exactly once, however many sweeps overlap or repeat. A sweep that loses a race (version conflict, alert
 * already sent, state moved on) reloads the case and finds nothing left to do: that counts as success.
 */

export interface SweepDeps extends ActOnCaseDeps {
  /** Signs survey links: closing a case opens a survey round whose token hash the case keeps. */
  readonly surveySecret: () => string;
}

export interface SweepOptions {
  /** Due entries read per Query page. */
  readonly pageSize?: number;
  /** Cases worked on at the same time. */
  readonly concurrency?: number;
  /** Upper bound for one run; whatever is left is picked up by the next run. */
  readonly maxCases?: number;
}

export interface SweepReport {
  /** Due entries read from the index. */
  readonly examined: number;
  /** Commands this run committed, by event (`reminded`, `escalated`, `closed`, `surveyExpired`). */
  readonly applied: Readonly<Record<string, number>>;
  /** Races lost to another sweep or a person (nothing left to do afterwards). */
  readonly raced: number;
  /** Cases that failed with an unexpected error (left due for the next run). */
  readonly failed: number;
}

/** A sweep that could not finish some cases; thrown after all others were done, so alarms see it. */
export class SweepIncompleteError extends Error {
  override readonly name = 'SweepIncompleteError';
  constructor(
    readonly job: string,
    readonly report: SweepReport,
  ) {
    super(`${job}: ${report.failed} case(s) failed; they stay due for the next run`);
  }
}

const MAX_STEPS_PER_CASE = 12;

/** Losing a race is not a failure: someone else did the work, or the case no longer needs it. */
function lostRace(error: unknown): boolean {
  return (
    error instanceof CaseVersionConflictError ||
    error instanceof IllegalTransitionError ||
    (error instanceof CommandRefusedError &&
      ['alert-already-sent', 'survey-not-expired', 'survey-already-answered', 'window-still-open'].includes(
        error.type,
      ))
  );
}

/** The next command a due case needs at `now`, or null when nothing (more) is due. */
type NextCommand = (current: Case, deps: SweepDeps, now: Date) => Promise<CaseCommand | null>;

const nextDeadlineAlert: NextCommand = async (current, deps, now) => {
  const calendar = await deps.calendar();
  const [alert] = alertsFor(current, calendar, policyFor(current, await deps.policies())).filter(
    (candidate) => Date.parse(candidate.at) <= now.getTime(),
  );
  if (!alert) return null;
  return alert.kind === 'reminder'
    ? { type: 'remind', deadline: alert.deadline }
    : { type: 'escalate', deadline: alert.deadline, card: alert.kind };
};

const autoClose: NextCommand = async (current, deps, now) => {
  const at = autoCloseAt(current, await deps.calendar(), policyFor(current, await deps.policies()));
  if (!at || Date.parse(at) > now.getTime()) return null;
  return { type: 'close', surveyTokenHash: surveyTokenHashForClose(deps.surveySecret(), current) };
};

const surveyExpiry: NextCommand = async (current, _deps, now) => {
  const until = current.deadlines.surveyBy?.at;
  if (current.status !== 'closed' || current.survey?.status !== 'pending' || !until) return null;
  return Date.parse(until) < now.getTime() ? { type: 'expireSurvey' } : null;
};

/** 终结: the petitioner's window to ask for 复查 (after a final 不满意) or 复核 passed. */
const concludeAfterWindow: NextCommand = async (current, _deps, now) => {
  const window =
    current.status === 'reviewed'
      ? current.deadlines.recheckRequestBy
      : current.status === 'closed' && current.survey?.status === 'answered'
        ? current.deadlines.reviewRequestBy
        : undefined;
  return window && Date.parse(window.at) < now.getTime() ? { type: 'conclude' } : null;
};

interface CaseOutcome {
  readonly applied: string[];
  readonly raced: number;
}

/** Applies everything due on one case, in order (reminder, yellow, red), reloading after a lost race. */
async function settleCase(
  deps: SweepDeps,
  caseId: string,
  now: Date,
  next: NextCommand,
): Promise<CaseOutcome> {
  const applied: string[] = [];
  let raced = 0;
  let current = await deps.store.get(caseId);
  for (let step = 0; current && step < MAX_STEPS_PER_CASE; step++) {
    const command = await next(current, deps, now);
    if (!command) break;
    try {
      const decision = await applyCommand(deps, current, { command, actor: systemActor, now });
      applied.push(decision.event.type);
      current = decision.case;
    } catch (error) {
      if (!lostRace(error)) throw error;
      raced++;
      current = await deps.store.get(caseId);
    }
  }
  return { applied, raced };
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let index = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (index < items.length) {
      const item = items[index++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}

async function sweep(
  job: string,
  deps: SweepDeps,
  kinds: readonly { kind: DueKind; next: NextCommand }[],
  now: Date,
  options: SweepOptions,
): Promise<SweepReport> {
  const pageSize = options.pageSize ?? 100;
  const concurrency = options.concurrency ?? 8;
  const maxCases = options.maxCases ?? 5_000;
  const applied: Record<string, number> = {};
  let examined = 0;
  let raced = 0;
  let failed = 0;
  for (const { kind, next } of kinds) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.due(kind, now, { limit: pageSize, ...(cursor ? { cursor } : {}) });
      examined += page.items.length;
      await forEachLimited(page.items, concurrency, async (entry) => {
        try {
          const outcome = await settleCase(deps, entry.caseId, now, next);
          for (const type of outcome.applied) applied[type] = (applied[type] ?? 0) + 1;
          raced += outcome.raced;
        } catch (error) {
          failed++;
          logger.error('sweep could not settle a case', { job, kind, caseId: entry.caseId, error });
        }
      });
      cursor = page.nextCursor ?? undefined;
    } while (cursor && examined < maxCases);
  }
  const report: SweepReport = { examined, applied, raced, failed };
  if (failed > 0) throw new SweepIncompleteError(job, report);
  return report;
}

/**
 * Every 10 minutes: 催办 reminders and 督办 yellow and red cards for the acknowledge, reply and review-decision
 * deadlines (overdue is marked on the case by the card), the system's 办结 of replied cases the unit left open,
 * and 终结 of cases whose window to ask for 复查 or 复核 passed.
 */
export function runDeadlineSweep(
  deps: SweepDeps,
  now: Date,
  options: SweepOptions = {},
): Promise<SweepReport> {
  return sweep(
    'deadline-sweep',
    deps,
    [
      { kind: 'deadline', next: nextDeadlineAlert },
      { kind: 'close', next: autoClose },
      { kind: 'conclude', next: concludeAfterWindow },
    ],
    now,
    options,
  );
}

/** Daily: surveys nobody answered by their expiry archive the case as "no response" (never as satisfied). */
export function runSurveyExpiry(
  deps: SweepDeps,
  now: Date,
  options: SweepOptions = {},
): Promise<SweepReport> {
  return sweep('survey-expiry', deps, [{ kind: 'survey', next: surveyExpiry }], now, options);
}
