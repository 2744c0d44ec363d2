import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { actorFromRecord, type StaffActor, type StaffRole, subjectFromClaims } from '../auth/claims.ts';
import type { StaffRecord } from '../domain/users/model.ts';
import { ForbiddenError, UnauthorizedError } from '../errors/index.ts';
import { staffRecordCache } from '../runtime/deps/staff.ts';

export { ForbiddenError, UnauthorizedError };

import { problemDetails } from './handler.ts';
import type { HttpEvent, HttpResult } from './types.ts';

export type StaffEvent = HttpEvent & { readonly actor: StaffActor; readonly staff: StaffRecord };
export type StaffRouteHandler = (event: StaffEvent, context: Context) => Promise<HttpResult>;

export interface StaffAuthDeps {
  /** The caller's staff record by subject (cached at most `STAFF_STATUS_CACHE_SECONDS`). */
  readonly recordOf: (subject: string) => Promise<StaffRecord | null>;
}

const defaultDeps: StaffAuthDeps = { recordOf: (subject) => staffRecordCache().get(subject) };

/**
 * Who is calling and may they call this route at all. API Gateway's JWT authorizer (or the local gateway) has
 * verified the token; its subject leads to the caller's staff record, which gives role and scope. No record,
 * or a disabled one, is a 401 (the token no longer works, so the console goes back to sign-in); a role that
 * may not use the route is a 403. Which cases the actor may see is enforced further down, in the data access
 * (`scoped-cases.ts`).
 */
export function staffAuth(
  roles: readonly StaffRole[],
  deps: StaffAuthDeps = defaultDeps,
): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: async (request) => {
      const subject = subjectFromClaims(request.event.requestContext?.authorizer?.jwt?.claims);
      if (!subject) throw new UnauthorizedError();
      const record = await deps.recordOf(subject);
      if (!record || record.disabled) throw new UnauthorizedError();
      const actor = actorFromRecord(record);
      if (!roles.includes(actor.role)) throw new ForbiddenError();
      Object.assign(request.event, { actor, staff: record });
    },
  };
}

/** Every staff function is `staffHandler(roles, async (event) => …)`: auth, then the shared error mapping. */
export function staffHandler(roles: readonly StaffRole[], fn: StaffRouteHandler) {
  return middy<HttpEvent, HttpResult>()
    .use(problemDetails())
    .use(staffAuth(roles))
    .handler((event, context) => fn(event as StaffEvent, context));
}
