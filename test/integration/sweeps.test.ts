import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { provisionTables } from '../../infra/local/provision.ts';
import { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { createWorkCalendar } from '../../shared/domain/calendar/index.ts';
import { type CaseCommand, decide, register } from '../../shared/domain/case/lifecycle.ts';
import {
  type Actor,
  type Case,
  type CaseEvent,
  type Channel,
  publicActor,
  systemActor,
} from '../../shared/domain/case/model.ts';
import { newTrackingCode } from '../../shared/domain/case/tracking-code.ts';
import {
  type SlaPolicy,
  selectPolicy,
  statutoryPolicy,
  studioSuggestionPolicy,
} from '../../shared/domain/policy/sla-policy.ts';
import { surveyToken, surveyTokenHash } from '../../shared/domain/survey/token.ts';
import { applyCommand } from '../../shared/use-cases/act-on-case.ts';
import { runDeadlineSweep, runSurveyExpiry, type SweepDeps } from '../../shared/use-cases/sweeps.ts';

/**
 * The deadline sweep and survey expiry on DynamoDB Local with a controlled clock: cases walk through 2026
 * (Spring Festival 15–23 February with make-up Saturdays 14 and 28 February; Mid-autumn 25–27 September;
 * National Day 1–7 October with make-up days 20 September and 10 October). The clock jumps from one
 * scheduled run to the next: the first 10-minute tick at or after the earliest due item (the survey job: the
 * first 00:30), and every run is two sweeps started at the same moment, then a third that repeats it.
 */

const SURVEY_SECRET = 'sweep-test-survey-secret-0123456789';
const calendar = createWorkCalendar({ overrides: [] });
const policies = [statutoryPolicy, studioSuggestionPolicy];
let dynamodb: DynamoDBClient;
let store: DynamoCaseStore;
let deps: SweepDeps;

beforeAll(async () => {
  dynamodb = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = await provisionTables(dynamodb, `w${randomBytes(4).toString('hex')}-`);
  store = new DynamoCaseStore({
    client: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    tableName: tables.main,
    idempotencyTableName: tables.idempotency,
    cursorSecret: 'sweep-test-cursor-secret-0123',
  });
  deps = { store, calendar: () => calendar, policies: () => policies, surveySecret: () => SURVEY_SECRET };
});

afterAll(() => dynamodb?.destroy());

/** `2026-02-14 09:00` Shanghai wall-clock time. */
const at = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}+08:00`);
const iso = (wallClock: string) => at(wallClock).toISOString();
const handlerOf = (unitId: string): Actor => ({ id: `handler-${unitId}`, role: 'handler', unitId });

async function assignedCase(unitId: string, channel: Channel, assignedAt: Date): Promise<Case> {
  const registered = register(
    {
      caseId: ulid(assignedAt.getTime() - 60_000),
      trackingCode: newTrackingCode(),
      channel,
      categoryCode: 'transport',
      jurisdictionCode: 'chengguan',
      ...(channel === 'visit' ? { studioId: 'studio-chengguan' } : {}),
      title: '路灯不亮',
      content: '人民路路灯已坏一周。',
      petitioner: { phone: '13812345678', anonymous: false },
      confidential: false,
    },
    { actor: publicActor, now: new Date(assignedAt.getTime() - 60_000) },
  );
  await store.create(registered, []);
  const policy: SlaPolicy = selectPolicy(policies, { categoryCode: 'transport', channel });
  const assigned = decide(
    registered.case,
    { type: 'assign', unitId },
    { actor: systemActor, now: assignedAt, calendar, policy },
  );
  await store.commit(assigned);
  return assigned.case;
}

/** A person acting on a case at a given moment (through the same use case as the staff API). */
interface ScriptedAction {
  readonly at: Date;
  readonly caseId: () => string;
  readonly command: CaseCommand;
  readonly actor: Actor;
}

const TEN_MINUTES = 10 * 60_000;
const FAR_FUTURE = new Date('2099-01-01T00:00:00Z');

async function earliestDue(kind: 'deadline' | 'close' | 'survey'): Promise<number | null> {
  const { items } = await store.due(kind, FAR_FUTURE, { limit: 1 });
  return items[0]?.due ? Date.parse(items[0].due.at) : null;
}

/** The first 10-minute tick at or after `ms` (Shanghai is UTC+8, so the ticks line up with UTC's). */
const nextSweepTick = (ms: number) => Math.ceil(ms / TEN_MINUTES) * TEN_MINUTES;

/** The first 00:30 Shanghai at or after `ms`. */
function nextSurveyTick(ms: number): number {
  const day = 86_400_000;
  const offset = 16.5 * 3_600_000; // 00:30 Shanghai = 16:30 UTC
  return Math.ceil((ms - offset) / day) * day + offset;
}

/** Runs the schedules from `from` to `until`, interleaving scripted actions; returns the instants swept. */
async function walk(from: Date, until: Date, actions: ScriptedAction[]): Promise<Date[]> {
  const pending = [...actions].sort((a, b) => a.at.getTime() - b.at.getTime());
  const runs: Date[] = [];
  let clock = from.getTime();
  for (let guard = 0; guard < 500; guard++) {
    const deadline = await earliestDue('deadline');
    const close = await earliestDue('close');
    const survey = await earliestDue('survey');
    const sweepDue = [deadline, close].filter((value): value is number => value !== null);
    const sweepAt = sweepDue.length > 0 ? Math.max(clock, nextSweepTick(Math.min(...sweepDue))) : Infinity;
    const surveyAt = survey !== null ? Math.max(clock, nextSurveyTick(survey)) : Infinity;
    const actionAt = pending[0]?.at.getTime() ?? Infinity;
    const next = Math.min(sweepAt, surveyAt, actionAt);
    if (next === Infinity || next > until.getTime()) break;
    clock = next;
    const now = new Date(next);
    if (actionAt === next) {
      const action = pending.shift()!;
      const current = (await store.get(action.caseId()))!;
      await applyCommand({ store, calendar: () => calendar, policies: () => policies }, current, {
        command: action.command,
        actor: action.actor,
        now,
      });
      continue;
    }
    runs.push(now);
    const job = sweepAt === next ? runDeadlineSweep : runSurveyExpiry;
    // Two runs overlapping (EventBridge delivers at least once; a slow run meets the next one) …
    await Promise.all([job(deps, now), job(deps, now)]);
    // … and a repeat of the same run: neither may do anything twice.
    await job(deps, now);
    clock = next + 1;
  }
  return runs;
}

type Summary = [type: string, detail: string, at: string][];

/** The sweep-made events of a case: reminders, cards, system close, survey expiry. */
async function sweepEvents(caseId: string): Promise<Summary> {
  const timeline: CaseEvent[] = await store.timeline(caseId);
  return timeline
    .filter((event) => event.actor.role === 'system' && event.type !== 'assigned')
    .map((event) => [
      event.type,
      event.type === 'escalated'
        ? `${String(event.data.deadline)}:${String(event.data.card)}`
        : event.type === 'reminded'
          ? `${String(event.data.deadline)}:reminder`
          : '',
      event.at,
    ]);
}

describe('a year of deadlines (2026) with overlapping sweeps', () => {
  let springStudio: Case;
  let nationalDayStudio: Case;
  let springStatutory: Case;
  let nationalDayStatutory: Case;

  beforeAll(async () => {
    // Studio suggestion: acknowledge within 1 working day, reply within 5, reminder at 09:00 on the deadline
    // day, red card 2 working days after the yellow.
    springStudio = await assignedCase('dept-transport', 'visit', at('2026-02-13 10:00'));
    nationalDayStudio = await assignedCase('dept-housing', 'visit', at('2026-09-30 15:00'));
    // Statutory: acknowledge within 15 days, reply within 60, reminder 3 working days ahead, red after 5.
    springStatutory = await assignedCase('dept-agriculture', 'web', at('2025-12-26 10:00'));
    nationalDayStatutory = await assignedCase('dept-hrss', 'web', at('2026-09-15 10:00'));

    await walk(at('2025-12-26 10:00'), at('2026-12-31 23:59'), [
      {
        at: at('2026-01-08 10:00'),
        caseId: () => springStatutory.caseId,
        command: { type: 'acknowledge' },
        actor: handlerOf('dept-agriculture'),
      },
      {
        at: at('2026-10-08 10:00'),
        caseId: () => nationalDayStudio.caseId,
        command: { type: 'acknowledge' },
        actor: handlerOf('dept-housing'),
      },
      {
        at: at('2026-10-13 11:00'),
        caseId: () => nationalDayStudio.caseId,
        command: { type: 'reply', text: '路灯已修复，谢谢您的反映。' },
        actor: handlerOf('dept-housing'),
      },
    ]);
  }, 120_000);

  it('Spring Festival, studio policy: the deadline is the make-up Saturday; the red card skips the holiday', async () => {
    expect(springStudio.deadlines.acknowledgeBy?.at).toBe(iso('2026-02-14 23:59:59.999'));

    expect(await sweepEvents(springStudio.caseId)).toEqual([
      ['reminded', 'acknowledge:reminder', iso('2026-02-14 09:00')],
      // Yellow at the deadline: the first sweep after 23:59:59.999 on Saturday 14 February.
      ['escalated', 'acknowledge:yellow', iso('2026-02-15 00:00')],
      // Red 2 working days later: 24 and 25 February (15–23 February are the holiday).
      ['escalated', 'acknowledge:red', iso('2026-02-26 00:00')],
    ]);
    const stored = await store.get(springStudio.caseId);
    expect(stored?.overdue).toEqual({ card: 'red', deadline: 'acknowledge', since: iso('2026-02-26 00:00') });
    expect(stored?.due).toBeUndefined();
  });

  it('Spring Festival, statutory policy: the reply reminder counts the make-up Saturday as a working day', async () => {
    expect(springStatutory.deadlines.acknowledgeBy?.at).toBe(iso('2026-01-12 23:59:59.999'));
    expect(springStatutory.deadlines.replyBy?.at).toBe(iso('2026-02-24 23:59:59.999'));

    expect(await sweepEvents(springStatutory.caseId)).toEqual([
      // 3 working days before Monday 12 January: 9, 8, 7 January.
      ['reminded', 'acknowledge:reminder', iso('2026-01-07 09:00')],
      // 3 working days before Tuesday 24 February: 14 (make-up Saturday), 13, 12 February.
      ['reminded', 'reply:reminder', iso('2026-02-12 09:00')],
      ['escalated', 'reply:yellow', iso('2026-02-25 00:00')],
      // 5 working days after 24 February: 25, 26, 27, 28 (make-up Saturday) February and 2 March.
      ['escalated', 'reply:red', iso('2026-03-03 00:00')],
    ]);
    expect((await store.get(springStatutory.caseId))?.overdue?.card).toBe('red');
  });

  it('Mid-autumn and National Day, statutory policy: reminder before the holidays, red card after them', async () => {
    expect(nationalDayStatutory.deadlines.acknowledgeBy?.at).toBe(iso('2026-09-30 23:59:59.999'));

    expect(await sweepEvents(nationalDayStatutory.caseId)).toEqual([
      // 3 working days before 30 September: 29, 28 and 24 September (25–27 September are Mid-autumn).
      ['reminded', 'acknowledge:reminder', iso('2026-09-24 09:00')],
      ['escalated', 'acknowledge:yellow', iso('2026-10-01 00:00')],
      // 5 working days after 30 September: 8, 9, 10 (make-up Saturday), 12, 13 October.
      ['escalated', 'acknowledge:red', iso('2026-10-14 00:00')],
    ]);
  });

  it('National Day, studio policy: acknowledged and replied in time, closed by the system, survey expires unanswered', async () => {
    expect(nationalDayStudio.deadlines.acknowledgeBy?.at).toBe(iso('2026-10-08 23:59:59.999'));
    expect(nationalDayStudio.deadlines.replyBy?.at).toBe(iso('2026-10-13 23:59:59.999'));

    expect(await sweepEvents(nationalDayStudio.caseId)).toEqual([
      ['reminded', 'acknowledge:reminder', iso('2026-10-08 09:00')],
      ['reminded', 'reply:reminder', iso('2026-10-13 09:00')],
      // Replied Tuesday 13 October; the unit left it open: closed at 09:00 three working days later.
      ['closed', '', iso('2026-10-16 09:00')],
      // Survey window 15 days from the reply (13 October, not the close) → Wednesday 28 October; the job runs
      // at 00:30 the day after.
      ['surveyExpired', '', iso('2026-10-29 00:30')],
    ]);
    const stored = (await store.get(nationalDayStudio.caseId))!;
    expect(stored).toMatchObject({ status: 'archived', archiveReason: 'no_response' });
    expect(stored.survey).toMatchObject({ status: 'expired', round: 1 });
    expect(stored.survey?.tokenHash).toBe(
      surveyTokenHash(surveyToken(SURVEY_SECRET, nationalDayStudio.caseId, 1)),
    );
    expect(stored.overdue).toBeUndefined();
  });
});

describe('exactly once under contention', () => {
  it('four sweeps started together on 30 due cases remind each case exactly once', async () => {
    const cases = await Promise.all(
      Array.from({ length: 30 }, () => assignedCase('dept-education', 'visit', at('2026-03-02 10:00'))),
    );
    const now = at('2026-03-03 09:00');

    const reports = await Promise.all([1, 2, 3, 4].map(() => runDeadlineSweep(deps, now, { pageSize: 7 })));

    const reminded = reports.reduce((sum, report) => sum + (report.applied.reminded ?? 0), 0);
    expect(reminded).toBe(30);
    for (const item of cases) {
      const events = await sweepEvents(item.caseId);
      expect(events).toEqual([['reminded', 'acknowledge:reminder', now.toISOString()]]);
    }
    expect(reports.every((report) => report.failed === 0)).toBe(true);
    // 30 cases × 4 sweeps of transactions: on a shared, loaded machine this takes well over the default.
  }, 120_000);

  it('a sweep reads only due entries: cases not yet due are never loaded', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () => assignedCase('dept-environment', 'web', at('2026-03-02 10:00'))),
    );

    const report = await runDeadlineSweep(deps, at('2026-03-02 10:10'));

    expect(report.examined).toBe(0);
    expect(report.applied).toEqual({});
  });
});
