import * as z from 'zod';
import type { Actor } from '../domain/case/model.ts';
import type { StaffRecord } from '../domain/users/model.ts';

/**
 * Staff identity. API Gateway's JWT authorizer (the local gateway likewise) has verified the token's
 * signature, issuer, audience and expiry; all Huiyin takes from the token is its subject (`sub`). Everything
 * else (role, unit, studio, whether the account is active) comes from Huiyin's staff record of that subject:
 * Cognito access tokens carry no custom attributes, and another OIDC provider gives nothing but the subject.
 */

export const staffRoles = ['liaison', 'handler', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * What each role may do with personal data and with other people's accounts: the one place that says it.
 * `personalDataRoles` read petitions and may unmask their petitioners (the case pages and the reveal route admit
 * exactly these); `accountApproverRoles` may approve or refuse an account change that needs a second person
 * (shared/domain/users/separation-of-duties.ts).
 */
export const personalDataRoles = ['liaison', 'handler', 'supervisor'] as const satisfies readonly StaffRole[];
export const accountApproverRoles = ['admin', 'supervisor'] as const satisfies readonly StaffRole[];

export const readsPersonalData = (role: StaffRole): boolean =>
  (personalDataRoles as readonly StaffRole[]).includes(role);
export const approvesAccountChanges = (role: StaffRole): boolean =>
  (accountApproverRoles as readonly StaffRole[]).includes(role);

export interface StaffActor extends Actor {
  readonly role: StaffRole;
  readonly username: string;
}

const claimsSchema = z.object({ sub: z.string().min(1).max(128) });

/** The verified subject, or null when the claims have none (the caller answers 401). */
export function subjectFromClaims(claims: Record<string, unknown> | undefined): string | null {
  const parsed = claimsSchema.safeParse(claims ?? {});
  return parsed.success ? parsed.data.sub : null;
}

/** The actor of a staff request: the username is the actor's id in events, audit and timelines. */
export function actorFromRecord(record: StaffRecord): StaffActor {
  return {
    id: record.username,
    username: record.username,
    role: record.role,
    ...(record.unitId ? { unitId: record.unitId } : {}),
    ...(record.studioId ? { studioId: record.studioId } : {}),
    ...(record.role === 'supervisor' && record.clearedForConfidential
      ? { clearedForConfidential: true }
      : {}),
    ...(record.role === 'handler' && record.unitLead ? { unitLead: true } : {}),
  };
}
