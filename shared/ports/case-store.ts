import type { Decision } from '../domain/case/lifecycle.ts';
import type { Actor, Case, CaseEvent, CaseStatus, DueKind } from '../domain/case/model.ts';
import type { caseSummaryAttributes, ownerViewAttributes } from '../topology.ts';

/** What lists show: the index projection (no petition text, no petitioner). */
export type CaseSummary = Pick<Case, (typeof caseSummaryAttributes)[number]>;

/** A row of the owner lists ("my cases", "unassigned"): what the owner index projects. */
export type OwnedCaseSummary = Pick<Case, (typeof ownerViewAttributes)[number]>;

/** A row of any case list. */
export type ListedCase = CaseSummary | OwnedCaseSummary;

/** The fields routing decides on. */
export type RoutingSubject = Pick<
  Case,
  | 'caseId'
  | 'categoryCode'
  | 'jurisdictionCode'
  | 'title'
  | 'content'
  | 'channel'
  | 'confidential'
  | 'studioId'
>;

/** What the due index holds: enough to find the case and see why it is due. */
export type DueEntry = Pick<Case, 'caseId' | 'version' | 'status' | 'due'>;

/** A guard that makes a submission idempotent: the same key always maps to the same case. */
export interface IdempotencyGuard {
  readonly scope: string;
  readonly key: string;
  /** Hash of the request; the same key with a different request is refused. */
  readonly fingerprint: string;
  readonly expiresAt: Date;
  /**
   * `replay` (default): a live guard with the same key means "this submission again" → the existing case.
   * `report`: the key only marks what else exists (the same text from another person); the store throws
   * `SameTextRegisteredError` with that case's id and writes nothing, so the caller can register a new case
   * linked to it.
   */
  readonly onConflict?: 'replay' | 'report';
}

export type CreateResult =
  | { readonly outcome: 'created'; readonly case: Case }
  | { readonly outcome: 'replayed'; readonly case: Case };

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque, signed; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
  /** Keep only cases whose title contains this text (a filter on the page DynamoDB read). */
  readonly titleContains?: string;
}

export interface ReadAudit {
  readonly caseId: string;
  readonly actor: Actor;
  readonly at: string;
  /** What was read, e.g. `case`, `petitioner.phone` (an unmask). */
  readonly what: string;
  /** Which one, where `what` names a kind of several (the attachment's name). */
  readonly detail?: string;
}

export interface CaseStore {
  /** Writes a new case, its first event, its tracking code guard and any idempotency guards atomically. */
  create(decision: Decision, guards: readonly IdempotencyGuard[]): Promise<CreateResult>;
  /**
   * Records a change if the stored version is still `decision.case.version - 1`, else throws
   * CaseVersionConflictError. The event and the case are written one after the other, event first; a change
   * interrupted between the two is completed from its event by `completeChange`.
   */
  commit(decision: Decision): Promise<void>;
  /** Brings the case up to `version` when that version's event is stored but the case write is missing. */
  completeChange(caseId: string, version: number): Promise<void>;
  get(caseId: string): Promise<Case | null>;
  /** Several cases at once (strongly consistent), by id; an id without a case is absent from the map. */
  getMany(caseIds: readonly string[]): Promise<Map<string, Case>>;
  getByTrackingCode(trackingCode: string): Promise<Case | null>;
  timeline(caseId: string): Promise<CaseEvent[]>;
  /** One event by the version it produced. */
  event(caseId: string, version: number): Promise<CaseEvent | null>;
  /** The newest event: who changed the case last, for "changed by X at T" conflicts. */
  lastEvent(caseId: string): Promise<CaseEvent | null>;
  /** A unit's cases in one state, nearest deadline first. */
  inbox(
    unitId: string,
    status: CaseStatus,
    page: PageRequest & { readonly deadlineBefore?: Date },
  ): Promise<Page<CaseSummary>>;
  /** Cases a studio registered between two instants (ledger, liaison lists), oldest first. */
  byStudio(
    studioId: string,
    range: { readonly from: Date; readonly to: Date },
    page: PageRequest,
  ): Promise<Page<CaseSummary>>;
  /** Whether the unit holds any case, in any state: one `Limit: 1` Query per state of its inbox. */
  unitHoldsCases(unitId: string): Promise<boolean>;
  /**
   * The county's cases in one state (supervisors), nearest deadline first; `deadlineBefore` keeps only overdue
   * ones. It reads the inbox of each unit in `unitIds` and the cases no unit holds, so `unitIds` must name every
   * unit that may hold a case: the catalog's (a unit that holds cases cannot be deleted from it).
   */
  byStatus(
    status: CaseStatus,
    unitIds: readonly string[],
    page: PageRequest & { readonly deadlineBefore?: Date },
  ): Promise<Page<CaseSummary>>;
  /**
   * The cases a unit holds open that `slot` works (a login, or `-` for nobody yet), nearest deadline first;
   * `deadlineBefore` keeps only overdue ones.
   */
  byOwner(
    unitId: string,
    slot: string,
    page: PageRequest & { readonly deadlineBefore?: Date },
  ): Promise<Page<OwnedCaseSummary>>;
  /** How many cases the unit holds open per slot (login, or `-`): one counting Query per slot. */
  ownerLoad(unitId: string, slots: readonly string[]): Promise<Record<string, number>>;
  /** Cases waiting for a supervisor: extension requests or reviews after a second dissatisfaction. */
  flagged(flag: 'extension' | 'review', page: PageRequest): Promise<Page<CaseSummary>>;
  /** Cases with something of `kind` due at or before `now`, earliest first. Reads only those (sparse index). */
  due(kind: DueKind, now: Date, page: PageRequest): Promise<Page<DueEntry>>;
  /**
   * What routing looks at (text, category, town, channel, flags) for many cases at once: the rule editor's
   * dry run replays recent cases against a draft rule. Batched reads by key; missing cases are left out.
   */
  routingSubjects(caseIds: readonly string[]): Promise<RoutingSubject[]>;
  recordRead(audit: ReadAudit): Promise<void>;
  reads(caseId: string): Promise<ReadAudit[]>;
}
