import * as z from 'zod';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { caseAudit } from '../shared/use-cases/staff/case-records.ts';

const pathSchema = z.object({ caseId: z.string().regex(/^[0-9A-Z]{26}$/) });

/** The audit view of one case for supervisors: every change (who, when, before/after) and every staff read. */
export const handler = staffHandler(['supervisor'], async (event) => {
  const { caseId } = parseWith(pathSchema, event.pathParameters ?? {});
  return json(200, await caseAudit(caseStore(), event.actor, caseId, new Date()));
});
