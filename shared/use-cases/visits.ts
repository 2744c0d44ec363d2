import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { StaffActor } from '../auth/claims.ts';
import type { RegisterVisitRequest } from '../domain/reception/requests.ts';
import { toVisitListItem, type Visit, type VisitListItem } from '../domain/reception/visit.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { ConflictError, type FieldError, ForbiddenError, ValidationError } from '../errors/index.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { ReceptionRosterStore, VisitStore } from '../ports/reception-store.ts';
import { assertStudioAccess, receptionDayNotFound, rosterOf, studioOf } from './reception.ts';
import { submitPetition } from './submit-petition.ts';

/**
 * 来访登记: a liaison officer registers each walk-in visit against its reception day. A visit answered on
 * the spot is only recorded; one turned into a case is registered through `submitPetition` (channel
 * `visit`, the studio's) and linked to it.
 *
 * Two writes that cannot share a transaction (the visit, then the case) are made safe to repeat instead:
 * the visit is written first under an id derived from the Idempotency-Key, the case uses `visit:<visitId>`
 * as its own idempotency key, and the link is set last. A retry after any crash completes the same visit
 * and the same case; nothing is written twice.
 */

export interface VisitDeps {
  readonly visits: VisitStore;
  readonly reception: Pick<ReceptionRosterStore, 'get'>;
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
}

export interface RegisteredVisit {
  readonly visit: VisitListItem;
  readonly case?: { readonly caseId: string; readonly trackingCode: string; readonly status: string };
  readonly replayed: boolean;
}

/** Liaison officers register for their own studio; supervisors for any. Admins do not see petitions. */
function assertMayRegister(actor: StaffActor, studioId: string): void {
  if (actor.role === 'admin') throw new ForbiddenError();
  assertStudioAccess(actor, studioId);
}

function visitIdFor(studioId: string, date: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return ulid();
  // 26 characters like a ULID, but stable for the key: a retry finds the visit it already wrote.
  return `K${createHash('sha256').update(`${studioId}\n${date}\n${idempotencyKey}`).digest('hex').slice(0, 25).toUpperCase()}`;
}

const sameRequest = (visit: Visit, request: RegisterVisitRequest) =>
  visit.summary === request.summary &&
  visit.outcome === request.outcome &&
  visit.visitor.name === request.visitor.name &&
  visit.visitor.phone === request.visitor.phone;

export async function registerVisit(
  deps: VisitDeps,
  actor: StaffActor,
  target: { readonly studioId: string; readonly date: string },
  request: RegisterVisitRequest,
  options: { readonly now: Date; readonly idempotencyKey?: string },
): Promise<RegisteredVisit> {
  assertMayRegister(actor, target.studioId);
  const studio = await studioOf(deps.catalog, target.studioId);
  const day = await deps.reception.get(target.studioId, target.date);
  if (!day) throw receptionDayNotFound();
  // Checked before anything is written, so a refused case never leaves a visit without its case behind.
  const catalog = await deps.catalog();
  const errors: FieldError[] = [];
  if (request.case?.categoryCode && !catalog.categories.some((c) => c.code === request.case?.categoryCode))
    errors.push({ field: 'case.categoryCode', message: '没有这个诉求类别 / unknown category' });
  if (request.categoryCode && !catalog.categories.some((c) => c.code === request.categoryCode))
    errors.push({ field: 'categoryCode', message: '没有这个诉求类别 / unknown category' });
  if (
    request.case?.jurisdictionCode &&
    !catalog.jurisdictions.some((j) => j.code === request.case?.jurisdictionCode)
  )
    errors.push({ field: 'case.jurisdictionCode', message: '没有这个镇街 / unknown town or street' });
  if (errors.length > 0) throw new ValidationError(errors);
  const at = options.now.toISOString();
  // The case it becomes is confidential when asked for or when its category is (as submitPetition decides).
  const confidential =
    request.outcome === 'case' &&
    (request.case?.confidential === true ||
      catalog.categories.some((c) => c.code === request.case?.categoryCode && c.confidential));
  const fresh: Visit = {
    visitId: visitIdFor(target.studioId, target.date, options.idempotencyKey),
    studioId: target.studioId,
    date: target.date,
    visitor: {
      name: request.visitor.name,
      ...(request.visitor.phone ? { phone: request.visitor.phone } : {}),
    },
    groupSize: request.groupSize,
    suggestions: request.suggestions,
    ...(request.categoryCode ? { categoryCode: request.categoryCode } : {}),
    representatives: rosterOf(studio, request.representativeIds),
    summary: request.summary,
    outcome: request.outcome,
    ...(request.answer ? { answer: request.answer } : {}),
    ...(confidential ? { confidential: true } : {}),
    registeredBy: actor.id,
    createdAt: at,
    updatedAt: at,
  };
  let visit = fresh;
  let replayed = false;
  if (!(await deps.visits.create(fresh))) {
    const existing = await deps.visits.get(target.studioId, target.date, fresh.visitId);
    if (!existing || !sameRequest(existing, request))
      throw new ConflictError({
        zh: '这个 Idempotency-Key 已用于另一次登记',
        en: 'This Idempotency-Key was used for another visit',
      });
    visit = existing;
    replayed = true;
  }
  if (visit.outcome !== 'case' || !request.case) return { visit: toVisitListItem(visit), replayed };

  const result = await submitPetition(
    { store: deps.store, catalog: deps.catalog },
    {
      ...(request.case.categoryCode ? { categoryCode: request.case.categoryCode } : {}),
      jurisdictionCode: request.case.jurisdictionCode ?? studio.jurisdictionCode,
      title: request.case.title,
      content: request.summary,
      petitioner: { name: request.visitor.name, phone: request.visitor.phone!, anonymous: false },
      confidential: request.case.confidential,
    },
    {
      channel: 'visit',
      actor,
      now: options.now,
      studioId: studio.studioId,
      idempotencyKey: `visit:${visit.visitId}`,
    },
  );
  const created = result.case;
  if (visit.caseId !== created.caseId) {
    await deps.visits.linkCase(visit, { caseId: created.caseId, trackingCode: created.trackingCode, at });
    visit = { ...visit, caseId: created.caseId, trackingCode: created.trackingCode, updatedAt: at };
  }
  return {
    visit: toVisitListItem(visit),
    case: { caseId: created.caseId, trackingCode: created.trackingCode, status: created.status },
    replayed: replayed || result.replayed,
  };
}

export async function listVisits(
  deps: Pick<VisitDeps, 'visits' | 'catalog'>,
  actor: StaffActor,
  target: { readonly studioId: string; readonly date: string },
): Promise<VisitListItem[]> {
  assertMayRegister(actor, target.studioId);
  await studioOf(deps.catalog, target.studioId);
  const visits = await deps.visits.byDay(target.studioId, target.date);
  return visits.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(toVisitListItem);
}
