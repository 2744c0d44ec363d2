import { isDeepStrictEqual } from 'node:util';
import type { WorkCalendar } from '../calendar/index.ts';
import type { Duration, SlaPolicy } from '../policy/sla-policy.ts';
import { nextDue, STUCK_AFTER_MS } from './due.ts';
import { CommandRefusedError, ForbiddenCommandError, IllegalTransitionError } from './errors.ts';
import type {
  Actor,
  ActorRole,
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
  RoutingDecision,
  SurveyRating,
  TeamReferral,
  Transfer,
} from './model.ts';

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
}

export type DeadlineName = 'acknowledge' | 'reply';

export type CaseCommand =
  | { readonly type: 'routeToTriage'; readonly triageUnitId: string; readonly routing: RoutingDecision }
  | { readonly type: 'assign'; readonly unitId: string; readonly routing?: RoutingDecision }
  | { readonly type: 'accept' }
  | { readonly type: 'reject'; readonly reason: string }
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
    }
  | { readonly type: 'expireSurvey' }
  | { readonly type: 'reopen'; readonly reason: string }
  | { readonly type: 'archive'; readonly note?: string }
  | { readonly type: 'note'; readonly text: string }
  | { readonly type: 'linkDuplicate'; readonly duplicateOf: string }
  | { readonly type: 'remind'; readonly deadline: DeadlineName }
  | { readonly type: 'escalate'; readonly deadline: DeadlineName; readonly card: EscalationCard }
  | { readonly type: 'recomputeDeadlines' }
  | { readonly type: 'referToTeam'; readonly teamId: string; readonly question: string }
  | { readonly type: 'answerReferral'; readonly answer: string };

export type CommandType = CaseCommand['type'];

interface Rule {
  readonly from: readonly CaseStatus[];
  readonly roles: readonly ActorRole[];
  /** Handlers and liaison officers may only act on cases their own unit holds. */
  readonly ownUnitOnly: boolean;
}

const open: readonly CaseStatus[] = ['registered', 'triage', 'assigned', 'acknowledged', 'replied'];
const staff: readonly ActorRole[] = ['liaison', 'handler', 'supervisor', 'admin'];

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
  note: { from: [...open, 'closed', 'rejected'], roles: staff, ownUnitOnly: true },
  linkDuplicate: { from: open, roles: ['handler', 'liaison', 'supervisor'], ownUnitOnly: true },
  remind: { from: ['triage', 'assigned', 'acknowledged'], roles: ['system'], ownUnitOnly: false },
  escalate: { from: ['triage', 'assigned', 'acknowledged'], roles: ['system'], ownUnitOnly: false },
  recomputeDeadlines: { from: [...open, 'closed'], roles: ['system'], ownUnitOnly: false },
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
        jurisdictionCode: input.jurisdictionCode,
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
    if (type === 'answerReferral') return openReferralOf(item, actor.unitId) !== undefined;
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
        { status: 'rejected', rejection: { reason: command.reason, at, by: actor.id }, overdue: undefined },
        { reason: command.reason },
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
        throw new CommandRefusedError(
          'extension-over-cap',
          {
            zh: `延期总计不得超过 ${policy.extensionCap.amount} 日（已延 ${granted} 日）`,
            en: `Extensions may total at most ${policy.extensionCap.amount} days (${granted} granted)`,
          },
          { field: 'days', cap: policy.extensionCap.amount, granted },
        );
      }
      return change(
        current,
        context,
        'extensionRequested',
        {
          extensionPending: {
            days: command.days,
            reason: command.reason,
            requestedAt: at,
            requestedBy: actor.id,
          },
        },
        { days: command.days, reason: command.reason },
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
          { approved: false, days: pending.days, note: command.note ?? null },
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
        { approved: true, days: pending.days, reason: pending.reason, note: command.note ?? null },
      );
    }

    case 'close':
      return change(current, context, 'closed', {
        status: 'closed',
        closedAt: at,
        ...(command.summary ? { closeSummary: command.summary } : {}),
        survey: { tokenHash: command.surveyTokenHash, status: 'pending', round: current.reopenCount + 1 },
        deadlines: { ...current.deadlines, surveyBy: deadlineAfter(calendar, now, policy.surveyWindow) },
        supervisorReview: undefined,
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
      if (current.reopenCount === 0) {
        // 复查: the same unit reviews its answer once, against a fresh deadline.
        return change(
          current,
          context,
          'surveyAnswered',
          { ...reopenPatch(current, context), survey: answered },
          { ...data, outcome: 'reopened' },
        );
      }
      return change(
        current,
        context,
        'surveyAnswered',
        { survey: answered, supervisorReview: { reason: 'dissatisfied-after-review', since: at } },
        { ...data, outcome: 'supervisor' },
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
          supervisorReview: undefined,
          survey: withdrawnSurvey(current),
        },
        { note: command.note ?? null },
      );

    case 'note':
      requireText(command.text, 'text');
      return change(current, context, 'noted', {}, { text: command.text });

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
      const expectedStatuses = command.deadline === 'acknowledge' ? ['triage', 'assigned'] : ['acknowledged'];
      if (!expectedStatuses.includes(current.status))
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

    case 'recomputeDeadlines': {
      const deadlines: Record<string, CaseDeadline> = {};
      for (const [name, deadline] of Object.entries(current.deadlines) as [
        string,
        CaseDeadline | undefined,
      ][]) {
        if (deadline)
          deadlines[name] = deadline.provisional ? deadlineFrom(calendar, deadline.basis) : deadline;
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
  }
}

function reopenPatch(current: Case, context: DecisionContext): CasePatch {
  const { calendar, now, policy } = context;
  return {
    status: 'acknowledged',
    reopenCount: current.reopenCount + 1,
    deadlines: {
      ...current.deadlines,
      replyBy: deadlineAfter(calendar, now, policy.reviewWindow),
      surveyBy: undefined,
    },
    supervisorReview: undefined,
    overdue: undefined,
    alertsSent: withoutAlerts(current, 'reply'),
    // 复查 is a procedure of its own (信访工作条例 Art. 35): its own deadline, its own extension allowance.
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
  patch: CasePatch,
  data: Record<string, unknown> = {},
): Decision {
  const at = context.now.toISOString();
  const version = current.version + 1;
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
