import type { StaffActor } from '../../auth/claims.ts';
import { ForbiddenError } from '../../errors/index.ts';

/**
 * Whose console notices the caller sees (the bell): a handler or liaison officer their unit's, a supervisor
 * the supervisors'. The audience comes from the token, never from the request, so nobody reads another
 * unit's bell.
 */
export function noticeAudience(actor: StaffActor): string {
  if (actor.role === 'supervisor') return 'supervisors';
  if ((actor.role === 'handler' || actor.role === 'liaison') && actor.unitId) return actor.unitId;
  throw new ForbiddenError();
}
