import * as z from 'zod';
import type { StaffActor } from '../../auth/claims.ts';
import { UNASSIGNED } from '../../domain/case/ownership.ts';
import type { StaffUser } from '../../domain/users/model.ts';
import { ForbiddenError, ValidationError } from '../../errors/index.ts';
import type { CaseStore } from '../../ports/case-store.ts';

/** `GET /api/staff/unit-load`: handlers see their own unit; supervisors name one. */
export const unitLoadQuerySchema = z.object({
  unitId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/)
    .optional(),
});

export interface UnitLoad {
  readonly unitId: string;
  /** Each active handler of the unit with the number of open cases they work, the lead first. */
  readonly people: readonly {
    readonly username: string;
    readonly displayName: string;
    readonly unitLead: boolean;
    readonly open: number;
  }[];
  /** Open cases of the unit that nobody works yet. */
  readonly unassigned: number;
}

/**
 * How many open cases each person of a unit works, and how many nobody does: one counting Query of the owner
 * index per person (a unit has a handful), never a scan of the unit's cases.
 */
export async function unitLoad(
  deps: { readonly store: CaseStore; readonly staff: () => Promise<readonly StaffUser[]> },
  actor: StaffActor,
  query: z.infer<typeof unitLoadQuerySchema>,
): Promise<UnitLoad> {
  let unitId: string;
  if (actor.role === 'supervisor') {
    if (!query.unitId)
      throw new ValidationError([{ field: 'unitId', message: '请选择单位 / choose a unit' }]);
    unitId = query.unitId;
  } else {
    if (actor.role !== 'handler' || !actor.unitId || (query.unitId && query.unitId !== actor.unitId))
      throw new ForbiddenError();
    unitId = actor.unitId;
  }
  const people = (await deps.staff())
    .filter((user) => user.role === 'handler' && user.unitId === unitId && !user.disabled)
    .sort((a, b) => Number(b.unitLead === true) - Number(a.unitLead === true));
  const counts = await deps.store.ownerLoad(unitId, [...people.map((user) => user.username), UNASSIGNED]);
  return {
    unitId,
    people: people.map((user) => ({
      username: user.username,
      displayName: user.displayName,
      unitLead: user.unitLead === true,
      open: counts[user.username] ?? 0,
    })),
    unassigned: counts[UNASSIGNED] ?? 0,
  };
}
