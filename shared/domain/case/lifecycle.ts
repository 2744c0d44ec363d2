import type { WorkCalendar } from '../calendar/index.ts';
import type { Duration, SlaPolicy } from '../policy/sla-policy.ts';
import { IllegalTransitionError } from './errors.ts';
import type {
  Actor,
  Case,
  CaseDeadlines,
  CaseEvent,
  CaseEventType,
  CaseStatus,
  Channel,
  Deadline,
  Petitioner,
  RoutingDecision,
} from './model.ts';

/**
 * The case state machine: the only place that knows the transitions (DESIGN §1). Every command is a pure
 * function `(case, command, context) → { case', event }`; a change raises the version by one and emits
 * exactly one event carrying the before/after of the fields it touched.
 */

export interface DecisionContext {
  readonly actor: Actor;
  readonly now: Date;
  readonly calendar: WorkCalendar;
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
}

export type CaseCommand =
  | { readonly type: 'assign'; readonly unitId: string; readonly routing: RoutingDecision }
  | { readonly type: 'routeToTriage'; readonly triageUnitId: string; readonly routing: RoutingDecision };

export type CommandType = CaseCommand['type'];

/** Which states each command may start from. */
export const allowedFrom: Readonly<Record<CommandType, readonly CaseStatus[]>> = {
  assign: ['registered', 'triage'],
  routeToTriage: ['registered'],
};

export function deadlineAfter(calendar: WorkCalendar, from: Date, duration: Duration): Deadline {
  return duration.unit === 'workingDays'
    ? calendar.addWorkingDays(from, duration.amount)
    : calendar.addCalendarDays(from, duration.amount);
}

export function register(
  input: RegistrationInput,
  context: Omit<DecisionContext, 'policy' | 'calendar'>,
): Decision {
  const at = context.now.toISOString();
  const created: Case = {
    ...input,
    version: 1,
    status: 'registered',
    deadlines: {},
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

export function decide(current: Case, command: CaseCommand, context: DecisionContext): Decision {
  if (!allowedFrom[command.type].includes(current.status)) {
    throw new IllegalTransitionError(command.type, current.status);
  }
  switch (command.type) {
    case 'assign': {
      const deadlines: CaseDeadlines = {
        acknowledgeBy: deadlineAfter(context.calendar, context.now, context.policy.acknowledge),
        replyBy: deadlineAfter(context.calendar, context.now, context.policy.reply),
      };
      return change(current, context, 'assigned', {
        status: 'assigned',
        unitId: command.unitId,
        routing: command.routing,
        deadlines,
      });
    }
    case 'routeToTriage':
      return change(current, context, 'triaged', {
        status: 'triage',
        unitId: command.triageUnitId,
        routing: command.routing,
      });
  }
}

type CasePatch = Partial<Omit<Case, 'caseId' | 'trackingCode' | 'version' | 'createdAt' | 'updatedAt'>>;

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
  for (const [field, after] of Object.entries(patch)) {
    const before = (current as unknown as Record<string, unknown>)[field];
    if (JSON.stringify(before) !== JSON.stringify(after))
      changes[field] = { before: before ?? null, after: after ?? null };
  }
  return {
    case: { ...current, ...patch, version, updatedAt: at },
    event: { caseId: current.caseId, version, type, at, actor: context.actor, changes, data },
  };
}
