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
  /**
   * Normalised: mobiles as 11 digits, landlines as `0AAA-NNNNNNN`. Always present for the public form;
   * may be unknown for e-mail and Open311 (docs/intake-channels.md), then `trackingPin` stands in for it.
   */
  readonly phone?: string;
  /** For petitions that came by e-mail: where acknowledgements and replies go. */
  readonly email?: string;
  /**
   * Four digits that take the place of "last four digits of the phone" on the tracking page when there is
   * no phone; sent only to the petitioner (in the acknowledgement e-mail).
   */
  readonly trackingPin?: string;
  readonly anonymous: boolean;
}

/** A file kept with a case in the attachments bucket: form photos, e-mail attachments, scanned letter pages. */
export interface CaseAttachment {
  /** Object key in the attachments bucket. */
  readonly key: string;
  readonly contentType: string;
  readonly bytes: number;
  /** The file name as sent (staff only; may be personal). */
  readonly name?: string;
  readonly source: 'photo' | 'email' | 'scan';
  /** Photos from the public form: the petitioner chose to keep where it was taken (else it was removed). */
  readonly locationShared?: boolean;
}

export interface Deadline {
  /** ISO-8601 instant (UTC). */
  readonly at: string;
  /** True when the deadline relies on a year without an official holiday schedule. */
  readonly provisional: boolean;
}

/** How a deadline was computed: durations applied one after another from an instant (extensions append). */
export interface DeadlineBasis {
  readonly from: string;
  readonly steps: readonly { readonly amount: number; readonly unit: 'workingDays' | 'calendarDays' }[];
}

/** A deadline that remembers its basis, so it can be recomputed when a provisional year becomes official. */
export interface CaseDeadline extends Deadline {
  readonly basis: DeadlineBasis;
}

export interface CaseDeadlines {
  /** 签收: the unit must acknowledge by then. */
  readonly acknowledgeBy?: CaseDeadline;
  /** 答复: the unit must reply by then (moves with approved extensions and review). */
  readonly replyBy?: CaseDeadline;
  /** 派单异议期: a unit may return the case as "not ours" until then. */
  readonly objectionUntil?: CaseDeadline;
  /** The survey link expires then; without an answer the case is archived as "no response". */
  readonly surveyBy?: CaseDeadline;
}

export interface RoutingDecision {
  readonly unitId: string | null;
  readonly ruleId: string | null;
  /** Human-readable reason, e.g. "rule R12, keyword 灌溉". */
  readonly reason: string;
}

/** One hand-over of the case between units (交办, 退回, 转办), kept for the whole life of the case. */
export interface Transfer {
  readonly kind: 'assigned' | 'returned' | 'reassigned' | 'accepted';
  readonly at: string;
  readonly fromUnitId: string | null;
  readonly toUnitId: string | null;
  readonly by: string;
  readonly reason?: string;
}

export interface ExtensionRequest {
  readonly days: number;
  readonly reason: string;
  readonly requestedAt: string;
  readonly requestedBy: string;
}

export const surveyRatings = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type SurveyRating = (typeof surveyRatings)[number];

export interface SurveyState {
  /** SHA-256 of the single-use token; the token itself only ever travels in the link to the petitioner. */
  readonly tokenHash: string;
  readonly status: 'pending' | 'answered' | 'expired' | 'withdrawn';
  readonly round: number;
  readonly rating?: SurveyRating;
  readonly comment?: string;
  readonly answeredAt?: string;
  /** `web`: the petitioner answered the survey page; `callback`: staff recorded a phone call-back (回访). */
  readonly via?: 'web' | 'callback';
}

export type EscalationCard = 'yellow' | 'red';

/**
 * 服务团队: a case referred to one of the representatives' service teams for expert help (one-stop service).
 * The unit holding the case keeps it; the team answers, and its answer stays on the case.
 */
export interface TeamReferral {
  readonly teamId: string;
  /** What the team is asked to help with. */
  readonly question: string;
  readonly referredAt: string;
  readonly referredBy: string;
  readonly answer?: string;
  readonly answeredAt?: string;
  readonly answeredBy?: string;
}

/**
 * stuck: still unrouted; deadline: a reminder or card is coming; survey: the survey link expires;
 * close: a replied case the unit has not closed is closed by the system (docs/metrics.md, "Closing").
 */
export type DueKind = 'stuck' | 'deadline' | 'survey' | 'close';

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
  /** Files kept with the case (at most 20 scanned pages for a letter; see docs/intake-channels.md). */
  readonly attachments?: readonly CaseAttachment[];
  readonly unitId?: string;
  readonly routing?: RoutingDecision;
  /** SLA policy chosen at assignment; recomputations use the same one. */
  readonly policyId?: string;
  readonly deadlines: CaseDeadlines;
  readonly transfers?: readonly Transfer[];
  /** Units that returned the case as "not ours"; routing never picks them again. */
  readonly returnedByUnitIds?: readonly string[];
  readonly extensionPending?: ExtensionRequest;
  /** Days of extension granted so far; the policy caps the total. */
  readonly extensionGrantedDays?: number;
  readonly reply?: { readonly text: string; readonly at: string; readonly by: string };
  readonly rejection?: { readonly reason: string; readonly at: string; readonly by: string };
  readonly closeSummary?: string;
  readonly survey?: SurveyState;
  /** Times the case was reopened for review (复查); the second dissatisfaction goes to a supervisor. */
  readonly reopenCount: number;
  readonly supervisorReview?: { readonly reason: string; readonly since: string };
  /** 督办: the highest card shown for the current deadline. */
  readonly overdue?: {
    readonly card: EscalationCard;
    readonly deadline: 'acknowledge' | 'reply';
    readonly since: string;
  };
  /** Alerts already sent (e.g. `reply:reminder`, `reply:yellow`), so each fires exactly once per deadline. */
  readonly alertsSent?: readonly string[];
  readonly duplicateOf?: string;
  /** Referrals to service teams, oldest first (at most one open referral per team). */
  readonly teamReferrals?: readonly TeamReferral[];
  /** The next moment a sweep must look at this case (derived on every change; drives the sparse due index). */
  readonly due?: { readonly kind: DueKind; readonly at: string };
  readonly archiveReason?: 'survey' | 'no_response' | 'callback' | 'supervisor';
  readonly assignedAt?: string;
  readonly acknowledgedAt?: string;
  readonly repliedAt?: string;
  readonly closedAt?: string;
  readonly archivedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const caseEventTypes = [
  'registered',
  'triaged',
  'accepted',
  'assigned',
  'rejected',
  'acknowledged',
  'returned',
  'reassigned',
  'replied',
  'extensionRequested',
  'extensionDecided',
  'closed',
  'surveyAnswered',
  'surveyExpired',
  'reopened',
  'archived',
  'noted',
  'duplicateLinked',
  'reminded',
  'escalated',
  'deadlinesRecomputed',
  'teamReferred',
  'teamAnswered',
] as const;
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
