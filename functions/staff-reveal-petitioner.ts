import { personalDataRoles } from '../shared/auth/claims.ts';
import { mayReadConfidential } from '../shared/domain/case/confidential-access.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { ForbiddenError, staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { caseIdPathSchema } from '../shared/schemas/case-path.ts';
import { loadVisibleCase } from '../shared/use-cases/staff/scoped-cases.ts';

/**
 * "Show" on the case page: the petitioner's name, phone and postal address unmasked, for the people who must call back.
 * Recorded before it is returned, so no unmask goes unaudited.
 */
export const handler = staffHandler(personalDataRoles, async (event) => {
  const { caseId } = parseWith(caseIdPathSchema, event.pathParameters ?? {});
  const store = caseStore();
  const found = await loadVisibleCase(store, event.actor, caseId);
  if (found.confidential && !mayReadConfidential(event.actor, found)) throw new ForbiddenError();
  await store.recordRead({ caseId, actor: event.actor, at: new Date().toISOString(), what: 'petitioner' });
  const { name, phone, address, anonymous } = found.petitioner;
  return json(200, {
    caseId,
    petitioner: { ...(name ? { name } : {}), phone, ...(address ? { address } : {}), anonymous },
  });
});
