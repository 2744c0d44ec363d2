import { isDeepStrictEqual } from 'node:util';
import type { WorkCalendar } from '../calendar/index.ts';
import { formatDuration } from '../policy/duration-text.ts';
import { type Duration, redoWindowOf, type SlaPolicy } from '../policy/sla-policy.ts';
import { nextDue, STUCK_AFTER_MS } from './due.ts';
import { CommandRefusedError, ForbiddenCommandError, IllegalTransitionError } from './errors.ts';
import type {
  Actor,
  ActorRole,
  AlertDeadline,
  Case,
  CaseAttachment,
  CaseDeadline,
  CaseEvent,
  CaseEventType,
  CaseStatus,
  Channel,
  DeadlineBasis,
  EscalationCard,
  Petitioner,
  PlacementMethod,
  RejectionGrounds,
  ReviewStep,
  RoutingDecision,
  SurveyRating,
  TeamReferral,
  Transfer,
} from './model.ts';
import { mayAssignOwner, ownedStatuses } from './ownership.ts';
import { accuses, type PetitionType } from './petition-types.ts';

/**
 * The case state machine: the only place that knows the transitions (DESIGN §1). Every command is a pure
 * function `(case, command, context) → { case', event }`: a change raises the version by exactly one and
 * emits exactly one event carrying who did it, when, and the before/after of every field it touched (the
 * audit trail). Illegal moves throw typed errors: wrong state → 409, wrong role or unit → 403, a broken
 * business rule (window passed, cap exceeded) → 422.
 */

export interface DecisionContext {
  readonly actor: Actor;
  readonly now: Date;
  readonly calendar: WorkCalendar;
  /** The case's SLA policy (chosen by category and channel at assignment). */
  readonly policy: SlaPolicy;
}

export interface Decision {
  readonly case: Case;
  readonly event: CaseEvent;
}

export interface RegistrationInput {
  readonly caseId: string;
  readonly trackingCode: string;
  readonly channel: Channel;
  readonly categoryCode?: string;
  readonly jurisdictionCode: string;
  readonly studioId?: string;
  readonly title: string;
  readonly content: string;
  readonly petitioner: Petitioner;
  readonly confidential: boolean;
  /** Files registered with the petition (checked photos from the form, e-mail attachments, scans). */
  readonly attachments?: readonly CaseAttachment[];
  readonly petitionType?: PetitionType;
  readonly accusedUnitId?: string;
  /** Another person registered the same text earlier: linked for staff to judge, never merged. */
  readonly possibleDuplicateOf?: string;
  readonly placedBy?: PlacementMethod;
  readonly open311ClientId?: string;
}

export type DeadlineName = AlertDeadline;

/** 维持 or 变更: what a 复查 or 复核 body decided about the opinion before it. */
export type ReviewOutcome = NonNullable<ReviewStep['outcome']>;

export type CaseCommand =
  | { readonly type: 'routeToTriage'; readonly triageUnitId: string; readonly routing: RoutingDecision }
  | { readonly type: 'assign'; readonly unitId: string; readonly routing?: RoutingDecision }
  | { readonly type: 'accept' }
  | { readonly type: 'reject'; readonly reason: string; readonly grounds?: RejectionGrounds }
  | { readonly type: 'acknowledge' }
  | { readonly type: 'return'; readonly reason: string }
  | { readonly type: 'reassign'; readonly unitId: string; readonly reason: string }
  | { readonly type: 'reply'; readonly text: string }
  | { readonly type: 'requestExtension'; readonly days: number; readonly reason: string }
  | { readonly type: 'decideExtension'; readonly approve: boolean; readonly note?: string }
  | { readonly type: 'close'; readonly summary?: string; readonly surveyTokenHash: string }
  | {
      readonly type: 'answerSurvey';
      readonly rating: SurveyRating;
      readonly comment?: string;
      readonly via: 'web' | 'callback';
      /** 不满意 and asking for 复查 at once (the survey page's checkbox, or said on a call-back). */
      readonly requestReview?: boolean;
    }
  | { readonly type: 'expireSurvey' }
  | { readonly type: 'reopen'; readonly reason: string }
  | { readonly type: 'archive'; readonly note?: string }
  | { readonly type: 'note'; readonly text: string }
  /** The petitioner adds to the case from outside (an Open311 client's follow-up); the unit reads it. */
  | {
      readonly type: 'followUp';
      readonly text: string;
      readonly via: 'open311';
      /** What the client says the state is (e.g. `FIXED`): information for the unit, never a transition. */
      readonly reportedStatus?: string;
      /** The client's own id of this follow-up (`<client>:<id>`), so a resend is recognised. */
      readonly reference?: string;
    }
  | { readonly type: 'linkDuplicate'; readonly duplicateOf: string }
  | { readonly type: 'remind'; readonly deadline: DeadlineName }
  | { readonly type: 'escalate'; readonly deadline: DeadlineName; readonly card: EscalationCard }
  | { readonly type: 'recomputeDeadlines' }
  | {
      readonly type: 'classify';
      readonly petitionType?: PetitionType;
      /** `null` clears a wrongly named accused unit. */
      readonly accusedUnitId?: string | null;
      /** The policy the new type selects, recorded while no unit has the case yet (chosen by the caller). */
      readonly policyId?: string;
    }
  | { readonly type: 'requestReview'; readonly reason: string }
  | { readonly type: 'decideReview'; readonly outcome: ReviewOutcome; readonly opinion: string }
  | { readonly type: 'requestRecheck'; readonly reason: string }
  | { readonly type: 'decideRecheck'; readonly outcome: ReviewOutcome; readonly opinion: string }
  | { readonly type: 'conclude' }
  | { readonly type: 'referToTeam'; readonly teamId: string; readonly question: string }
  | { readonly type: 'answerReferral'; readonly answer: string }
  /** The person in the holding unit who works the case; `null` puts it back among the unassigned. */
  | { readonly type: 'assignOwner'; readonly ownerId: string | null };

export type CommandType = CaseCommand['type'];

interface Rule {
  readonly from: readonly CaseStatus[];
  readonly roles: readonly ActorRole[];
  /** Handlers and liaison officers may only act on cases their own unit holds. */
  readonly ownUnitOnly: boolean;
}

/** Everything not concluded; `closed` waits for the survey or for a 复查 request, so it is open too. */
export const openStatuses: readonly CaseStatus[] = [
  'registered',
  'triage',
  'assigned',
  'acknowledged',
  'replied',
  'closed',
  'reviewing',
  'reviewed',
  'rechecking',
];
const open = openStatuses.filter((status) => status !== 'closed');
const staff: readonly ActorRole[] = ['liaison', 'handler', 'supervisor', 'admin'];
/** States with a deadline that reminders and cards run against (see `alertsFor`). */
const alertingStatuses: readonly CaseStatus[] = [
  'triage',
  'assigned',
  'acknowledged',
  'reviewing',
  'rechecking',
];

/** The transition table: which states each command may start from, and who may issue it. */
export const transitionRules: Readonly<Record<CommandType, Rule>> = {
  routeToTriage: { from: ['registered'], roles: ['system'], ownUnitOnly: false },
  assign: {
    from: ['registered', 'triage'],
    roles: ['system', 'supervisor', 'handler', 'liaison'],
    ownUnitOnly: true,
  },
  accept: { from: ['triage'], roles: ['supervisor', 'handler', 'liaison'], ownUnitOnly: true },
  reject: { from: ['triage', 'assigned'], roles: ['supervisor', 'handler', 'liaison'], ownUnitOnly: true },
  acknowledge: { from: ['assigned'], roles: ['handler', 'supervisor'], ownUnitOnly: true },
  return: { from: ['assigned', 'acknowledged'], roles: ['handler'], ownUnitOnly: true },
  reassign: { from: ['triage', 'assigned', 'acknowledged'], roles: ['supervisor'], ownUnitOnly: false },
  reply: { from: ['acknowledged'], roles: ['handler', 'supervisor'], ownUnitOnly: true },
  requestExtension: { from: ['acknowledged'], roles: ['handler'], ownUnitOnly: true },
  decideExtension: { from: ['acknowledged'], roles: ['supervisor'], ownUnitOnly: false },
  close: { from: ['replied'], roles: ['handler', 'supervisor', 'system'], ownUnitOnly: true },
  // Call-backs (回访) are recorded by supervisors: a unit never rates its own work.
  answerSurvey: { from: ['closed'], roles: ['public', 'supervisor'], ownUnitOnly: false },
  expireSurvey: { from: ['closed'], roles: ['system'], ownUnitOnly: false },
  reopen: { from: ['closed'], roles: ['supervisor'], ownUnitOnly: false },
  archive: { from: ['closed'], roles: ['supervisor'], ownUnitOnly: false },
  note: { from: [...openStatuses, 'rejected'], roles: staff, ownUnitOnly: true },
  // Archived or concluded cases are read-only; until then the petitioner may add to the case from outside.
  followUp: { from: [...openStatuses, 'rejected'], roles: ['public'], ownUnitOnly: false },
  linkDuplicate: { from: open, roles: ['handler', 'liaison', 'supervisor'], ownUnitOnly: true },
  remind: { from: alertingStatuses, roles: ['system'], ownUnitOnly: false },
  escalate: { from: alertingStatuses, roles: ['system'], ownUnitOnly: false },
  recomputeDeadlines: { from: openStatuses, roles: ['system'], ownUnitOnly: false },
  // 信访事项类型 and the accused unit: set by the triage owner or the unit while the case is being handled.
  classify: {
    from: ['triage', 'assigned', 'acknowledged'],
    roles: ['supervisor', 'handler', 'liaison'],
    ownUnitOnly: true,
  },
  // 复查 (Art. 35): asked for in writing; staff record a request that came by letter or visit (the survey page
  // records the petitioner's own). A rejection (不予受理) may be objected to the same way.
  requestReview: {
    from: ['closed', 'archived', 'rejected'],
    roles: ['supervisor', 'liaison'],
    ownUnitOnly: true,
  },
  // The reviewing and rechecking bodies are the levels above the unit; a supervisor records their opinions.
  decideReview: { from: ['reviewing'], roles: ['supervisor'], ownUnitOnly: false },
  requestRecheck: { from: ['reviewed'], roles: ['supervisor', 'liaison'], ownUnitOnly: true },
  decideRecheck: { from: ['rechecking'], roles: ['supervisor'], ownUnitOnly: false },
  conclude: { from: ['closed', 'reviewed'], roles: ['system'], ownUnitOnly: false },
  // 服务团队: the holding unit (or the studio) asks a service team for help; the case stays where it is.
  referToTeam: {
    from: ['triage', 'assigned', 'acknowledged'],
    roles: ['handler', 'liaison', 'supervisor'],
    ownUnitOnly: true,
  },
  // The team's own handlers answer; who may is checked against the open referral (`teamWithOpenReferral`).
  answerReferral: {
    from: ['triage', 'assigned', 'acknowledged', 'replied', 'closed'],
    roles: ['handler'],
    ownUnitOnly: false,
  },
  // Inside the unit: the lead gives a case to a person, a handler takes an unassigned one (ownership.ts).
  assignOwner: { from: ownedStatuses, roles: ['handler'], ownUnitOnly: true },
};

export const commandTypes = Object.keys(transitionRules) as CommandType[];

// ---------------------------------------------------------------------------------------------------------
// Deadlines: each keeps the basis it was computed from, so it can be recomputed when the official holiday
// schedule of a provisional year is entered.

export function applyDuration(calendar: WorkCalendar, from: Date, duration: Duration) {
  return duration.unit === 'workingDays'
    ? calendar.addWorkingDays(from, duration.amount)
    : calendar.addCalendarDays(from, duration.amount);
}

export function deadlineFrom(calendar: WorkCalendar, basis: DeadlineBasis): CaseDeadline {
  let at = new Date(basis.from);
  let provisional = false;
  for (const step of basis.steps) {
    const next = applyDuration(calendar, at, step);
    at = new Date(next.at);
    provisional ||= next.provisional;
  }
  return { at: at.toISOString(), provisional, basis };
}

function deadlineAfter(calendar: WorkCalendar, now: Date, duration: Duration): CaseDeadline {
  return deadlineFrom(calendar, { from: now.toISOString(), steps: [duration] });
}

// ---------------------------------------------------------------------------------------------------------

export function register(
  input: RegistrationInput,
  context: Pick<DecisionContext, 'actor' | 'now'>,
): Decision {
  const at = context.now.toISOString();
  const created: Case = {
    ...input,
    version: 1,
    status: 'registered',
    deadlines: {},
    reopenCount: 0,
    due: { kind: 'stuck', at: new Date(context.now.getTime() + STUCK_AFTER_MS).toISOString() },
    createdAt: at,
    updatedAt: at,
  };
  return {
    case: created,
    event: {
      caseId: input.caseId,
      version: 1,
      type: 'registered',
      at,
      actor: context.actor,
      changes: { status: { before: null, after: 'registered' } },
      data: {
        channel: input.channel,
        categoryCode: input.categoryCode ?? null,
        petitionType: input.petitionType ?? null,
        jurisdictionCode: input.jurisdictionCode,
        ...(input.possibleDuplicateOf ? { possibleDuplicateOf: input.possibleDuplicateOf } : {}),
        ...(input.placedBy ? { placedBy: input.placedBy } : {}),
      },
    },
  };
}

/**
 * Handlers act on their own unit's cases; liaison officers on their studio's unit and on cases their studio
 * registered. Supervisors, admins, the system and the petitioner (through a token) are not unit-scoped.
 */
export function ownsCase(actor: Actor, item: Pick<Case, 'unitId' | 'studioId'>): boolean {
  const sameUnit = actor.unitId !== undefined && actor.unitId === item.unitId;
  if (actor.role === 'handler') return sameUnit;
  if (actor.role === 'liaison')
    return sameUnit || (actor.studioId !== undefined && actor.studioId === item.studioId);
  return true;
}

/** The commands this actor could issue on this case now: what the console offers as buttons. */
export function permittedCommands(item: Case, actor: Actor): CommandType[] {
  return commandTypes.filter((type) => {
    const rule = transitionRules[type];
    if (!rule.roles.includes(actor.role) || !rule.from.includes(item.status)) return false;
    if (rule.ownUnitOnly && !ownsCase(actor, item)) return false;
    if (type === 'decideExtension') return item.extensionPending !== undefined;
    if (type === 'requestExtension') return item.extensionPending === undefined;
    if (type === 'answerSurvey') return item.survey?.status === 'pending';
    if (type === 'requestReview') return item.review === undefined && item.archiveReason !== 'concluded';
    if (type === 'answerReferral') return openReferralOf(item, actor.unitId) !== undefined;
    if (type === 'assignOwner') return mayAssignOwner(actor, item, actor.unitLead ? null : actor.id);
    return true;
  });
}

/** The referral a team has not answered yet, if any. */
export function openReferralOf(
  item: Pick<Case, 'teamReferrals'>,
  teamId: string | undefined,
): TeamReferral | undefined {
  return teamId === undefined
    ? undefined
    : item.teamReferrals?.find((referral) => referral.teamId === teamId && !referral.answeredAt);
}

function authorize(current: Case, command: CaseCommand, actor: Actor): void {
  const rule = transitionRules[command.type];
  if (!rule.roles.includes(actor.role)) throw new ForbiddenCommandError(command.type, actor.role);
  if (rule.ownUnitOnly && !ownsCase(actor, current)) {
    throw new ForbiddenCommandError(command.type, actor.role, 'not-own-unit');
  }
  if (!rule.from.includes(current.status)) throw new IllegalTransitionError(command.type, current.status);
}

function transfer(
  current: Case,
  context: DecisionContext,
  kind: Transfer['kind'],
  toUnitId: string | null,
  reason?: string,
): readonly Transfer[] {
  const entry: Transfer = {
    kind,
    at: context.now.toISOString(),
    fromUnitId: current.unitId ?? null,
    toUnitId,
    by: context.actor.id,
    ...(reason ? { reason } : {}),
  };
  return [...(current.transfers ?? []), entry];
}

/** Fresh acknowledge, reply and objection deadlines for a unit that takes the case over now. */
function assignmentPatch(
  current: Case,
  context: DecisionContext,
  unitId: string,
  kind: Transfer['kind'],
  reason?: string,
): CasePatch {
  const { calendar, now, policy } = context;
  return {
    status: 'assigned',
    unitId,
    policyId: policy.policyId,
    assignedAt: now.toISOString(),
    deadlines: {
      acknowledgeBy: deadlineAfter(calendar, now, policy.acknowledge),
      // The petitioner's clock does not restart when the case changes hands between units.
      replyBy: current.deadlines.replyBy ?? deadlineAfter(calendar, now, policy.reply),
      objectionUntil: deadlineAfter(calendar, now, policy.objectionWindow),
    },
    transfers: transfer(current, context, kind, unitId, reason),
    overdue: undefined,
    // A new acknowledge deadline gets its own reminder and cards.
    alertsSent: withoutAlerts(current, 'acknowledge'),
  };
}

/** 检举控告 is never handled by the unit it accuses (→ 422): route it elsewhere or decide at triage. */
function refuseAccusedUnit(current: Case, unitId: string): void {
  if (
    current.accusedUnitId !== undefined &&
    current.accusedUnitId === unitId &&
    accuses(current.petitionType)
  ) {
    throw new CommandRefusedError(
      'accused-unit',
      {
        zh: '检举控告件不得交由被检举控告的单位办理，请选择其他单位',
        en: 'An accusation cannot be handled by the unit it accuses; choose another unit',
      },
      { field: 'unitId', unitId },
    );
  }
}

function withoutAlerts(current: Case, deadline: DeadlineName): readonly string[] | undefined {
  const kept = (current.alertsSent ?? []).filter((alert) => !alert.startsWith(`${deadline}:`));
  return kept.length > 0 ? kept : undefined;
}

function requireText(value: string, field: string): void {
  if (value.trim().length === 0)
    throw new CommandRefusedError(
      'text-required',
      { zh: '请填写内容', en: `${field} is required` },
      { field },
    );
}

export function decide(current: Case, command: CaseCommand, context: DecisionContext): Decision {
  authorize(current, command, context.actor);
  const { calendar, now, policy, actor } = context;
  const at = now.toISOString();
  switch (command.type) {
    case 'routeToTriage':
      return change(current, context, 'triaged', {
        status: 'triage',
        unitId: command.triageUnitId,
        routing: command.routing,
        policyId: policy.policyId,
        // The triage owner must accept or assign within the acknowledge limit (15 days by 信访工作条例 Art. 22).
        deadlines: { ...current.deadlines, acknowledgeBy: deadlineAfter(calendar, now, policy.acknowledge) },
        alertsSent: withoutAlerts(current, 'acknowledge'),
        transfers: transfer(current, context, 'assigned', command.triageUnitId, command.routing.reason),
      });

    case 'assign':
      refuseAccusedUnit(current, command.unitId);
      return change(
        current,
        context,
        'assigned',
        {
          ...assignmentPatch(current, context, command.unitId, 'assigned', command.routing?.reason),
          ...(command.routing ? { routing: command.routing } : {}),
        },
        { reason: command.routing?.reason ?? null },
      );

    case 'accept':
      // 首接负责制: the triage owner keeps the case and handles it itself.
      refuseAccusedUnit(current, current.unitId!);
      return change(
        current,
        context,
        'accepted',
        assignmentPatch(current, context, current.unitId!, 'accepted'),
      );

    case 'reject':
      requireText(command.reason, 'reason');
      return change(
        current,
        context,
        'rejected',
        {
          status: 'rejected',
          rejection: {
            reason: command.reason,
            at,
            by: actor.id,
            ...(command.grounds ? { grounds: command.grounds } : {}),
          },
          overdue: undefined,
          // The petitioner may object by asking the level above for 复查, from the notice on (Art. 35).
          deadlines: {
            ...current.deadlines,
            reviewRequestBy: deadlineAfter(calendar, now, policy.reviewRequestWindow),
          },
        },
        {
          reason: command.reason,
          body: policy.reviewBody,
          ...(command.grounds ? { grounds: command.grounds } : {}),
        },
      );

    case 'acknowledge':
      return change(current, context, 'acknowledged', {
        status: 'acknowledged',
        acknowledgedAt: at,
        overdue: undefined,
      });

    case 'return': {
      requireText(command.reason, 'reason');
      const until = current.deadlines.objectionUntil;
      if (!until || now.getTime() > Date.parse(until.at)) {
        throw new CommandRefusedError('objection-window-passed', {
          zh: '已超过派单异议期，不能退回，请申请改派',
          en: 'The objection window has passed; ask a supervisor to reassign instead',
        });
      }
      const returnedBy = [...new Set([...(current.returnedByUnitIds ?? []), current.unitId!])];
      return change(
        current,
        context,
        'returned',
        {
          status: 'registered',
          unitId: undefined,
          returnedByUnitIds: returnedBy,
          transfers: transfer(current, context, 'returned', null, command.reason),
          deadlines: current.deadlines.replyBy ? { replyBy: current.deadlines.replyBy } : {},
          acknowledgedAt: undefined,
          extensionPending: undefined,
          overdue: undefined,
        },
        { reason: command.reason },
      );
    }

    case 'reassign':
      requireText(command.reason, 'reason');
      refuseAccusedUnit(current, command.unitId);
      if (command.unitId === current.unitId) {
        throw new CommandRefusedError('same-unit', {
          zh: '已由该单位承办',
          en: 'The case is already with that unit',
        });
      }
      return change(
        current,
        context,
        'reassigned',
        {
          ...assignmentPatch(current, context, command.unitId, 'reassigned', command.reason),
          acknowledgedAt: undefined,
          extensionPending: undefined,
        },
        { reason: command.reason },
      );

    case 'reply':
      requireText(command.text, 'text');
      return change(current, context, 'replied', {
        status: 'replied',
        reply: { text: command.text, at, by: actor.id },
        repliedAt: at,
        overdue: undefined,
        extensionPending: undefined,
      });

    case 'requestExtension': {
      requireText(command.reason, 'reason');
      if (current.extensionPending) {
        throw new CommandRefusedError('extension-pending', {
          zh: '已有一项延期申请待审批',
          en: 'An extension request is already pending',
        });
      }
      const granted = current.extensionGrantedDays ?? 0;
      if (
        !Number.isInteger(command.days) ||
        command.days < 1 ||
        granted + command.days > policy.extensionCap.amount
      ) {
        const cap = policy.extensionCap;
        const already = { amount: granted, unit: cap.unit };
        throw new CommandRefusedError(
          'extension-over-cap',
          {
            zh: `延期总计不得超过 ${formatDuration(cap)}（已延 ${formatDuration(already)}）`,
            en: `Extensions may total at most ${formatDuration(cap, 'en')} (${formatDuration(already, 'en')} granted)`,
          },
          { field: 'days', cap: cap.amount, unit: cap.unit, granted },
        );
      }
      return change(
        current,
        context,
        'extensionRequested',
        {
          extensionPending: {
            days: command.days,
            unit: policy.extensionCap.unit,
            reason: command.reason,
            requestedAt: at,
            requestedBy: actor.id,
          },
        },
        { days: command.days, unit: policy.extensionCap.unit, reason: command.reason },
      );
    }

    case 'decideExtension': {
      const pending = current.extensionPending;
      if (!pending)
        throw new CommandRefusedError('no-extension-pending', {
          zh: '没有待审批的延期申请',
          en: 'There is no pending extension request',
        });
      if (!command.approve) {
        return change(
          current,
          context,
          'extensionDecided',
          { extensionPending: undefined },
          { approved: false, days: pending.days, unit: policy.extensionCap.unit, note: command.note ?? null },
        );
      }
      const replyBasis = current.deadlines.replyBy?.basis ?? {
        from: current.assignedAt ?? at,
        steps: [policy.reply],
      };
      const replyBy = deadlineFrom(calendar, {
        from: replyBasis.from,
        steps: [...replyBasis.steps, { amount: pending.days, unit: policy.extensionCap.unit }],
      });
      return change(
        current,
        context,
        'extensionDecided',
        {
          extensionPending: undefined,
          extensionGrantedDays: (current.extensionGrantedDays ?? 0) + pending.days,
          deadlines: { ...current.deadlines, replyBy },
          // A deadline moved into the future gets its reminder and cards again.
          alertsSent:
            Date.parse(replyBy.at) > now.getTime() ? withoutAlerts(current, 'reply') : current.alertsSent,
          overdue:
            current.overdue?.deadline === 'reply' && Date.parse(replyBy.at) > now.getTime()
              ? undefined
              : current.overdue,
        },
        // The petitioner is told why (信访工作条例 Art. 34): the reason is part of the public timeline.
        {
          approved: true,
          days: pending.days,
          unit: policy.extensionCap.unit,
          reason: pending.reason,
          note: command.note ?? null,
        },
      );
    }

    case 'close':
      return change(current, context, 'closed', {
        status: 'closed',
        closedAt: at,
        ...(command.summary ? { closeSummary: command.summary } : {}),
        survey: { tokenHash: command.surveyTokenHash, status: 'pending', round: current.reopenCount + 1 },
        // The survey window runs from the reply (policy), so closing later never lengthens or shortens it.
        deadlines: {
          ...current.deadlines,
          surveyBy: deadlineFrom(calendar, { from: current.repliedAt ?? at, steps: [policy.surveyWindow] }),
        },
      });

    case 'answerSurvey': {
      // The petitioner answers on the web; staff record phone call-backs. Neither may pose as the other.
      if ((command.via === 'web') !== (actor.role === 'public'))
        throw new ForbiddenCommandError(command.type, actor.role);
      const survey = current.survey;
      if (survey?.status !== 'pending') {
        throw new CommandRefusedError(
          'survey-already-answered',
          { zh: '该评价已经提交过', en: 'This survey has already been answered' },
          {},
          409,
        );
      }
      if (
        command.via === 'web' &&
        current.deadlines.surveyBy &&
        now.getTime() > Date.parse(current.deadlines.surveyBy.at)
      ) {
        throw new CommandRefusedError(
          'survey-expired',
          { zh: '评价链接已过期', en: 'The survey link has expired' },
          {},
          410,
        );
      }
      const answered = {
        ...survey,
        status: 'answered' as const,
        rating: command.rating,
        ...(command.comment ? { comment: command.comment } : {}),
        answeredAt: at,
        via: command.via,
      };
      const data = { rating: command.rating, via: command.via };
      if (command.requestReview && command.rating !== 'dissatisfied') {
        throw new CommandRefusedError(
          'review-needs-dissatisfied',
          {
            zh: '只有对办理结果不满意时才能申请复查',
            en: 'Only a dissatisfied petitioner can ask for a review',
          },
          { field: 'requestReview' },
        );
      }
      if (command.rating !== 'dissatisfied') {
        return change(
          current,
          context,
          'surveyAnswered',
          {
            survey: answered,
            status: 'archived',
            archivedAt: at,
            archiveReason: command.via === 'web' ? 'survey' : 'callback',
          },
          { ...data, outcome: 'archived' },
        );
      }
      if (command.requestReview) {
        // 复查 asked for with the answer: the level above takes it up now (Art. 35).
        return change(
          current,
          context,
          'surveyAnswered',
          {
            ...reviewPatch(current, context, {
              via: command.via === 'web' ? 'web' : 'staff',
              reason: command.comment,
            }),
            survey: answered,
          },
          { ...data, outcome: 'review', body: policy.reviewBody },
        );
      }
      if (current.reopenCount === 0) {
        // 重新办理: after a first 不满意 the unit handles the case again, against a fresh deadline.
        return change(
          current,
          context,
          'surveyAnswered',
          { ...reopenPatch(current, context), survey: answered },
          { ...data, outcome: 'reopened' },
        );
      }
      // Still dissatisfied after the unit's second answer: the petitioner may ask for 复查 until the window
      // (from the reply) closes; then the case concludes.
      const reviewRequestBy = reviewWindowOf(current, context);
      return change(
        current,
        context,
        'surveyAnswered',
        { survey: answered, deadlines: { ...current.deadlines, reviewRequestBy } },
        { ...data, outcome: 'reviewable', body: policy.reviewBody, until: reviewRequestBy.at },
      );
    }

    case 'expireSurvey': {
      const survey = current.survey;
      const due = current.deadlines.surveyBy;
      if (survey?.status !== 'pending' || !due || now.getTime() <= Date.parse(due.at)) {
        throw new CommandRefusedError('survey-not-expired', {
          zh: '评价尚未到期',
          en: 'The survey has not expired',
        });
      }
      // Silence is never counted as satisfaction: archived apart, as "no response".
      return change(current, context, 'surveyExpired', {
        survey: { ...survey, status: 'expired' },
        status: 'archived',
        archivedAt: at,
        archiveReason: 'no_response',
      });
    }

    case 'reopen':
      requireText(command.reason, 'reason');
      return change(current, context, 'reopened', reopenPatch(current, context), { reason: command.reason });

    case 'archive':
      return change(
        current,
        context,
        'archived',
        {
          status: 'archived',
          archivedAt: at,
          archiveReason: 'supervisor',
          survey: withdrawnSurvey(current),
        },
        { note: command.note ?? null },
      );

    case 'note':
      requireText(command.text, 'text');
      return change(current, context, 'noted', {}, { text: command.text });

    case 'followUp':
      requireText(command.text, 'text');
      return change(
        current,
        context,
        'followedUp',
        {},
        {
          text: command.text,
          via: command.via,
          ...(command.reportedStatus ? { reportedStatus: command.reportedStatus } : {}),
          ...(command.reference ? { reference: command.reference } : {}),
        },
      );

    case 'linkDuplicate':
      if (command.duplicateOf === current.caseId) {
        throw new CommandRefusedError('self-duplicate', {
          zh: '不能关联自身',
          en: 'A case cannot duplicate itself',
        });
      }
      return change(
        current,
        context,
        'duplicateLinked',
        { duplicateOf: command.duplicateOf },
        { duplicateOf: command.duplicateOf },
      );

    case 'remind':
    case 'escalate': {
      const alert =
        command.type === 'remind' ? `${command.deadline}:reminder` : `${command.deadline}:${command.card}`;
      if (current.alertsSent?.includes(alert)) {
        throw new CommandRefusedError(
          'alert-already-sent',
          { zh: '该提醒已发送', en: `Alert ${alert} was already sent` },
          {},
          409,
        );
      }
      if (runningAlertDeadline(current) !== command.deadline)
        throw new IllegalTransitionError(command.type, current.status);
      const alertsSent = [...(current.alertsSent ?? []), alert];
      if (command.type === 'remind')
        return change(current, context, 'reminded', { alertsSent }, { deadline: command.deadline });
      return change(
        current,
        context,
        'escalated',
        { alertsSent, overdue: { card: command.card, deadline: command.deadline, since: at } },
        { deadline: command.deadline, card: command.card },
      );
    }

    case 'referToTeam': {
      requireText(command.question, 'question');
      if (command.teamId === current.unitId)
        throw new CommandRefusedError('team-holds-case', {
          zh: '该服务团队就是承办单位',
          en: 'That team already holds the case',
        });
      if (openReferralOf(current, command.teamId))
        throw new CommandRefusedError(
          'referral-open',
          { zh: '已请该服务团队协助，尚未回复', en: 'That team has an open referral on this case' },
          {},
          409,
        );
      const referral: TeamReferral = {
        teamId: command.teamId,
        question: command.question,
        referredAt: at,
        referredBy: actor.id,
      };
      return change(
        current,
        context,
        'teamReferred',
        { teamReferrals: [...(current.teamReferrals ?? []), referral] },
        { teamId: command.teamId, question: command.question },
      );
    }

    case 'answerReferral': {
      const referral = openReferralOf(current, actor.unitId);
      if (!referral) throw new ForbiddenCommandError(command.type, actor.role, 'not-own-unit');
      requireText(command.answer, 'answer');
      const answered: TeamReferral = {
        ...referral,
        answer: command.answer,
        answeredAt: at,
        answeredBy: actor.id,
      };
      return change(
        current,
        context,
        'teamAnswered',
        {
          teamReferrals: (current.teamReferrals ?? []).map((candidate) =>
            candidate === referral ? answered : candidate,
          ),
        },
        { teamId: referral.teamId, answer: command.answer },
      );
    }

    case 'assignOwner': {
      if (!mayAssignOwner(actor, current, command.ownerId))
        throw new CommandRefusedError(
          'not-unit-lead',
          {
            zh: '只有单位负责人可以分配给他人；其他承办人只能认领尚未分配的诉求',
            en: 'Only the unit lead assigns cases to others; a handler may take an unassigned case',
          },
          { field: 'ownerId' },
          403,
        );
      if ((command.ownerId ?? undefined) === current.ownerId)
        throw new CommandRefusedError('same-owner', {
          zh: '已由该承办人负责',
          en: 'The case already has that owner',
        });
      return change(
        current,
        context,
        'ownerAssigned',
        { ownerId: command.ownerId ?? undefined },
        { ownerId: command.ownerId },
      );
    }

    case 'recomputeDeadlines': {
      const deadlines: Record<string, CaseDeadline> = {};
      for (const [name, deadline] of Object.entries(current.deadlines) as [
        string,
        CaseDeadline | undefined,
      ][]) {
        // Every deadline, not only provisional ones: a one-day override (a typhoon closure) moves official ones.
        if (deadline) deadlines[name] = deadlineFrom(calendar, deadline.basis);
      }
      // No empty versions: a case whose deadlines stay the same is left alone (and nobody's edit conflicts).
      if (isDeepStrictEqual(deadlines, current.deadlines)) {
        throw new CommandRefusedError(
          'nothing-to-recompute',
          { zh: '期限无变化', en: 'No deadline changes' },
          {},
          409,
        );
      }
      return change(current, context, 'deadlinesRecomputed', { deadlines });
    }

    case 'classify': {
      const petitionType = command.petitionType ?? current.petitionType;
      const accusedUnitId =
        command.accusedUnitId === null ? undefined : (command.accusedUnitId ?? current.accusedUnitId);
      if (accusedUnitId !== undefined && !accuses(petitionType)) {
        throw new CommandRefusedError(
          'accused-unit-needs-accusation',
          { zh: '只有检举控告件可以填写被检举控告单位', en: 'Only an accusation names an accused unit' },
          { field: 'accusedUnitId' },
        );
      }
      const patch: CasePatch = { petitionType, accusedUnitId };
      // Nobody handles the case yet: the new type's policy applies from the assignment on.
      if (current.status === 'triage' && command.policyId) patch.policyId = command.policyId;
      if (
        current.status !== 'triage' &&
        accusedUnitId !== undefined &&
        accusedUnitId === current.unitId &&
        accuses(petitionType)
      ) {
        throw new CommandRefusedError(
          'accused-unit',
          {
            zh: '此件检举控告的正是承办单位，请报督办部门改派',
            en: 'The case accuses the unit that holds it; ask a supervisor to reassign it',
          },
          { field: 'accusedUnitId' },
        );
      }
      return change(current, context, 'classified', patch, {
        petitionType: petitionType ?? null,
        accusedUnitId: accusedUnitId ?? null,
      });
    }

    case 'requestReview': {
      requireText(command.reason, 'reason');
      if (current.review) {
        throw new CommandRefusedError('review-already-requested', {
          zh: '此件已申请过复查',
          en: 'A review was already requested for this case',
        });
      }
      if (current.status === 'archived' && current.archiveReason === 'concluded') {
        throw new CommandRefusedError('case-concluded', {
          zh: '此件已终结，不再受理',
          en: 'The case has concluded and is not taken up again',
        });
      }
      const until =
        current.status !== 'archived' && current.deadlines.reviewRequestBy
          ? current.deadlines.reviewRequestBy
          : reviewWindowOf(current, context);
      if (now.getTime() > Date.parse(until.at)) {
        throw new CommandRefusedError(
          'review-window-passed',
          {
            zh: `已超过复查申请期限（答复之日起${formatDuration(policy.reviewRequestWindow)}）`,
            en: `The time to ask for a review (${formatDuration(policy.reviewRequestWindow, 'en')} from the reply) has passed`,
          },
          { until: until.at },
        );
      }
      return change(
        current,
        context,
        'reviewRequested',
        reviewPatch(current, context, { via: 'staff', reason: command.reason }),
        { body: policy.reviewBody, reason: command.reason, from: current.status },
      );
    }

    case 'decideReview':
    case 'decideRecheck': {
      requireText(command.opinion, 'opinion');
      const stage = command.type === 'decideReview' ? 'review' : 'recheck';
      const step = current[stage]!;
      const decided: ReviewStep = {
        ...step,
        decidedAt: at,
        decidedBy: actor.id,
        outcome: command.outcome,
        opinion: command.opinion,
      };
      const data = { outcome: command.outcome, opinion: command.opinion, body: step.body };
      if (stage === 'review') {
        return change(
          current,
          context,
          'reviewDecided',
          {
            status: 'reviewed',
            review: decided,
            overdue: undefined,
            // Art. 36: 复核 may be asked for within 30 days of receiving the review opinion.
            deadlines: {
              ...current.deadlines,
              recheckRequestBy: deadlineAfter(calendar, now, policy.recheckRequestWindow),
            },
          },
          { ...data, recheckBody: policy.recheckBody },
        );
      }
      // 复核 concludes the matter (终结): the same facts and reasons are not taken up again.
      return change(
        current,
        context,
        'recheckDecided',
        {
          status: 'archived',
          recheck: decided,
          overdue: undefined,
          archivedAt: at,
          archiveReason: 'concluded',
        },
        data,
      );
    }

    case 'requestRecheck': {
      requireText(command.reason, 'reason');
      const until = current.deadlines.recheckRequestBy;
      if (until && now.getTime() > Date.parse(until.at)) {
        throw new CommandRefusedError(
          'recheck-window-passed',
          {
            zh: `已超过复核申请期限（复查意见之日起${formatDuration(policy.recheckRequestWindow)}）`,
            en: `The time to ask for a recheck (${formatDuration(policy.recheckRequestWindow, 'en')} from the review opinion) has passed`,
          },
          { until: until.at },
        );
      }
      const recheck: ReviewStep = {
        requestedAt: at,
        requestedBy: actor.id,
        via: 'staff',
        reason: command.reason,
        body: policy.recheckBody,
      };
      return change(
        current,
        context,
        'recheckRequested',
        {
          status: 'rechecking',
          recheck,
          deadlines: {
            ...current.deadlines,
            recheckBy: deadlineAfter(calendar, now, policy.recheckDecision),
          },
          overdue: undefined,
          alertsSent: withoutAlerts(current, 'decision'),
        },
        { body: policy.recheckBody, reason: command.reason },
      );
    }

    case 'conclude': {
      const window =
        current.status === 'reviewed'
          ? current.deadlines.recheckRequestBy
          : current.deadlines.reviewRequestBy;
      const waiting = current.status === 'reviewed' || current.survey?.status === 'answered';
      if (!waiting || !window || now.getTime() <= Date.parse(window.at)) {
        throw new CommandRefusedError(
          'window-still-open',
          { zh: '申请期限尚未届满', en: 'The window to ask for a review is still open' },
          {},
          409,
        );
      }
      return change(
        current,
        context,
        'concluded',
        { status: 'archived', archivedAt: at, archiveReason: 'concluded', overdue: undefined },
        { stage: current.status === 'reviewed' ? 'review' : 'reply' },
      );
    }
  }
}

/** The deadline reminders and cards run against in the case's state, if any. */
export function runningAlertDeadline(item: Pick<Case, 'status'>): DeadlineName | null {
  switch (item.status) {
    case 'triage':
    case 'assigned':
      return 'acknowledge';
    case 'acknowledged':
      return 'reply';
    case 'reviewing':
    case 'rechecking':
      return 'decision';
    default:
      return null;
  }
}

/** Art. 35's window: from the reply (or the rejection being objected to), `reviewRequestWindow` long. */
function reviewWindowOf(current: Case, context: DecisionContext): CaseDeadline {
  const from =
    current.status === 'rejected' ? current.rejection!.at : (current.repliedAt ?? context.now.toISOString());
  return deadlineFrom(context.calendar, { from, steps: [context.policy.reviewRequestWindow] });
}

/** 复查 requested: the reviewing body has `reviewDecision` to give its opinion; an open survey is withdrawn. */
function reviewPatch(
  current: Case,
  context: DecisionContext,
  request: { via: 'web' | 'staff'; reason: string | undefined },
): CasePatch {
  const { calendar, now, policy, actor } = context;
  const review: ReviewStep = {
    requestedAt: now.toISOString(),
    requestedBy: actor.id,
    via: request.via,
    ...(request.reason ? { reason: request.reason } : {}),
    body: policy.reviewBody,
  };
  return {
    status: 'reviewing',
    review,
    deadlines: { ...current.deadlines, reviewBy: deadlineAfter(calendar, now, policy.reviewDecision) },
    survey: withdrawnSurvey(current),
    overdue: undefined,
    alertsSent: withoutAlerts(current, 'decision'),
    archivedAt: undefined,
    archiveReason: undefined,
  };
}

function reopenPatch(current: Case, context: DecisionContext): CasePatch {
  const { calendar, now, policy } = context;
  return {
    status: 'acknowledged',
    reopenCount: current.reopenCount + 1,
    deadlines: {
      ...current.deadlines,
      replyBy: deadlineAfter(calendar, now, redoWindowOf(policy)),
      surveyBy: undefined,
      reviewRequestBy: undefined,
    },
    overdue: undefined,
    alertsSent: withoutAlerts(current, 'reply'),
    // 重新办理 is a handling of its own: its own deadline, its own extension allowance.
    extensionGrantedDays: undefined,
    survey: withdrawnSurvey(current),
    archivedAt: undefined,
    archiveReason: undefined,
  };
}

/** A survey still open when staff end or reopen the case can no longer be answered. */
function withdrawnSurvey(current: Case): Case['survey'] {
  return current.survey?.status === 'pending' ? { ...current.survey, status: 'withdrawn' } : current.survey;
}

type CasePatch = {
  -readonly [K in keyof Omit<Case, 'caseId' | 'trackingCode' | 'version' | 'createdAt' | 'updatedAt'>]?:
    | Case[K]
    | undefined;
};

function change(
  current: Case,
  context: DecisionContext,
  type: CaseEventType,
  requested: CasePatch,
  data: Record<string, unknown> = {},
): Decision {
  const at = context.now.toISOString();
  const version = current.version + 1;
  // The owner is a person of the holding unit: a case that changes units (or leaves them) has none.
  const leavesUnit = 'unitId' in requested && requested.unitId !== current.unitId;
  const patch: CasePatch = leavesUnit ? { ...requested, ownerId: undefined } : requested;
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const next: Record<string, unknown> = { ...current };
  for (const [field, after] of Object.entries(patch)) {
    const before = (current as unknown as Record<string, unknown>)[field];
    if (JSON.stringify(before) !== JSON.stringify(after))
      changes[field] = { before: before ?? null, after: after ?? null };
    if (after === undefined) delete next[field];
    else next[field] = after;
  }
  const changed = { ...(next as unknown as Case), version, updatedAt: at };
  const due = nextDue(changed, context.calendar, context.policy);
  const { due: _previous, ...withoutDue } = changed;
  return {
    case: due ? { ...withoutDue, due } : withoutDue,
    event: { caseId: current.caseId, version, type, at, actor: context.actor, changes, data },
  };
}
