import { personalDataRoles } from '../shared/auth/claims.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { listCases } from '../shared/use-cases/staff/list-cases.ts';
import { listCasesPageQuerySchema } from '../shared/use-cases/staff/list-query.ts';

export const handler = staffHandler(personalDataRoles, async (event) => {
  const query = parseWith(listCasesPageQuerySchema, event.queryStringParameters ?? {});
  return json(200, await listCases(caseStore(), event.actor, query, new Date()));
});
