import type { StaffActor } from '../../auth/claims.ts';
import type { Catalog } from '../reference/model.ts';

/**
 * Who may open help-mailbox letters: only handlers of the unit that keeps the mailbox (the county's
 * organisation department) whom the unit names as designated staff (`helpMailboxStaff`). Supervisors,
 * admins, liaison officers and the unit's other handlers may not; supervisors see counts only.
 */
export function mayOpenHelpMailbox(actor: StaffActor, catalog: Catalog): boolean {
  if (actor.role !== 'handler' || !actor.unitId) return false;
  const unit = catalog.units.find((candidate) => candidate.unitId === actor.unitId);
  return unit?.helpMailboxStaff?.includes(actor.username) === true;
}

/** Counts (never content) for the county's supervisors and the designated staff. */
export function maySeeHelpMailboxCounts(actor: StaffActor, catalog: Catalog): boolean {
  return actor.role === 'supervisor' || mayOpenHelpMailbox(actor, catalog);
}
