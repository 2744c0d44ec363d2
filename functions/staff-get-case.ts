import { personalDataRoles } from '../shared/auth/claims.ts';
import { toStaffView } from '../shared/domain/case/staff-view.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { caseIdPathSchema } from '../shared/schemas/case-path.ts';
import { loadVisibleCase } from '../shared/use-cases/staff/scoped-cases.ts';

/** The case page: full timeline, petitioner masked; every read is recorded in the case's audit trail. */
export const handler = staffHandler(personalDataRoles, async (event) => {
  const { caseId } = parseWith(caseIdPathSchema, event.pathParameters ?? {});
  const store = caseStore();
  const found = await loadVisibleCase(store, event.actor, caseId);
  const [timeline] = await Promise.all([
    store.timeline(caseId),
    store.recordRead({ caseId, actor: event.actor, at: new Date().toISOString(), what: 'case' }),
  ]);
  return json(200, toStaffView(found, timeline, event.actor));
});
