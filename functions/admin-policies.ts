import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { defaultPolicies, policyStore } from '../shared/runtime/deps/calendar.ts';
import { catalogStore } from '../shared/runtime/deps/catalog.ts';
import {
  deletePolicy,
  listPolicies,
  type PolicyDeps,
  policyBodySchema,
  policyPathSchema,
  savePolicy,
} from '../shared/use-cases/admin/policies.ts';

const deps = (): PolicyDeps => ({
  store: policyStore(),
  defaults: defaultPolicies,
  loadCatalog: () => catalogStore().load(),
});

/** SLA policies: `GET /api/admin/policies`, `PUT|DELETE /api/admin/policies/{policyId}`. */
export const handler = staffHandler(['admin'], async (event) => {
  const method = event.requestContext.http.method;
  if (method === 'GET') return json(200, await listPolicies(deps()));
  const { policyId } = parseWith(policyPathSchema, event.pathParameters ?? {});
  if (method === 'DELETE') {
    await deletePolicy(deps(), policyId, event.actor.id);
    return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
  }
  return json(
    200,
    await savePolicy(deps(), policyId, parseJsonBody(event, policyBodySchema), event.actor.id),
  );
});
