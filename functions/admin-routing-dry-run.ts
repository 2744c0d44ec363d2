import { parseJsonBody } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalogStore } from '../shared/runtime/deps/catalog.ts';
import { dryRun, dryRunSchema } from '../shared/use-cases/admin/routing-dry-run.ts';

/** Which unit the router would pick for a petition, and why; nothing is stored. */
export const handler = staffHandler(['admin'], async (event) => {
  const request = parseJsonBody(event, dryRunSchema);
  return json(200, dryRun(request, await catalogStore().load()));
});
