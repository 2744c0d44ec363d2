/**
 * Factories for the case state machine tests: actors, a fixed calendar and clock, a valid command of each type,
 * and cases in every state, reached through the real commands from `register` (never hand-built), so every
 * state a test starts from is one the product can really be in.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import {
  type CalendarOverride,
  createWorkCalendar,
  endOfShanghaiDay,
  type LocalDate,
  parseLocalDate,
  toShanghaiDate,
  type WorkCalendar,
} from '../../../shared/domain/calendar/index.ts';
import {
  type CaseCommand,
  type CommandType,
  type Decision,
  type DecisionContext,
  decide,
  type RegistrationInput,
  register,
} from '../../../shared/domain/case/lifecycle.ts';
import {
  type Actor,
  type ActorRole,
  type Case,
  type CaseEvent,
  type CaseStatus,
  publicActor,
  systemActor,
} from '../../../shared/domain/case/model.ts';
import { type SlaPolicy, statutoryPolicy } from '../../../shared/domain/policy/sla-policy.ts';
import { HuiyinError } from '../../../shared/errors/index.ts';

// ---- Units and actors -------------------------------------------------------------------------------------

export const units = {
  /** The unit the case is assigned to in every factory state (县水利局). */
  own: 'unit-water-bureau',
  /** Another unit: a reassignment target, or the "wrong unit" for ownership checks (县住建局). */
  other: 'unit-housing-bureau',
  /** The triage inbox that owns unrouted cases (信访局分办室). */
  triage: 'unit-letters-office',
  /** The unit of a representatives' studio (东门代表工作室); its liaison officers belong to it. */
  studioOffice: 'unit-east-gate-studio',
  /** A representatives' service team a case can be referred to (特色农业服务团队). */
  team: 'unit-farming-team',
} as const;

export const studios = {
  /** The studio that registered the case, when a test says so (`registration: { studioId: studios.own }`). */
  own: 'studio-east-gate',
  /** Another studio. */
  other: 'studio-west-market',
} as const;

export const system: Actor = systemActor;
export const petitionerActor: Actor = publicActor;
export const supervisor: Actor = { id: 'supervisor-zhou', role: 'supervisor' };
export const admin: Actor = { id: 'admin-li', role: 'admin' };

export function handlerOf(unitId: string): Actor {
  return { id: `handler@${unitId}`, role: 'handler', unitId };
}

/** A liaison officer of `unitId`; with `studioId`, an officer of that studio (its unit is `unitId`). */
export function liaisonOf(unitId: string, studioId?: string): Actor {
  return { id: `liaison@${unitId}`, role: 'liaison', unitId, ...(studioId ? { studioId } : {}) };
}

/** A liaison officer of the studio `studios.own`, whose unit never holds a factory case. */
export const studioLiaison: Actor = liaisonOf(units.studioOffice, studios.own);

/** A handler of the unit holding the case in every factory state, and one of a unit that does not hold it. */
export const ownHandler: Actor = handlerOf(units.own);
export const otherUnitHandler: Actor = handlerOf(units.other);

/** An actor of any role; handlers and liaison officers belong to `unitId` (liaisons to `studioId` too, if given). */
export function actorWithRole(role: ActorRole, unitId: string = units.own, studioId?: string): Actor {
  switch (role) {
    case 'system':
      return system;
    case 'public':
      return petitionerActor;
    case 'supervisor':
      return supervisor;
    case 'admin':
      return admin;
    case 'handler':
      return handlerOf(unitId);
    case 'liaison':
      return liaisonOf(unitId, studioId);
  }
}

// ---- Calendar and clock -----------------------------------------------------------------------------------

/** chinese-days covers 2026, so deadlines inside 2026 (before 29 December) are official. */
export const calendar: WorkCalendar = createWorkCalendar({ overrides: [] });

/**
 * The calendar after the admins entered the 2027 schedule themselves: 2027 becomes official (weekends plus these
 * overrides), so deadlines that relied on the provisional 2027 change when recomputed.
 */
export const overrides2027: readonly CalendarOverride[] = [
  { date: parseLocalDate('2027-01-01'), kind: 'holiday', name: '元旦' },
  // Not in the provisional calendar: moves a 60-calendar-day deadline that landed on it.
  { date: parseLocalDate('2027-01-19'), kind: 'holiday', name: '测试假日' },
  // Inside a working-day span: moves a working-day deadline that runs across it.
  { date: parseLocalDate('2027-01-04'), kind: 'holiday', name: '元旦调休' },
];
export const calendarWith2027: WorkCalendar = createWorkCalendar({
  overrides: overrides2027,
  officialYears: [2027],
});

/** An instant given as Shanghai wall-clock time: `shanghai('2026-03-02 09:00')`. */
export function shanghai(wallClock: string): Date {
  const instant = new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);
  if (Number.isNaN(instant.getTime())) throw new Error(`bad wall-clock time ${wallClock}`);
  return instant;
}

/** The deadline instant of a Shanghai day: 23:59:59.999 local time, as ISO UTC. */
export function endOf(date: string): string {
  return endOfShanghaiDay(parseLocalDate(date)).toISOString();
}

/** A reminder instant: 09:00 Shanghai on `date`, as ISO UTC (reminders go out when offices open). */
export function nineAm(date: string): string {
  return shanghai(`${date} 09:00`).toISOString();
}

/** The Shanghai date of an ISO instant. */
export function shanghaiDateOf(at: string): LocalDate {
  return toShanghaiDate(new Date(at));
}

export function plus(from: Date, by: { days?: number; hours?: number; minutes?: number; ms?: number }): Date {
  const ms =
    (by.days ?? 0) * 86_400_000 + (by.hours ?? 0) * 3_600_000 + (by.minutes ?? 0) * 60_000 + (by.ms ?? 0);
  return new Date(from.getTime() + ms);
}

/** Monday 2 March 2026, 09:00 Shanghai: a plain working week, all deadlines official. */
export const T0 = shanghai('2026-03-02 09:00');

/** Friday 20 November 2026, 10:00 Shanghai: 60-day deadlines reach 2027, which has no official schedule yet. */
export const LATE_T0 = shanghai('2026-11-20 10:00');

/**
 * Monday 14 December 2026, 09:00 Shanghai: every deadline two weeks out or more reaches 29 December, from where the
 * provisional 2027 matters, so a triage case already has a provisional deadline to recompute.
 */
export const YEAR_END_T0 = shanghai('2026-12-14 09:00');

// ---- Commands ---------------------------------------------------------------------------------------------

export type CommandOf<K extends CommandType> = Extract<CaseCommand, { type: K }>;

/** One valid command of each type (valid = passes its own business rules on a case in a state that allows it). */
export const commandSamples: { readonly [K in CommandType]: CommandOf<K> } = {
  routeToTriage: {
    type: 'routeToTriage',
    triageUnitId: units.triage,
    routing: { unitId: null, ruleId: null, reason: 'no rule matched' },
  },
  assign: {
    type: 'assign',
    unitId: units.own,
    routing: { unitId: units.own, ruleId: 'R12', reason: 'rule R12, keyword 灌溉' },
  },
  accept: { type: 'accept' },
  reject: { type: 'reject', reason: '属于诉讼渠道，不予受理' },
  acknowledge: { type: 'acknowledge' },
  return: { type: 'return', reason: '不属于本单位职责' },
  reassign: { type: 'reassign', unitId: units.other, reason: '涉及房屋质量，改由住建局办理' },
  reply: { type: 'reply', text: '已安排人员疏通灌溉渠，预计本周完成。' },
  requestExtension: { type: 'requestExtension', days: 10, reason: '需等待汛期结束后施工' },
  decideExtension: { type: 'decideExtension', approve: true, note: '同意' },
  close: { type: 'close', summary: '渠道已疏通', surveyTokenHash: 'a'.repeat(64) },
  answerSurvey: { type: 'answerSurvey', rating: 'satisfied', via: 'web' },
  expireSurvey: { type: 'expireSurvey' },
  reopen: { type: 'reopen', reason: '回访发现问题未解决' },
  archive: { type: 'archive', note: '督办结束' },
  note: { type: 'note', text: '已电话联系诉求人' },
  followUp: { type: 'followUp', text: '路灯还是不亮，请尽快处理。', via: 'open311', reportedStatus: 'OPEN' },
  linkDuplicate: { type: 'linkDuplicate', duplicateOf: 'case-0000-earlier' },
  remind: { type: 'remind', deadline: 'acknowledge' },
  escalate: { type: 'escalate', deadline: 'acknowledge', card: 'yellow' },
  recomputeDeadlines: { type: 'recomputeDeadlines' },
  classify: { type: 'classify', petitionType: 'complaint' },
  requestReview: { type: 'requestReview', reason: '对处理意见不服，书面申请复查' },
  decideReview: {
    type: 'decideReview',
    outcome: 'upheld',
    opinion: '经复查，原处理意见事实清楚，予以维持。',
  },
  requestRecheck: { type: 'requestRecheck', reason: '对复查意见不服，书面申请复核' },
  decideRecheck: {
    type: 'decideRecheck',
    outcome: 'upheld',
    opinion: '经复核，复查意见并无不当，予以维持。',
  },
  conclude: { type: 'conclude' },
  referToTeam: { type: 'referToTeam', teamId: units.team, question: '请提供灌溉技术指导' },
  answerReferral: { type: 'answerReferral', answer: '已派农技员现场查看并提出疏通方案。' },
  assignOwner: { type: 'assignOwner', ownerId: 'handler-2' },
};

// ---- Cases ------------------------------------------------------------------------------------------------

export function registration(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  return {
    caseId: 'case-0001',
    trackingCode: 'HY7K-2QXM',
    channel: 'web',
    categoryCode: 'water',
    jurisdictionCode: '330102001',
    title: '村口灌溉渠堵塞',
    content: '灌溉渠堵塞两周，影响春耕。',
    petitioner: { name: '王先生', phone: '13800138000', anonymous: false },
    confidential: false,
    ...overrides,
  };
}

/** A case with its history, the instant of its last change, and the calendar and policy it runs under. */
export interface Scenario {
  readonly case: Case;
  readonly events: readonly CaseEvent[];
  readonly now: Date;
  readonly calendar: WorkCalendar;
  readonly policy: SlaPolicy;
}

export interface ScenarioOptions {
  readonly start?: Date;
  readonly calendar?: WorkCalendar;
  readonly policy?: SlaPolicy;
  readonly registration?: Partial<RegistrationInput>;
}

export function contextFor(
  scenario: Pick<Scenario, 'calendar' | 'policy'>,
  actor: Actor,
  now: Date,
): DecisionContext {
  return { actor, now, calendar: scenario.calendar, policy: scenario.policy };
}

export function registered(options: ScenarioOptions = {}): Scenario {
  const now = options.start ?? T0;
  const { case: created, event } = register(registration(options.registration), {
    actor: liaisonOf(units.own),
    now,
  });
  return {
    case: created,
    events: [event],
    now,
    calendar: options.calendar ?? calendar,
    policy: options.policy ?? statutoryPolicy,
  };
}

/** Decide a command against the scenario's case without recording it (the "Act" of most tests). */
export function attempt(
  scenario: Scenario,
  command: CaseCommand,
  actor: Actor,
  now: Date = plus(scenario.now, { hours: 1 }),
): Decision {
  return decide(scenario.case, command, contextFor(scenario, actor, now));
}

/** Apply a command and record it; the clock moves to `now` (one hour later by default). */
export function advance(
  scenario: Scenario,
  command: CaseCommand,
  actor: Actor,
  now: Date = plus(scenario.now, { hours: 1 }),
): Scenario {
  const decision = decide(scenario.case, command, contextFor(scenario, actor, now));
  return { ...scenario, case: decision.case, events: [...scenario.events, decision.event], now };
}

const toClosed: readonly (readonly [CaseCommand, Actor])[] = [
  [commandSamples.assign, system],
  [commandSamples.acknowledge, handlerOf(units.own)],
  [commandSamples.reply, handlerOf(units.own)],
  [commandSamples.close, handlerOf(units.own)],
];

/** The commands (with their actors) that take a freshly registered case to each state, one hour apart. */
const pathTo: Record<CaseStatus, readonly (readonly [CaseCommand, Actor])[]> = {
  registered: [],
  triage: [[commandSamples.routeToTriage, system]],
  assigned: [[commandSamples.assign, system]],
  acknowledged: [
    [commandSamples.assign, system],
    [commandSamples.acknowledge, handlerOf(units.own)],
  ],
  replied: [
    [commandSamples.assign, system],
    [commandSamples.acknowledge, handlerOf(units.own)],
    [commandSamples.reply, handlerOf(units.own)],
  ],
  closed: [
    [commandSamples.assign, system],
    [commandSamples.acknowledge, handlerOf(units.own)],
    [commandSamples.reply, handlerOf(units.own)],
    [commandSamples.close, handlerOf(units.own)],
  ],
  archived: [
    [commandSamples.assign, system],
    [commandSamples.acknowledge, handlerOf(units.own)],
    [commandSamples.reply, handlerOf(units.own)],
    [commandSamples.close, handlerOf(units.own)],
    [commandSamples.answerSurvey, petitionerActor],
  ],
  rejected: [
    [commandSamples.routeToTriage, system],
    [commandSamples.reject, liaisonOf(units.triage)],
  ],
  reviewing: [...toClosed, [commandSamples.requestReview, supervisor]],
  reviewed: [
    ...toClosed,
    [commandSamples.requestReview, supervisor],
    [commandSamples.decideReview, supervisor],
  ],
  rechecking: [
    ...toClosed,
    [commandSamples.requestReview, supervisor],
    [commandSamples.decideReview, supervisor],
    [commandSamples.requestRecheck, supervisor],
  ],
};

/**
 * A case in `state`, reached from `register` through the real commands, one hour apart from the start (T0 by
 * default). Assigned cases belong to `units.own`; triage and rejected cases to `units.triage`.
 */
export function caseIn(state: CaseStatus, options: ScenarioOptions = {}): Scenario {
  let scenario = registered(options);
  for (const [command, actor] of pathTo[state]) scenario = advance(scenario, command, actor);
  expect(scenario.case.status).toBe(state);
  return scenario;
}

// ---- Audit ------------------------------------------------------------------------------------------------

/**
 * The fields that differ between two versions of a case, each with its before and after (`null` for absent),
 * ignoring bookkeeping (`version`, `updatedAt`) and the derived `due`. Compares values as JSON would store them,
 * but regardless of key order, so it is an independent oracle for `CaseEvent.changes`.
 */
export function fieldsChanged(
  before: Case,
  after: Case,
): Record<string, { before: unknown; after: unknown }> {
  const changed: Record<string, { before: unknown; after: unknown }> = {};
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const field of fields) {
    if (field === 'version' || field === 'updatedAt' || field === 'due') continue;
    const was = asStored((before as unknown as Record<string, unknown>)[field]);
    const is = asStored((after as unknown as Record<string, unknown>)[field]);
    if (!isDeepStrictEqual(was, is)) changed[field] = { before: was ?? null, after: is ?? null };
  }
  return changed;
}

/** A value as it would be stored: undefined members dropped. */
export function asStored(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

// ---- Errors -----------------------------------------------------------------------------------------------

/** Run `act`, which must throw a HuiyinError; return it for assertions on its class, status and details. */
export function refusal(act: () => unknown): HuiyinError {
  try {
    act();
  } catch (error) {
    if (error instanceof HuiyinError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}
