/**
 * The case (信访事项 / 诉求) and its immutable events. Pure types: no storage concerns beyond field names.
 */

export const caseStatuses = [
  'registered',
  'triage',
  'assigned',
  'acknowledged',
  'replied',
  'closed',
  'archived',
  'rejected',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Where the petition came from. */
export const channels = ['web', 'email', 'letter', 'visit', 'open311'] as const;
export type Channel = (typeof channels)[number];

export const actorRoles = ['public', 'system', 'liaison', 'handler', 'supervisor', 'admin'] as const;
export type ActorRole = (typeof actorRoles)[number];

export interface Actor {
  readonly id: string;
  readonly role: ActorRole;
  readonly unitId?: string;
  readonly studioId?: string;
}

export const systemActor: Actor = { id: 'system', role: 'system' };
export const publicActor: Actor = { id: 'public', role: 'public' };

export interface Petitioner {
  readonly name?: string;
  /** Normalised: mobiles as 11 digits, landlines as `0AAA-NNNNNNN`. */
  readonly phone: string;
  readonly anonymous: boolean;
}

export interface Deadline {
  /** ISO-8601 instant (UTC). */
  readonly at: string;
  /** True when the deadline relies on a year without an official holiday schedule. */
  readonly provisional: boolean;
}

export interface CaseDeadlines {
  readonly acknowledgeBy?: Deadline;
  readonly replyBy?: Deadline;
}

export interface RoutingDecision {
  readonly unitId: string | null;
  readonly ruleId: string | null;
  /** Human-readable reason, e.g. "rule R12, keyword 灌溉". */
  readonly reason: string;
}

export interface Case {
  readonly caseId: string;
  readonly trackingCode: string;
  /** Rises by exactly one with every change; guards every write (optimistic concurrency). */
  readonly version: number;
  readonly status: CaseStatus;
  readonly channel: Channel;
  readonly categoryCode?: string;
  readonly jurisdictionCode: string;
  readonly studioId?: string;
  readonly title: string;
  readonly content: string;
  readonly petitioner: Petitioner;
  readonly confidential: boolean;
  readonly unitId?: string;
  readonly routing?: RoutingDecision;
  readonly deadlines: CaseDeadlines;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const caseEventTypes = ['registered', 'assigned', 'triaged'] as const;
export type CaseEventType = (typeof caseEventTypes)[number];

/** Immutable record of one change: exactly one per version. */
export interface CaseEvent {
  readonly caseId: string;
  /** The case version this event produced. */
  readonly version: number;
  readonly type: CaseEventType;
  readonly at: string;
  readonly actor: Actor;
  /** Fields the change touched, before and after (the audit trail). */
  readonly changes: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>>;
  /** Command-specific data that is safe to show staff (never the petitioner's phone). */
  readonly data: Readonly<Record<string, unknown>>;
}
