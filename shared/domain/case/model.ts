import type { PetitionType } from './petition-types.ts';

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
  /** 复查: the level above the unit reviews its handling opinion (信访工作条例 Art. 35). */
  'reviewing',
  /** 复查意见 given; the petitioner may still ask for 复核 until `recheckRequestBy`. */
  'reviewed',
  /** 复核: the level above the reviewing body rechecks the review opinion (Art. 36); its opinion concludes. */
  'rechecking',
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
  /** Supervisors cleared for confidential work read confidential cases (confidential-access.ts). */
  readonly clearedForConfidential?: boolean;
  /** Handlers who lead their unit: they assign the unit's cases to people (ownership.ts). */
  readonly unitLead?: boolean;
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
   * A letter's postal address, as registered by staff. With neither phone nor e-mail the reply goes by post
   * (`replyRoute` in wording.ts); the address is personal data, masked in staff views like the phone.
   */
  readonly address?: string;
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
  readonly source: 'photo' | 'email' | 'scan' | 'open311';
  /**
   * Photos from the public form: the petitioner chose to share where it was taken. The stored picture never
   * carries a location (every image is rebuilt from its pixels); what was shared is `location`, read from the
   * original with consent and kept apart from the file.
   */
  readonly locationShared?: boolean;
  readonly location?: { readonly latitude: number; readonly longitude: number };
}

/**
 * How the petition's town was found: named by the petitioner or the client (`given`), the town whose boundary
 * contains the coordinates (`boundary`), a town named in the address or text (`address`), or none of those, so
 * the county seat (`county-seat`).
 */
export const placementMethods = ['given', 'boundary', 'address', 'county-seat'] as const;
export type PlacementMethod = (typeof placementMethods)[number];

/** Why a case was not accepted (不予受理); Open311 clients tell the two apart. */
export const rejectionGrounds = ['not-responsible', 'no-further-action'] as const;
export type RejectionGrounds = (typeof rejectionGrounds)[number];

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
  /** The survey link expires then (counted from the reply); without an answer the case is archived as "no response". */
  readonly surveyBy?: CaseDeadline;
  /** 复查申请期: 30 days from the reply (Art. 35); a dissatisfied petitioner may ask for 复查 until then. */
  readonly reviewRequestBy?: CaseDeadline;
  /** 复查意见: the reviewing body decides by then (Art. 35: 30 days from the request). */
  readonly reviewBy?: CaseDeadline;
  /** 复核申请期: 30 days from the review opinion (Art. 36). */
  readonly recheckRequestBy?: CaseDeadline;
  /** 复核意见: the rechecking body decides by then (Art. 36: 30 days from the request). */
  readonly recheckBy?: CaseDeadline;
}

/** One review step (复查 or 复核): who asked, when, which body decides, and its opinion once given. */
export interface ReviewStep {
  readonly requestedAt: string;
  /** The actor who recorded the request (`public` when the petitioner asked on the survey page). */
  readonly requestedBy: string;
  readonly via: 'web' | 'staff';
  readonly reason?: string;
  /** The body that decides, as configured in the policy (e.g. 县人民政府（县信访局承办）). */
  readonly body: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  /** upheld: the earlier opinion stands (维持); revised: the body changed it (变更). */
  readonly outcome?: 'upheld' | 'revised';
  /** The body's opinion, sent to the petitioner as its written answer. */
  readonly opinion?: string;
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
  /** The policy's extension unit: 工作日 or 日 (absent on requests made before it was recorded: 日). */
  readonly unit?: 'workingDays' | 'calendarDays';
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

/** The deadlines reminders and cards run against: the unit's acknowledge and reply, a review body's decision. */
export type AlertDeadline = 'acknowledge' | 'reply' | 'decision';

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
 * close: a replied case the unit has not closed is closed by the system (docs/metrics.md, "Closing");
 * conclude: a window to ask for 复查 or 复核 ends and the case concludes (终结, docs/deadlines.md).
 */
export type DueKind = 'stuck' | 'deadline' | 'survey' | 'close' | 'conclude';

export interface Case {
  readonly caseId: string;
  readonly trackingCode: string;
  /** Rises by exactly one with every change; guards every write (optimistic concurrency). */
  readonly version: number;
  readonly status: CaseStatus;
  readonly channel: Channel;
  readonly categoryCode?: string;
  /** 信访事项类型, chosen on the form or set at triage; drives the SLA policy. Absent: not classified yet. */
  readonly petitionType?: PetitionType;
  /** 检举控告: the unit the petition accuses; the case is never routed or assigned to it. */
  readonly accusedUnitId?: string;
  readonly jurisdictionCode: string;
  readonly studioId?: string;
  readonly title: string;
  readonly content: string;
  readonly petitioner: Petitioner;
  readonly confidential: boolean;
  /** Files kept with the case (at most 20 scanned pages for a letter; see docs/intake-channels.md). */
  readonly attachments?: readonly CaseAttachment[];
  readonly unitId?: string;
  /**
   * The person in the holding unit who works the case (a handler's login): set by the unit lead, or by a
   * handler taking an unassigned case; cleared whenever the case leaves the unit (ownership.ts).
   */
  readonly ownerId?: string;
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
  readonly rejection?: {
    readonly reason: string;
    readonly at: string;
    readonly by: string;
    /** Absent on cases rejected before grounds were recorded: read as `not-responsible`. */
    readonly grounds?: RejectionGrounds;
  };
  readonly closeSummary?: string;
  readonly survey?: SurveyState;
  /**
   * Times the unit was asked to handle the case again (重新办理: after a first 不满意, or by a supervisor). Each
   * opens a new survey round. Not 复查: that is decided by the level above (`review`).
   */
  readonly reopenCount: number;
  /** 复查 (Art. 35), once requested. */
  readonly review?: ReviewStep;
  /** 复核 (Art. 36), once requested. */
  readonly recheck?: ReviewStep;
  /** 督办: the highest card shown for the current deadline. */
  readonly overdue?: {
    readonly card: EscalationCard;
    readonly deadline: AlertDeadline;
    readonly since: string;
  };
  /** Alerts already sent (e.g. `reply:reminder`, `reply:yellow`), so each fires exactly once per deadline. */
  readonly alertsSent?: readonly string[];
  readonly duplicateOf?: string;
  /** Referrals to service teams, oldest first (at most one open referral per team). */
  readonly teamReferrals?: readonly TeamReferral[];
  /** Set at registration when another person had registered the same text (a possible 重复件). */
  readonly possibleDuplicateOf?: string;
  /** The next moment a sweep must look at this case (derived on every change; drives the sparse due index). */
  readonly due?: { readonly kind: DueKind; readonly at: string };
  /** concluded: 终结, after 复核 or when a window to ask for 复查/复核 passed. */
  readonly archiveReason?: 'survey' | 'no_response' | 'callback' | 'supervisor' | 'concluded';
  readonly assignedAt?: string;
  readonly acknowledgedAt?: string;
  readonly repliedAt?: string;
  readonly closedAt?: string;
  readonly archivedAt?: string;
  /** How the town was found (see `PlacementMethod`); absent on cases registered before it was recorded. */
  readonly placedBy?: PlacementMethod;
  /** The Open311 client system that filed the case (its id), for cases of channel `open311`. */
  readonly open311ClientId?: string;
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
  'classified',
  'reviewRequested',
  'reviewDecided',
  'recheckRequested',
  'recheckDecided',
  'concluded',
  'teamReferred',
  'teamAnswered',
  'followedUp',
  'ownerAssigned',
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
