import type { WorkCalendar } from '../domain/calendar/index.ts';
import { CaseVersionConflictError } from '../domain/case/errors.ts';
import { type CaseCommand, type Decision, decide } from '../domain/case/lifecycle.ts';
import type { Actor, Case } from '../domain/case/model.ts';
import { type SlaPolicy, selectPolicy, statutoryPolicy } from '../domain/policy/sla-policy.ts';
import { NotFoundError } from '../errors/index.ts';
import type { CaseStore } from '../ports/case-store.ts';

export interface ActOnCaseDeps {
  readonly store: CaseStore;
  readonly calendar: () => WorkCalendar | Promise<WorkCalendar>;
  readonly policies: () => readonly SlaPolicy[] | Promise<readonly SlaPolicy[]>;
}

export interface ActOnCaseRequest {
  readonly caseId: string;
  readonly command: CaseCommand;
  readonly actor: Actor;
  readonly now: Date;
  /** The version the actor saw; a different stored version means someone else acted first (409). */
  readonly expectedVersion?: number;
}

/** The policy a case runs under: the one recorded at assignment, else the one its category and channel select. */
export function policyFor(item: Case, policies: readonly SlaPolicy[]): SlaPolicy {
  return (
    policies.find((policy) => policy.policyId === item.policyId) ??
    selectPolicy(policies, item) ??
    statutoryPolicy
  );
}

/** Load → decide → commit: the one path every command on an existing case takes. */
export async function actOnCase(deps: ActOnCaseDeps, request: ActOnCaseRequest): Promise<Decision> {
  const current = await deps.store.get(request.caseId);
  if (!current) throw new NotFoundError({ zh: '没有找到这件诉求', en: 'Case not found' });
  return applyCommand(deps, current, request);
}

/** Decide and commit a command on a case the caller has already loaded (and, for staff, scoped). */
export async function applyCommand(
  deps: ActOnCaseDeps,
  current: Case,
  request: Omit<ActOnCaseRequest, 'caseId'>,
): Promise<Decision> {
  if (request.expectedVersion !== undefined && request.expectedVersion !== current.version) {
    const last = await deps.store.lastEvent(current.caseId);
    throw new CaseVersionConflictError(current.caseId, request.expectedVersion, {
      version: current.version,
      updatedAt: current.updatedAt,
      ...(last ? { updatedBy: last.actor.id } : {}),
    });
  }
  const decision = decide(current, request.command, {
    actor: request.actor,
    now: request.now,
    calendar: await deps.calendar(),
    policy: policyFor(current, await deps.policies()),
  });
  await deps.store.commit(decision);
  return decision;
}
