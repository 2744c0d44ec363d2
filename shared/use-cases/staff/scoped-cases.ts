import type { StaffActor } from '../../auth/claims.ts';
import { ownsCase } from '../../domain/case/lifecycle.ts';
import type { Case } from '../../domain/case/model.ts';
import { NotFoundError } from '../../errors/index.ts';
import type { CaseStore } from '../../ports/case-store.ts';

/**
 * Scoping in the data access, not only in the UI: every staff read of a case goes through here. A case the
 * actor may not see answers exactly like a case that does not exist (404), so ids cannot be probed.
 */
export function canSeeCase(
  actor: StaffActor,
  item: Pick<Case, 'unitId' | 'studioId'> & Pick<Partial<Case>, 'teamReferrals'>,
): boolean {
  if (actor.role === 'supervisor') return true;
  // Admins maintain reference data and users; petitions are not theirs to read (PIPL: least privilege).
  if (actor.role === 'admin') return false;
  // A service team asked for help sees the case it was asked about (and answers on it).
  if (actor.role === 'handler' && item.teamReferrals?.some((referral) => referral.teamId === actor.unitId))
    return true;
  return ownsCase(actor, item);
}

export const caseNotFound = () => new NotFoundError({ zh: '没有找到这件诉求', en: 'Case not found' });

export async function loadVisibleCase(store: CaseStore, actor: StaffActor, caseId: string): Promise<Case> {
  const found = await store.get(caseId);
  if (!found || !canSeeCase(actor, found)) throw caseNotFound();
  return found;
}
