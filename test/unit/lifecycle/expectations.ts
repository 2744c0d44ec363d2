/**
 * The authorisation rules as the product specifies them, written out by hand for the table and property tests
 * (never read from `transitionRules`, so a wrong entry there shows up as a failing test).
 */
import type { CommandType } from '../../../shared/domain/case/lifecycle.ts';
import type { Actor, ActorRole, Case } from '../../../shared/domain/case/model.ts';

/** Who may issue each command. */
export const expectedRoles: Readonly<Record<CommandType, readonly ActorRole[]>> = {
  routeToTriage: ['system'],
  assign: ['system', 'supervisor', 'handler', 'liaison'],
  accept: ['supervisor', 'handler', 'liaison'],
  reject: ['supervisor', 'handler', 'liaison'],
  acknowledge: ['handler', 'supervisor'],
  return: ['handler'],
  reassign: ['supervisor'],
  reply: ['handler', 'supervisor'],
  requestExtension: ['handler'],
  decideExtension: ['supervisor'],
  // DESIGN §1: the system closes (e.g. after the reply was delivered); staff may close by hand.
  close: ['handler', 'supervisor', 'system'],
  // The petitioner answers on the web; call-backs (回访) are recorded by supervisors: a unit never rates itself.
  answerSurvey: ['public', 'supervisor'],
  expireSurvey: ['system'],
  reopen: ['supervisor'],
  archive: ['supervisor'],
  note: ['liaison', 'handler', 'supervisor', 'admin'],
  // The petitioner adds to the case through an Open311 client; staff write notes instead.
  followUp: ['public'],
  linkDuplicate: ['handler', 'liaison', 'supervisor'],
  remind: ['system'],
  escalate: ['system'],
  recomputeDeadlines: ['system'],
  classify: ['supervisor', 'handler', 'liaison'],
  // 复查/复核 requests come in writing; a supervisor or the studio's liaison officer records them.
  requestReview: ['supervisor', 'liaison'],
  // The levels above decide; a supervisor records their opinion.
  decideReview: ['supervisor'],
  requestRecheck: ['supervisor', 'liaison'],
  decideRecheck: ['supervisor'],
  // Inside the unit: its lead assigns, a handler takes an unassigned case.
  assignOwner: ['handler'],
  conclude: ['system'],
  // The holding unit, its studio or a supervisor asks a service team; only the team's handlers answer.
  referToTeam: ['handler', 'liaison', 'supervisor'],
  answerReferral: ['handler'],
};

/** Commands a handler or liaison officer may only issue on a case they own (see `expectedOwnership`). */
export const unitScoped: ReadonlySet<CommandType> = new Set<CommandType>([
  'assign',
  'accept',
  'reject',
  'acknowledge',
  'return',
  'reply',
  'requestExtension',
  'close',
  'note',
  'linkDuplicate',
  'classify',
  'requestReview',
  'requestRecheck',
  'referToTeam',
  'assignOwner',
]);

/**
 * Ownership as specified: a handler owns the cases its unit holds; a liaison officer those its unit holds and
 * those its studio registered; nobody owns anything through an absent unit or studio. Other roles are not
 * scoped.
 */
export function expectedOwnership(actor: Actor, item: Pick<Case, 'unitId' | 'studioId'>): boolean {
  const unit = actor.unitId !== undefined && item.unitId !== undefined && actor.unitId === item.unitId;
  const studio =
    actor.studioId !== undefined && item.studioId !== undefined && actor.studioId === item.studioId;
  switch (actor.role) {
    case 'handler':
      return unit;
    case 'liaison':
      return unit || studio;
    default:
      return true;
  }
}
