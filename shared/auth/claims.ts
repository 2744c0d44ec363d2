import * as z from 'zod';
import type { Actor } from '../domain/case/model.ts';
import type { StaffRecord } from '../domain/users/model.ts';

/**
 * Staff identity. API Gateway's JWT authorizer (the local gateway likewise) has verified the token's
 * signature, issuer, audience and expiry; all Huiyin takes from the token is its subject (`sub`). Everything
 * else (role, unit, studio, whether the account is active) comes from Huiyin's staff record of that subject:
 * Cognito access tokens carry no custom attributes, and another OIDC provider gives nothing but the subject.
 */

export {
  accountApproverRoles,
  approvesAccountChanges,
  personalDataRoles,
  readsPersonalData,
  readsReports,
  reportReaderRoles,
  type StaffRole,
  staffRoles,
} from './roles.ts';

import type { StaffRole } from './roles.ts';

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
