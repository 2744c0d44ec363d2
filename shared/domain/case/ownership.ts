import type { Actor, Case, CaseStatus } from './model.ts';

/**
 * Who in the holding unit works a case. A unit holds many cases and has several handlers; like any helpdesk,
 * each case has one person (its owner), set by the unit's lead or taken by a handler from the unassigned
 * pile. The owner belongs to the unit, never to the case: whenever the case changes units it has none.
 */

/** The states in which a unit holds the case and works it; only then does the case have (or lack) an owner. */
export const ownedStatuses = [
  'triage',
  'assigned',
  'acknowledged',
  'replied',
] as const satisfies readonly CaseStatus[];

export function heldByUnit(item: Pick<Case, 'status' | 'unitId'>): boolean {
  return item.unitId !== undefined && (ownedStatuses as readonly CaseStatus[]).includes(item.status);
}

/** The owner key of a case the unit holds open: `<ownerId>`, or `-` when nobody has it yet (unassigned). */
export const UNASSIGNED = '-';

export function ownerSlot(item: Pick<Case, 'status' | 'unitId' | 'ownerId'>): string | null {
  return heldByUnit(item) ? (item.ownerId ?? UNASSIGNED) : null;
}

/**
 * Whether the actor may give this case to `ownerId` (null: back to unassigned). The unit lead assigns any
 * case of the unit to anyone of the unit (the use case checks the person); any other handler only takes an
 * unassigned case for themself.
 */
export function mayAssignOwner(
  actor: Pick<Actor, 'id' | 'role' | 'unitId' | 'unitLead'>,
  item: Pick<Case, 'unitId' | 'ownerId'>,
  ownerId: string | null,
): boolean {
  if (actor.role !== 'handler' || actor.unitId === undefined || actor.unitId !== item.unitId) return false;
  if (actor.unitLead) return true;
  return item.ownerId === undefined && ownerId === actor.id;
}

/** A handler of the holding unit, as far as who hears of a case is concerned. */
export interface UnitPerson {
  readonly username: string;
  readonly role: string;
  readonly unitId?: string | undefined;
  readonly unitLead?: boolean | undefined;
  readonly disabled?: boolean | undefined;
}

/** Notices about a deadline: a reminder goes to the owner first; a card also reaches the unit lead. */
export type UnitNoticeKind = 'reminder' | 'card' | 'other';

/**
 * The people of the holding unit a notice about the case goes to (besides the unit's bell and mailbox):
 * - a reminder: the owner; nobody owns it yet, then the unit lead;
 * - a yellow or red card (the deadline has passed): the owner and the unit lead;
 * - anything else (a redo, a 不满意): the owner and the lead, or every handler when the unit names neither.
 * When the unit has no active lead and no owner, every active handler of the unit hears of it, so a notice is
 * never owed to nobody.
 */
export function unitRecipients<P extends UnitPerson>(
  item: Pick<Case, 'unitId' | 'ownerId'>,
  people: readonly P[],
  kind: UnitNoticeKind,
): P[] {
  const handlers = people.filter(
    (person) => person.role === 'handler' && person.unitId === item.unitId && !person.disabled,
  );
  const owner = handlers.filter((person) => person.username === item.ownerId);
  const leads = handlers.filter((person) => person.unitLead);
  const chosen = kind === 'reminder' && owner.length > 0 ? owner : [...owner, ...leads];
  const unique = [...new Map(chosen.map((person) => [person.username, person])).values()];
  return unique.length > 0 ? unique : handlers;
}
