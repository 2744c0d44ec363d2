import * as z from 'zod';
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

/** `GET /api/staff/notices?limit`. */
export const noticesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });
