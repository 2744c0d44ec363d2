import type { z } from 'zod';
import type { StaffActor } from '../../auth/claims.ts';
import type { CaseCommand, Decision, ReviewOutcome } from '../../domain/case/lifecycle.ts';
import type { Case, RejectionGrounds } from '../../domain/case/model.ts';
import type { PetitionType } from '../../domain/case/petition-types.ts';
import { selectPolicy } from '../../domain/policy/sla-policy.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import { surveyToken, surveyTokenHash } from '../../domain/survey/token.ts';
import type { StaffUser } from '../../domain/users/model.ts';
import type { StaffActionName, staffActionSchemas } from '../../schemas/staff-actions.ts';
import { type ActOnCaseDeps, applyCommand } from '../act-on-case.ts';
import { checkActionReferences } from './check-references.ts';
import { loadVisibleCase } from './scoped-cases.ts';

export interface StaffActionDeps extends ActOnCaseDeps {
  readonly surveySecret: () => string;
  /** Units named by an action are checked against it (no ghost units, confidential clearance, real teams). */
  readonly catalog: () => Promise<Catalog>;
  /** The person a case is given to must be an active handler of its unit. */
  readonly staff: () => Promise<readonly StaffUser[]>;
}

type Body<A extends StaffActionName> = z.infer<(typeof staffActionSchemas)[A]>;

/** Turns an API action and its validated body into the state machine's command. */
export function commandFor(
  action: StaffActionName,
  body: Body<StaffActionName>,
  current: Case,
  surveySecret: () => string,
): CaseCommand {
  const fields = body as Record<string, unknown>;
  switch (action) {
    case 'accept':
      return { type: 'accept' };
    case 'reject':
      return {
        type: 'reject',
        reason: String(fields.reason),
        ...(fields.grounds ? { grounds: fields.grounds as RejectionGrounds } : {}),
      };
    case 'assign':
      // 交办 from triage; on a case a unit already holds, assigning elsewhere is a 转办 (reassign).
      return current.status === 'registered' || current.status === 'triage'
        ? {
            type: 'assign',
            unitId: String(fields.unitId),
            routing: {
              unitId: String(fields.unitId),
              ruleId: null,
              reason: String(fields.reason ?? 'manual assignment'),
            },
          }
        : { type: 'reassign', unitId: String(fields.unitId), reason: String(fields.reason ?? '督办转办') };
    case 'reassign':
      return { type: 'reassign', unitId: String(fields.unitId), reason: String(fields.reason) };
    case 'acknowledge':
      return { type: 'acknowledge' };
    case 'return':
      return { type: 'return', reason: String(fields.reason) };
    case 'reply':
      return { type: 'reply', text: String(fields.text) };
    case 'request-extension':
      return { type: 'requestExtension', days: Number(fields.days), reason: String(fields.reason) };
    case 'decide-extension':
      return {
        type: 'decideExtension',
        approve: Boolean(fields.approve),
        ...(fields.note ? { note: String(fields.note) } : {}),
      };
    case 'close':
      // The link for this survey round can be rebuilt from ids by the notifier; the case keeps only its hash.
      return {
        type: 'close',
        surveyTokenHash: surveyTokenHash(
          surveyToken(surveySecret(), current.caseId, current.reopenCount + 1),
        ),
        ...(fields.summary ? { summary: String(fields.summary) } : {}),
      };
    case 'reopen':
      return { type: 'reopen', reason: String(fields.reason) };
    case 'archive':
      return { type: 'archive', ...(fields.note ? { note: String(fields.note) } : {}) };
    case 'note':
      return { type: 'note', text: String(fields.text) };
    case 'link-duplicate':
      return { type: 'linkDuplicate', duplicateOf: String(fields.duplicateOf) };
    case 'refer-team':
      return { type: 'referToTeam', teamId: String(fields.teamId), question: String(fields.question) };
    case 'team-answer':
      return { type: 'answerReferral', answer: String(fields.answer) };
    case 'callback':
      return {
        type: 'answerSurvey',
        rating: fields.rating as 'satisfied',
        via: 'callback',
        ...(fields.comment ? { comment: String(fields.comment) } : {}),
        ...(fields.requestReview ? { requestReview: true } : {}),
      };
    case 'classify':
      return {
        type: 'classify',
        ...(fields.petitionType ? { petitionType: fields.petitionType as PetitionType } : {}),
        ...(fields.accusedUnitId !== undefined
          ? { accusedUnitId: fields.accusedUnitId as string | null }
          : {}),
      };
    case 'assign-owner':
      return { type: 'assignOwner', ownerId: typeof fields.ownerId === 'string' ? fields.ownerId : null };
    case 'request-review':
      return { type: 'requestReview', reason: String(fields.reason) };
    case 'request-recheck':
      return { type: 'requestRecheck', reason: String(fields.reason) };
    case 'decide-review':
    case 'decide-recheck':
      return {
        type: action === 'decide-review' ? 'decideReview' : 'decideRecheck',
        outcome: fields.outcome as ReviewOutcome,
        opinion: String(fields.opinion),
      };
  }
}

export async function performStaffAction(
  deps: StaffActionDeps,
  request: {
    actor: StaffActor;
    caseId: string;
    action: StaffActionName;
    body: Body<StaffActionName>;
    now: Date;
  },
): Promise<Decision> {
  const current = await loadVisibleCase(deps.store, request.actor, request.caseId);
  await checkActionReferences(
    deps,
    request.actor,
    request.action,
    request.body as Record<string, unknown>,
    current,
  );
  let command = commandFor(request.action, request.body, current, deps.surveySecret);
  if (command.type === 'classify') {
    // The type drives the SLA policy: the one it selects applies from the assignment on.
    const petitionType = command.petitionType ?? current.petitionType;
    command = {
      ...command,
      policyId: selectPolicy(await deps.policies(), { ...current, petitionType }).policyId,
    };
  }
  return applyCommand(deps, current, {
    command,
    actor: request.actor,
    now: request.now,
    expectedVersion: request.body.expectedVersion,
  });
}
