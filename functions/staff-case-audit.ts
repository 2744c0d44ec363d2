import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { caseIdPathSchema } from '../shared/schemas/case-path.ts';
import { caseAudit } from '../shared/use-cases/staff/case-records.ts';

/** The audit view of one case for supervisors: every change (who, when, before/after) and every staff read. */
export const handler = staffHandler(['supervisor'], async (event) => {
  const { caseId } = parseWith(caseIdPathSchema, event.pathParameters ?? {});
  return json(200, await caseAudit(caseStore(), event.actor, caseId, new Date()));
});
