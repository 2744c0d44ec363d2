import type { StaffActor } from '../../auth/claims.ts';
import type { Case } from '../../domain/case/model.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import { inConfidentialCategory, unitMayHold } from '../../domain/routing/route-case.ts';
import type { StaffUser } from '../../domain/users/model.ts';
import { type FieldError, InvalidReferenceError } from '../../errors/index.ts';
import type { CaseStore } from '../../ports/case-store.ts';
import type { StaffActionName } from '../../schemas/staff-actions.ts';
import { canSeeCase } from './scoped-cases.ts';

/**
 * Every unit and case a staff action names is checked against the catalog and the actor's scope before the
 * state machine runs: a case must never move to a unit that no inbox shows (a ghost unit), a confidential
 * category never to a unit not cleared for it, and a duplicate link never to a case that does not exist or
 * that the actor may not see (which answers exactly like one that does not exist), and a referral only to one
 * of the county's service teams. 422 with the field.
 */
export async function checkActionReferences(
  deps: {
    readonly store: CaseStore;
    readonly catalog: () => Promise<Catalog>;
    readonly staff: () => Promise<readonly StaffUser[]>;
  },
  actor: StaffActor,
  action: StaffActionName,
  fields: Record<string, unknown>,
  current: Case,
): Promise<void> {
  const errors: FieldError[] = [];
  if (action === 'assign' || action === 'reassign') {
    const catalog = await deps.catalog();
    const problem = holdingProblem(String(fields.unitId), current, catalog);
    if (problem) errors.push({ field: 'unitId', message: problem });
  }
  if (action === 'accept') {
    // The triage owner keeps the case: its own unit must still be a real one, cleared if need be.
    const catalog = await deps.catalog();
    const problem = holdingProblem(current.unitId ?? actor.unitId ?? '', current, catalog);
    if (problem) errors.push({ field: 'unitId', message: problem });
  }
  if (action === 'refer-team') {
    // The team asked sees the case, so a confidential category goes only to a team cleared for it.
    const catalog = await deps.catalog();
    const teamId = String(fields.teamId);
    if (!catalog.units.some((unit) => unit.unitId === teamId && unit.kind === 'serviceTeam'))
      errors.push({ field: 'teamId', message: '请选择一个服务团队 / choose one of the service teams' });
    else {
      const problem = holdingProblem(teamId, current, catalog);
      if (problem) errors.push({ field: 'teamId', message: problem });
    }
  }
  if (action === 'link-duplicate') {
    const target = await deps.store.get(String(fields.duplicateOf));
    if (!target || !canSeeCase(actor, target))
      errors.push({
        field: 'duplicateOf',
        message: '没有找到要关联的诉求，或您无权查看该诉求 / no such case, or not one you may see',
      });
  }
  if (action === 'assign-owner' && typeof fields.ownerId === 'string') {
    const ownerId = fields.ownerId;
    const person = (await deps.staff()).find((user) => user.username === ownerId);
    if (!person || person.disabled || person.role !== 'handler' || person.unitId !== current.unitId)
      errors.push({
        field: 'ownerId',
        message: '只能分配给本单位在岗的承办人 / only an active handler of the unit',
      });
  }
  if (errors.length > 0) throw new InvalidReferenceError(errors);
}

/** Why this unit may not hold this case, in words; null when it may. */
export function holdingProblem(
  unitId: string,
  item: Pick<Case, 'categoryCode'>,
  catalog: Pick<Catalog, 'units' | 'categories'>,
): string | null {
  if (!catalog.units.some((unit) => unit.unitId === unitId))
    return `单位 ${unitId} 不存在，不能交办 / no such unit`;
  if (!unitMayHold(unitId, item, catalog) && inConfidentialCategory(item, catalog))
    return '保密类别只能交由具备保密资质的单位 / a confidential category only goes to a unit cleared for it';
  return null;
}
