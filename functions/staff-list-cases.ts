import { personalDataRoles } from '../shared/auth/claims.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { staffUsers } from '../shared/runtime/deps/staff.ts';
import { listCases } from '../shared/use-cases/staff/list-cases.ts';
import { listCasesPageQuerySchema } from '../shared/use-cases/staff/list-query.ts';
import { unitLoad, unitLoadQuerySchema } from '../shared/use-cases/staff/unit-load.ts';

/** The inbox and the supervisors' lists; and, on `/api/staff/unit-load`, how many open cases each person works. */
export const handler = staffHandler(personalDataRoles, async (event) => {
  if (event.requestContext.http.path.endsWith('/unit-load')) {
    const query = parseWith(unitLoadQuerySchema, event.queryStringParameters ?? {});
    return json(200, await unitLoad({ store: caseStore(), staff: staffUsers }, event.actor, query));
  }
  const query = parseWith(listCasesPageQuerySchema, event.queryStringParameters ?? {});
  return json(200, await listCases({ store: caseStore(), catalog }, event.actor, query, new Date()));
});
