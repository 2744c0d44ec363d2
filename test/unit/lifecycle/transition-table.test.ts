import { describe, expect, it } from 'vitest';
import {
  CommandRefusedError,
  ForbiddenCommandError,
  IllegalTransitionError,
} from '../../../shared/domain/case/errors.ts';
import {
  type CaseCommand,
  type CommandType,
  commandTypes,
  ownsCase,
} from '../../../shared/domain/case/lifecycle.ts';
import {
  type Actor,
  actorRoles,
  type Case,
  type CaseEventType,
  type CaseStatus,
  caseStatuses,
} from '../../../shared/domain/case/model.ts';
import { expectedRoles } from './expectations.ts';
import {
  actorWithRole,
  admin,
  advance,
  attempt,
  calendarWith2027,
  caseIn,
  commandSamples,
  handlerOf,
  ownHandler as handlerOfOwnUnit,
  liaisonOf,
  petitionerActor,
  plus,
  refusal,
  registered,
  type Scenario,
  type ScenarioOptions,
  studioLiaison,
  studios,
  supervisor,
  system,
  units,
  YEAR_END_T0,
} from './factories.ts';

/**
 * Every (state × command) pair, from a table written out by hand: the test does not read `transitionRules`, so a
 * wrong entry there shows up here. remind and escalate appear once per deadline, because the deadline decides the
 * state they apply to.
 */

type Column =
  | Exclude<CommandType, 'remind' | 'escalate'>
  | 'remind:acknowledge'
  | 'remind:reply'
  | 'remind:decision'
  | 'escalate:acknowledge'
  | 'escalate:reply'
  | 'escalate:decision';

/**
 * `[status after, event type]` when allowed; `illegal` → IllegalTransitionError (409); `unchanged` → the command is
 * allowed in the state but there is nothing for it to do (CommandRefusedError nothing-to-recompute, 409);
 * `window-open` → conclude is allowed in the state, but the petitioner's window to ask for 复查/复核 is still open
 * (CommandRefusedError window-still-open, 409).
 */
type Outcome = readonly [CaseStatus, CaseEventType] | 'illegal' | 'no-unit' | 'unchanged' | 'window-open';

const X = 'illegal' as const;

/**
 * `no-unit`: the only roles allowed are unit-bound (handler), and a registered case has no unit yet, so the
 * ownership check (403 not-own-unit) answers before the state check could.
 *
 * recomputeDeadlines runs on cases started at YEAR_END_T0 (provisional deadlines) after the 2027 schedule was
 * entered, so every state that has deadlines shows the recomputation; a registered case has none to recompute.
 */
const expected: Record<CaseStatus, Record<Column, Outcome>> = {
  registered: {
    routeToTriage: ['triage', 'triaged'],
    assign: ['assigned', 'assigned'],
    accept: X,
    reject: X,
    acknowledge: X,
    return: 'no-unit',
    reassign: X,
    reply: X,
    requestExtension: 'no-unit',
    decideExtension: X,
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['registered', 'noted'],
    followUp: ['registered', 'followedUp'],
    linkDuplicate: ['registered', 'duplicateLinked'],
    'remind:acknowledge': X,
    'remind:reply': X,
    'escalate:acknowledge': X,
    'escalate:reply': X,
    recomputeDeadlines: 'unchanged',
    classify: X,
    requestReview: X,
    decideReview: X,
    requestRecheck: X,
    decideRecheck: X,
    conclude: X,
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: X,
    answerReferral: X,
    assignOwner: 'no-unit',
  },
  triage: {
    routeToTriage: X,
    assign: ['assigned', 'assigned'],
    accept: ['assigned', 'accepted'],
    reject: ['rejected', 'rejected'],
    acknowledge: X,
    return: X,
    reassign: ['assigned', 'reassigned'],
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['triage', 'noted'],
    followUp: ['triage', 'followedUp'],
    linkDuplicate: ['triage', 'duplicateLinked'],
    'remind:acknowledge': ['triage', 'reminded'],
    'remind:reply': X,
    'escalate:acknowledge': ['triage', 'escalated'],
    'escalate:reply': X,
    recomputeDeadlines: ['triage', 'deadlinesRecomputed'],
    classify: ['triage', 'classified'],
    requestReview: X,
    decideReview: X,
    requestRecheck: X,
    decideRecheck: X,
    conclude: X,
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: ['triage', 'teamReferred'],
    answerReferral: ['triage', 'teamAnswered'],
    assignOwner: ['triage', 'ownerAssigned'],
  },
  assigned: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: ['rejected', 'rejected'],
    acknowledge: ['acknowledged', 'acknowledged'],
    return: ['registered', 'returned'],
    reassign: ['assigned', 'reassigned'],
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['assigned', 'noted'],
    followUp: ['assigned', 'followedUp'],
    linkDuplicate: ['assigned', 'duplicateLinked'],
    'remind:acknowledge': ['assigned', 'reminded'],
    'remind:reply': X,
    'escalate:acknowledge': ['assigned', 'escalated'],
    'escalate:reply': X,
    recomputeDeadlines: ['assigned', 'deadlinesRecomputed'],
    classify: ['assigned', 'classified'],
    requestReview: X,
    decideReview: X,
    requestRecheck: X,
    decideRecheck: X,
    conclude: X,
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: ['assigned', 'teamReferred'],
    answerReferral: ['assigned', 'teamAnswered'],
    assignOwner: ['assigned', 'ownerAssigned'],
  },
  acknowledged: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: X,
    acknowledge: X,
    return: ['registered', 'returned'],
    reassign: ['assigned', 'reassigned'],
    reply: ['replied', 'replied'],
    requestExtension: ['acknowledged', 'extensionRequested'],
    decideExtension: ['acknowledged', 'extensionDecided'],
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['acknowledged', 'noted'],
    followUp: ['acknowledged', 'followedUp'],
    linkDuplicate: ['acknowledged', 'duplicateLinked'],
    'remind:acknowledge': X,
    'remind:reply': ['acknowledged', 'reminded'],
    'escalate:acknowledge': X,
    'escalate:reply': ['acknowledged', 'escalated'],
    recomputeDeadlines: ['acknowledged', 'deadlinesRecomputed'],
    classify: ['acknowledged', 'classified'],
    requestReview: X,
    decideReview: X,
    requestRecheck: X,
    decideRecheck: X,
    conclude: X,
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: ['acknowledged', 'teamReferred'],
    answerReferral: ['acknowledged', 'teamAnswered'],
    assignOwner: ['acknowledged', 'ownerAssigned'],
  },
  replied: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: X,
    acknowledge: X,
    return: X,
    reassign: X,
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: ['closed', 'closed'],
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['replied', 'noted'],
    followUp: ['replied', 'followedUp'],
    linkDuplicate: ['replied', 'duplicateLinked'],
    'remind:acknowledge': X,
    'remind:reply': X,
    'escalate:acknowledge': X,
    'escalate:reply': X,
    recomputeDeadlines: ['replied', 'deadlinesRecomputed'],
    classify: X,
    requestReview: X,
    decideReview: X,
    requestRecheck: X,
    decideRecheck: X,
    conclude: X,
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: X,
    answerReferral: ['replied', 'teamAnswered'],
    assignOwner: ['replied', 'ownerAssigned'],
  },
  closed: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: X,
    acknowledge: X,
    return: X,
    reassign: X,
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: X,
    answerSurvey: ['archived', 'surveyAnswered'],
    expireSurvey: ['archived', 'surveyExpired'],
    reopen: ['acknowledged', 'reopened'],
    archive: ['archived', 'archived'],
    note: ['closed', 'noted'],
    followUp: ['closed', 'followedUp'],
    linkDuplicate: X,
    'remind:acknowledge': X,
    'remind:reply': X,
    'escalate:acknowledge': X,
    'escalate:reply': X,
    recomputeDeadlines: ['closed', 'deadlinesRecomputed'],
    classify: X,
    requestReview: ['reviewing', 'reviewRequested'],
    decideReview: X,
    requestRecheck: X,
    decideRecheck: X,
    conclude: 'window-open',
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: X,
    answerReferral: ['closed', 'teamAnswered'],
    assignOwner: X,
  },
  archived: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: X,
    acknowledge: X,
    return: X,
    reassign: X,
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: X,
    followUp: X,
    linkDuplicate: X,
    'remind:acknowledge': X,
    'remind:reply': X,
    'escalate:acknowledge': X,
    'escalate:reply': X,
    recomputeDeadlines: X,
    classify: X,
    requestReview: ['reviewing', 'reviewRequested'],
    decideReview: X,
    requestRecheck: X,
    decideRecheck: X,
    conclude: X,
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: X,
    answerReferral: X,
    assignOwner: X,
  },
  rejected: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: X,
    acknowledge: X,
    return: X,
    reassign: X,
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['rejected', 'noted'],
    followUp: ['rejected', 'followedUp'],
    linkDuplicate: X,
    'remind:acknowledge': X,
    'remind:reply': X,
    'escalate:acknowledge': X,
    'escalate:reply': X,
    recomputeDeadlines: X,
    classify: X,
    requestReview: ['reviewing', 'reviewRequested'],
    decideReview: X,
    requestRecheck: X,
    decideRecheck: X,
    conclude: X,
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: X,
    answerReferral: X,
    assignOwner: X,
  },
  reviewing: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: X,
    acknowledge: X,
    return: X,
    reassign: X,
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['reviewing', 'noted'],
    followUp: ['reviewing', 'followedUp'],
    linkDuplicate: ['reviewing', 'duplicateLinked'],
    'remind:acknowledge': X,
    'remind:reply': X,
    'escalate:acknowledge': X,
    'escalate:reply': X,
    recomputeDeadlines: ['reviewing', 'deadlinesRecomputed'],
    classify: X,
    requestReview: X,
    decideReview: ['reviewed', 'reviewDecided'],
    requestRecheck: X,
    decideRecheck: X,
    conclude: X,
    'remind:decision': ['reviewing', 'reminded'],
    'escalate:decision': ['reviewing', 'escalated'],
    referToTeam: X,
    answerReferral: X,
    assignOwner: X,
  },
  reviewed: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: X,
    acknowledge: X,
    return: X,
    reassign: X,
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['reviewed', 'noted'],
    followUp: ['reviewed', 'followedUp'],
    linkDuplicate: ['reviewed', 'duplicateLinked'],
    'remind:acknowledge': X,
    'remind:reply': X,
    'escalate:acknowledge': X,
    'escalate:reply': X,
    recomputeDeadlines: ['reviewed', 'deadlinesRecomputed'],
    classify: X,
    requestReview: X,
    decideReview: X,
    requestRecheck: ['rechecking', 'recheckRequested'],
    decideRecheck: X,
    conclude: 'window-open',
    'remind:decision': X,
    'escalate:decision': X,
    referToTeam: X,
    answerReferral: X,
    assignOwner: X,
  },
  rechecking: {
    routeToTriage: X,
    assign: X,
    accept: X,
    reject: X,
    acknowledge: X,
    return: X,
    reassign: X,
    reply: X,
    requestExtension: X,
    decideExtension: X,
    close: X,
    answerSurvey: X,
    expireSurvey: X,
    reopen: X,
    archive: X,
    note: ['rechecking', 'noted'],
    followUp: ['rechecking', 'followedUp'],
    linkDuplicate: ['rechecking', 'duplicateLinked'],
    'remind:acknowledge': X,
    'remind:reply': X,
    'escalate:acknowledge': X,
    'escalate:reply': X,
    recomputeDeadlines: ['rechecking', 'deadlinesRecomputed'],
    classify: X,
    requestReview: X,
    decideReview: X,
    requestRecheck: X,
    decideRecheck: ['archived', 'recheckDecided'],
    conclude: X,
    'remind:decision': ['rechecking', 'reminded'],
    'escalate:decision': ['rechecking', 'escalated'],
    referToTeam: X,
    answerReferral: X,
    assignOwner: X,
  },
};

/** A state where each command is allowed, to show permitted roles get past authorisation. */
const allowedIn: Record<CommandType, CaseStatus> = {
  routeToTriage: 'registered',
  assign: 'triage',
  accept: 'triage',
  reject: 'triage',
  acknowledge: 'assigned',
  return: 'assigned',
  reassign: 'assigned',
  reply: 'acknowledged',
  requestExtension: 'acknowledged',
  decideExtension: 'acknowledged',
  close: 'replied',
  answerSurvey: 'closed',
  expireSurvey: 'closed',
  reopen: 'closed',
  archive: 'closed',
  note: 'assigned',
  followUp: 'assigned',
  linkDuplicate: 'assigned',
  remind: 'assigned',
  escalate: 'assigned',
  recomputeDeadlines: 'assigned',
  classify: 'assigned',
  requestReview: 'closed',
  decideReview: 'reviewing',
  requestRecheck: 'reviewed',
  decideRecheck: 'rechecking',
  conclude: 'reviewed',
  referToTeam: 'assigned',
  answerReferral: 'assigned',
  assignOwner: 'assigned',
};

interface ColumnSpec {
  readonly command: CaseCommand;
  /** How the case is set up before it is taken to the state (T0 and the 2026 calendar by default). */
  readonly options?: ScenarioOptions;
  /** A permitted actor that can reach the state check: unit-free roles first, else a handler of the case's unit. */
  readonly actor: (scenario: Scenario) => Actor;
  /** Preconditions of the command's own rules (not of the state), met when the state allows the command. */
  readonly prepare?: (scenario: Scenario) => Scenario;
  /** When to issue the command; one hour after the last change by default. */
  readonly at?: (scenario: Scenario) => Date;
}

/** The team has been asked (patched in directly: in replied or closed no referral can be made any more). */
const withOpenReferral = (scenario: Scenario): Scenario => ({
  ...scenario,
  case: {
    ...scenario.case,
    teamReferrals: [
      {
        teamId: units.team,
        question: '请提供技术指导',
        referredAt: scenario.now.toISOString(),
        referredBy: 'supervisor-1',
      },
    ],
  },
});

const ownHandler = (scenario: Scenario): Actor => handlerOf(scenario.case.unitId ?? units.own);

const columns: Record<Column, ColumnSpec> = {
  routeToTriage: { command: commandSamples.routeToTriage, actor: () => system },
  assign: { command: commandSamples.assign, actor: () => supervisor },
  accept: { command: commandSamples.accept, actor: () => supervisor },
  reject: { command: commandSamples.reject, actor: () => supervisor },
  acknowledge: { command: commandSamples.acknowledge, actor: () => supervisor },
  return: { command: commandSamples.return, actor: ownHandler },
  reassign: { command: commandSamples.reassign, actor: () => supervisor },
  reply: { command: commandSamples.reply, actor: () => supervisor },
  requestExtension: { command: commandSamples.requestExtension, actor: ownHandler },
  decideExtension: {
    command: commandSamples.decideExtension,
    actor: () => supervisor,
    prepare: (scenario) =>
      scenario.case.status === 'acknowledged'
        ? advance(scenario, commandSamples.requestExtension, ownHandler(scenario))
        : scenario,
  },
  close: { command: commandSamples.close, actor: () => supervisor },
  answerSurvey: {
    command: commandSamples.answerSurvey,
    actor: (scenario) => actorWithRole('public', scenario.case.unitId),
  },
  expireSurvey: {
    command: commandSamples.expireSurvey,
    actor: () => system,
    at: (scenario) => {
      const surveyBy = scenario.case.deadlines.surveyBy;
      return surveyBy ? plus(new Date(surveyBy.at), { ms: 1 }) : plus(scenario.now, { hours: 1 });
    },
  },
  reopen: { command: commandSamples.reopen, actor: () => supervisor },
  archive: { command: commandSamples.archive, actor: () => supervisor },
  note: { command: commandSamples.note, actor: () => actorWithRole('admin') },
  followUp: { command: commandSamples.followUp, actor: () => actorWithRole('public') },
  linkDuplicate: { command: commandSamples.linkDuplicate, actor: () => supervisor },
  'remind:acknowledge': { command: { type: 'remind', deadline: 'acknowledge' }, actor: () => system },
  'remind:reply': { command: { type: 'remind', deadline: 'reply' }, actor: () => system },
  'escalate:acknowledge': {
    command: { type: 'escalate', deadline: 'acknowledge', card: 'yellow' },
    actor: () => system,
  },
  'escalate:reply': { command: { type: 'escalate', deadline: 'reply', card: 'red' }, actor: () => system },
  'remind:decision': { command: { type: 'remind', deadline: 'decision' }, actor: () => system },
  'escalate:decision': {
    command: { type: 'escalate', deadline: 'decision', card: 'yellow' },
    actor: () => system,
  },
  classify: { command: commandSamples.classify, actor: () => supervisor },
  requestReview: { command: commandSamples.requestReview, actor: () => supervisor },
  decideReview: { command: commandSamples.decideReview, actor: () => supervisor },
  requestRecheck: { command: commandSamples.requestRecheck, actor: () => supervisor },
  decideRecheck: { command: commandSamples.decideRecheck, actor: () => supervisor },
  conclude: { command: commandSamples.conclude, actor: () => system },
  referToTeam: { command: commandSamples.referToTeam, actor: () => supervisor },
  answerReferral: {
    command: commandSamples.answerReferral,
    actor: () => handlerOf(units.team),
    prepare: withOpenReferral,
  },
  assignOwner: {
    command: commandSamples.assignOwner,
    actor: (scenario) => ({ ...ownHandler(scenario), unitLead: true }),
  },
  recomputeDeadlines: {
    command: commandSamples.recomputeDeadlines,
    actor: () => system,
    options: { start: YEAR_END_T0 },
    // The admins entered the 2027 schedule after the case's deadlines were computed.
    prepare: (scenario) => ({ ...scenario, calendar: calendarWith2027 }),
  },
};

const columnNames = Object.keys(columns) as Column[];

const pairs = caseStatuses.flatMap((state) =>
  columnNames.map((column) => ({ state, column, outcome: expected[state][column] })),
);

describe('transition table', () => {
  it('covers every state and every command type', () => {
    // Prepare
    const commandsInColumns = new Set(columnNames.map((column) => columns[column].command.type));

    // Assess
    expect(Object.keys(expected).sort()).toEqual([...caseStatuses].sort());
    expect([...commandsInColumns].sort()).toEqual([...commandTypes].sort());
    expect(Object.keys(expectedRoles).sort()).toEqual([...commandTypes].sort());
    for (const state of caseStatuses)
      expect(Object.keys(expected[state]).sort()).toEqual([...columnNames].sort());
    expect(pairs).toHaveLength(caseStatuses.length * columnNames.length);
  });

  it.each(pairs)('$state × $column → $outcome', ({ state, column, outcome }) => {
    // Prepare
    const spec = columns[column];
    const scenario = (spec.prepare ?? ((s: Scenario) => s))(caseIn(state, spec.options));
    const actor = spec.actor(scenario);
    const now = spec.at?.(scenario) ?? plus(scenario.now, { hours: 1 });
    const before = scenario.case;

    if (outcome === 'illegal') {
      // Act
      const error = refusal(() => attempt(scenario, spec.command, actor, now));

      // Assess
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect(error.status).toBe(409);
      expect((error as IllegalTransitionError).details).toEqual({
        command: spec.command.type,
        currentStatus: state,
      });
      return;
    }
    if (outcome === 'unchanged') {
      // Act
      const error = refusal(() => attempt(scenario, spec.command, actor, now));

      // Assess
      expect(error).toBeInstanceOf(CommandRefusedError);
      expect(error.status).toBe(409);
      expect((error as CommandRefusedError).type).toBe('nothing-to-recompute');
      return;
    }
    if (outcome === 'window-open') {
      // Act
      const error = refusal(() => attempt(scenario, spec.command, actor, now));

      // Assess
      expect(error).toBeInstanceOf(CommandRefusedError);
      expect(error.status).toBe(409);
      expect((error as CommandRefusedError).type).toBe('window-still-open');
      return;
    }
    if (outcome === 'no-unit') {
      // Act
      const error = refusal(() => attempt(scenario, spec.command, actor, now));

      // Assess
      expect(error).toBeInstanceOf(ForbiddenCommandError);
      expect((error as ForbiddenCommandError).details).toMatchObject({ reason: 'not-own-unit' });
      return;
    }

    // Act
    const { case: after, event } = attempt(scenario, spec.command, actor, now);

    // Assess
    const [status, eventType] = outcome;
    expect(after.status).toBe(status);
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedAt).toBe(now.toISOString());
    expect(after.caseId).toBe(before.caseId);
    expect(event).toMatchObject({
      caseId: before.caseId,
      type: eventType,
      version: after.version,
      actor,
      at: now.toISOString(),
    });
    expect(Array.isArray(event)).toBe(false);
  });
});

describe('who may issue each command', () => {
  const forbidden = commandTypes.flatMap((command) =>
    actorRoles.filter((role) => !expectedRoles[command].includes(role)).map((role) => ({ command, role })),
  );
  const permitted = commandTypes.flatMap((command) =>
    expectedRoles[command].map((role) => ({ command, role })),
  );

  it.each(forbidden)('a $role may not $command (403 role)', ({ command, role }) => {
    // Prepare: a state where the command is allowed, and an actor of the case's own unit
    const scenario = caseIn(allowedIn[command]);
    const actor = actorWithRole(role, scenario.case.unitId);

    // Act
    const error = refusal(() => attempt(scenario, commandSamples[command], actor));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect(error.status).toBe(403);
    expect((error as ForbiddenCommandError).details).toEqual({ command, role, reason: 'role' });
  });

  it.each(permitted)(
    'a $role of the case’s unit gets past authorisation for $command',
    ({ command, role }) => {
      // Prepare: a referral is answered by the team asked, not by the unit holding the case
      const referral = command === 'answerReferral';
      const scenario = referral ? withOpenReferral(caseIn(allowedIn[command])) : caseIn(allowedIn[command]);
      const actor = actorWithRole(role, referral ? units.team : scenario.case.unitId);

      // Act: staff record survey answers from a call-back; only the petitioner answers on the web
      const sample: CaseCommand =
        command === 'answerSurvey' && role !== 'public'
          ? { ...commandSamples.answerSurvey, via: 'callback' }
          : commandSamples[command];
      let thrown: unknown;
      try {
        attempt(scenario, sample, actor);
      } catch (error) {
        thrown = error;
      }

      // Assess: business rules may still refuse (e.g. the objection window), but never for the role or the unit
      expect(thrown).not.toBeInstanceOf(ForbiddenCommandError);
      expect(thrown).not.toBeInstanceOf(IllegalTransitionError);
    },
  );

  const unitBound = commandTypes.flatMap((command) =>
    (['handler', 'liaison'] as const)
      .filter((role) => expectedRoles[command].includes(role))
      .map((role) => ({ command, role })),
  );

  it.each(unitBound)('a $role of another unit may not $command (403 not-own-unit)', ({ command, role }) => {
    // Prepare
    const scenario = caseIn(allowedIn[command]);
    const stranger = role === 'handler' ? handlerOf(units.other) : liaisonOf(units.other);

    // Act
    const error = refusal(() => attempt(scenario, commandSamples[command], stranger));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect(error.status).toBe(403);
    expect((error as ForbiddenCommandError).details).toEqual({ command, role, reason: 'not-own-unit' });
  });

  it('a handler of another unit is refused even where the state would refuse anyway (403 before 409)', () => {
    // Prepare
    const scenario = caseIn('archived');

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.reply, handlerOf(units.other)));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect((error as ForbiddenCommandError).details).toMatchObject({ reason: 'not-own-unit' });
  });

  it('supervisors are not bound to a unit', () => {
    // Prepare
    const scenario = caseIn('acknowledged');

    // Act
    const { case: after } = attempt(scenario, commandSamples.reply, { ...supervisor, unitId: units.other });

    // Assess
    expect(after.status).toBe('replied');
  });
});

describe('survey answers: the channel is bound to the role', () => {
  it.each([
    ['a petitioner', 'callback', petitionerActor],
    ['a supervisor', 'web', supervisor],
  ] as const)('%s answering by %s is refused (403 role)', (_who, via, actor) => {
    // Prepare
    const scenario = caseIn('closed');

    // Act
    const error = refusal(() => attempt(scenario, { type: 'answerSurvey', rating: 'satisfied', via }, actor));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect(error.status).toBe(403);
    expect((error as ForbiddenCommandError).details).toEqual({
      command: 'answerSurvey',
      role: actor.role,
      reason: 'role',
    });
  });

  it.each([
    ['petitioner', 'web', petitionerActor, 'survey'],
    ['supervisor', 'callback', supervisor, 'callback'],
  ] as const)('a %s answering by %s is accepted', (_who, via, actor, archiveReason) => {
    // Prepare
    const scenario = caseIn('closed');

    // Act
    const { case: archived } = attempt(scenario, { type: 'answerSurvey', rating: 'satisfied', via }, actor);

    // Assess
    expect(archived).toMatchObject({ status: 'archived', archiveReason });
    expect(archived.survey).toMatchObject({ status: 'answered', via });
  });

  it('the handling unit can no longer record a call-back on its own case (403 role)', () => {
    // Prepare
    const scenario = caseIn('closed');

    // Act
    const error = refusal(() =>
      attempt(scenario, { type: 'answerSurvey', rating: 'satisfied', via: 'callback' }, handlerOfOwnUnit),
    );

    // Assess
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect((error as ForbiddenCommandError).details).toEqual({
      command: 'answerSurvey',
      role: 'handler',
      reason: 'role',
    });
  });

  it('a supervisor of any unit records call-backs: answerSurvey is not unit-scoped', () => {
    // Prepare
    const scenario = caseIn('closed');

    // Act
    const { case: archived } = attempt(
      scenario,
      { type: 'answerSurvey', rating: 'basically_satisfied', via: 'callback' },
      { ...supervisor, unitId: units.other },
    );

    // Assess
    expect(archived.archiveReason).toBe('callback');
  });

  it('the channel is checked before the survey’s own rules: a web answer by a supervisor is 403, not 409', () => {
    // Prepare: the review's survey was answered; the case waits for a supervisor
    let scenario = advance(
      caseIn('closed'),
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );
    scenario = advance(scenario, commandSamples.reply, handlerOfOwnUnit);
    scenario = advance(scenario, commandSamples.close, handlerOfOwnUnit);
    scenario = advance(
      scenario,
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );

    // Act
    const error = refusal(() =>
      attempt(scenario, { type: 'answerSurvey', rating: 'satisfied', via: 'web' }, supervisor),
    );

    // Assess
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect(error.status).toBe(403);
  });
});

describe('case ownership: handlers by unit, liaison officers by unit or studio', () => {
  const studioCase = { unitId: units.own, studioId: studios.own };
  const walkInCase = { unitId: units.own };
  const unrouted = { studioId: studios.own };
  const cases: [string, Actor, Pick<Case, 'unitId' | 'studioId'>, boolean][] = [
    ['a handler of the unit holding it', handlerOf(units.own), walkInCase, true],
    ['a handler of another unit', handlerOf(units.other), walkInCase, false],
    [
      'a handler of another unit, even with the registering studio',
      { ...handlerOf(units.other), studioId: studios.own },
      studioCase,
      false,
    ],
    ['a handler without a unit, on a case without a unit', { id: 'h', role: 'handler' }, {}, false],
    ['a liaison of the unit holding it', liaisonOf(units.own), walkInCase, true],
    ['a liaison of the studio that registered it', studioLiaison, studioCase, true],
    ['a liaison of the registering studio, before it is routed', studioLiaison, unrouted, true],
    ['a liaison of another studio', liaisonOf(units.studioOffice, studios.other), studioCase, false],
    ['a studio liaison, on a case no studio registered', studioLiaison, walkInCase, false],
    ['a liaison without studio, on a case without studio', liaisonOf(units.other), walkInCase, false],
    [
      'a liaison without unit or studio, on an unrouted walk-in case',
      { id: 'l', role: 'liaison' },
      {},
      false,
    ],
    ['a supervisor', supervisor, walkInCase, true],
    ['an admin', admin, walkInCase, true],
    ['the system', system, {}, true],
    ['the petitioner', petitionerActor, walkInCase, true],
  ];

  it.each(cases.map(([who, actor, item, owns]) => ({ who, actor, item, owns })))(
    'ownsCase: $who → $owns',
    ({ actor, item, owns }) => {
      // Act + Assess
      expect(ownsCase(actor, item)).toBe(owns);
    },
  );

  it('a liaison of the registering studio may route its studio’s unrouted case', () => {
    // Prepare
    const scenario = registered({ registration: { studioId: studios.own } });

    // Act
    const { case: assigned, event } = attempt(scenario, commandSamples.assign, studioLiaison);

    // Assess
    expect(assigned).toMatchObject({ status: 'assigned', unitId: units.own });
    expect(event.actor).toEqual(studioLiaison);
  });

  it('a liaison of the registering studio keeps acting on the case while another unit holds it', () => {
    // Prepare: the studio's case is with the water bureau
    const scenario = caseIn('assigned', { registration: { studioId: studios.own } });

    // Act
    const noted = attempt(scenario, commandSamples.note, studioLiaison);
    const linked = attempt(scenario, commandSamples.linkDuplicate, studioLiaison);
    const rejected = attempt(scenario, commandSamples.reject, studioLiaison);

    // Assess
    expect(noted.event.type).toBe('noted');
    expect(linked.case.duplicateOf).toBe(commandSamples.linkDuplicate.duplicateOf);
    expect(rejected.case.status).toBe('rejected');
  });

  it.each([
    ['of another studio', liaisonOf(units.studioOffice, studios.other), studios.own],
    ['of a studio, on a case no studio registered', studioLiaison, undefined],
  ])('a liaison %s is refused (403 not-own-unit)', (_who, liaison, studioId) => {
    // Prepare
    const scenario = caseIn('assigned', { registration: studioId ? { studioId } : {} });

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.note, liaison));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect((error as ForbiddenCommandError).details).toEqual({
      command: 'note',
      role: 'liaison',
      reason: 'not-own-unit',
    });
  });

  it('the studio does not widen a handler’s scope, nor a liaison’s role', () => {
    // Prepare
    const scenario = caseIn('acknowledged', { registration: { studioId: studios.own } });
    const studioHandler: Actor = { ...handlerOf(units.studioOffice), studioId: studios.own };

    // Act
    const handlerError = refusal(() => attempt(scenario, commandSamples.reply, studioHandler));
    const liaisonError = refusal(() => attempt(scenario, commandSamples.reply, studioLiaison));

    // Assess
    expect((handlerError as ForbiddenCommandError).details).toMatchObject({ reason: 'not-own-unit' });
    expect((liaisonError as ForbiddenCommandError).details).toMatchObject({ reason: 'role' });
  });

  it('a handler without a unit may not act on a case that has none yet (no undefined === undefined)', () => {
    // Prepare: returned, so back to registered without a unit
    const scenario = advance(caseIn('assigned'), commandSamples.return, handlerOfOwnUnit);
    expect(scenario.case.unitId).toBeUndefined();

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.note, { id: 'h', role: 'handler' }));

    // Assess
    expect((error as ForbiddenCommandError).details).toMatchObject({ reason: 'not-own-unit' });
  });
});
