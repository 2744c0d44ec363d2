import * as z from 'zod';
import type { StaffActor } from '../auth/claims.ts';
import { toShanghaiDate } from '../domain/calendar/shanghai-time.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { ForbiddenError, NotFoundError } from '../errors/index.ts';
import type { TeamReferralRecord, TeamReferralStore } from '../ports/team-referral-store.ts';

/**
 * A service team's own work: the cases referred to it and its figures (referred, answered, still open), by
 * month of referral and in total. For the team's handlers and the county's supervisors.
 */

/** `GET /api/staff/teams/{teamId}/referrals` */
export const teamPathSchema = z.object({ teamId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/) });

export interface TeamWork {
  readonly team: { readonly unitId: string; readonly name: string };
  readonly items: readonly TeamReferralRecord[];
  readonly months: readonly { month: string; referred: number; answered: number }[];
  readonly total: { readonly referred: number; readonly answered: number; readonly open: number };
}

export async function teamWork(
  deps: { readonly referrals: TeamReferralStore; readonly catalog: () => Promise<Catalog> },
  actor: StaffActor,
  teamId: string,
): Promise<TeamWork> {
  const team = (await deps.catalog()).units.find(
    (unit) => unit.unitId === teamId && unit.kind === 'serviceTeam',
  );
  if (!team) throw new NotFoundError({ zh: '没有这个服务团队', en: 'No such service team' });
  if (actor.role !== 'supervisor' && !(actor.role === 'handler' && actor.unitId === teamId))
    throw new ForbiddenError();
  const items = (await deps.referrals.byTeam(teamId)).sort((a, b) =>
    a.referredAt.localeCompare(b.referredAt),
  );
  const months = new Map<string, { month: string; referred: number; answered: number }>();
  for (const item of items) {
    const month = toShanghaiDate(new Date(item.referredAt)).slice(0, 7);
    const entry = months.get(month) ?? { month, referred: 0, answered: 0 };
    entry.referred++;
    if (item.answeredAt) entry.answered++;
    months.set(month, entry);
  }
  const answered = items.filter((item) => item.answeredAt).length;
  return {
    team: { unitId: team.unitId, name: team.nameZh },
    items,
    months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
    total: { referred: items.length, answered, open: items.length - answered },
  };
}
