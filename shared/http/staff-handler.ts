import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { actorFromClaims, type StaffActor, type StaffRole } from '../auth/claims.ts';
import { ForbiddenError, UnauthorizedError } from '../errors/index.ts';

export { ForbiddenError, UnauthorizedError };

import { problemDetails } from './handler.ts';
import type { HttpEvent, HttpResult } from './types.ts';

export type StaffEvent = HttpEvent & { readonly actor: StaffActor };
export type StaffRouteHandler = (event: StaffEvent, context: Context) => Promise<HttpResult>;

/**
 * Who is calling and may they call this route at all. API Gateway's JWT authorizer (or the local gateway)
 * has verified the token; this turns its claims into an actor and checks the role. Which cases the actor
 * may see is enforced further down, in the data access (`scoped-cases.ts`).
 */
export function staffAuth(roles: readonly StaffRole[]): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: async (request) => {
      const actor = actorFromClaims(request.event.requestContext?.authorizer?.jwt?.claims);
      if (!actor) throw new UnauthorizedError();
      if (!roles.includes(actor.role)) throw new ForbiddenError();
      (request.event as { actor?: StaffActor }).actor = actor;
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
