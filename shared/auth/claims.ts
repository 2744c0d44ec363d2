import * as z from 'zod';
import type { Actor } from '../domain/case/model.ts';

/**
 * Staff identity from the JWT claims API Gateway's authorizer verified. Two issuers, one shape: the local
 * identity provider writes `role`, `unitId`, `studioId`; Cognito carries the role as a group
 * (`cognito:groups`, which API Gateway passes as the string "[handler]") and the scope as custom attributes.
 */

export const staffRoles = ['liaison', 'handler', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(staffRoles).optional(),
  'cognito:groups': z.union([z.string(), z.array(z.string())]).optional(),
  unitId: z.string().min(1).optional(),
  studioId: z.string().min(1).optional(),
  'custom:unitId': z.string().min(1).optional(),
  'custom:studioId': z.string().min(1).optional(),
  'cognito:username': z.string().optional(),
  username: z.string().optional(),
});

function groups(value: string | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  if (!value) return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter(Boolean);
}

export interface StaffActor extends Actor {
  readonly role: StaffRole;
  readonly username: string;
}

/** Returns null when the claims do not describe a staff member (the caller answers 401). */
export function actorFromClaims(claims: Record<string, unknown> | undefined): StaffActor | null {
  const parsed = claimsSchema.safeParse(claims ?? {});
  if (!parsed.success) return null;
  const value = parsed.data;
  const role =
    value.role ?? staffRoles.find((candidate) => groups(value['cognito:groups']).includes(candidate));
  if (!role) return null;
  const unitId = value.unitId ?? value['custom:unitId'];
  const studioId = value.studioId ?? value['custom:studioId'];
  return {
    id: value.sub,
    username: value.username ?? value['cognito:username'] ?? value.sub,
    role,
    ...(unitId ? { unitId } : {}),
    ...(studioId ? { studioId } : {}),
  };
}
