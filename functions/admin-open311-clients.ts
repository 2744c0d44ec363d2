import { open311JurisdictionId } from '../shared/config/env.ts';
import {
  newOpen311ClientSchema,
  open311ClientPatchSchema,
  open311ClientPathSchema,
} from '../shared/domain/open311/clients.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalogStore } from '../shared/runtime/deps/catalog.ts';
import { open311ClientStore } from '../shared/runtime/deps/open311.ts';
import {
  listClients,
  type Open311ClientDeps,
  registerClient,
  replaceKey,
  revokeClient,
  updateClient,
} from '../shared/use-cases/open311-clients.ts';

const deps = (): Open311ClientDeps => ({
  store: open311ClientStore(),
  loadCatalog: () => catalogStore().load(),
  countyId: open311JurisdictionId,
});

/**
 * Open311 client systems for admins: `GET|POST /api/admin/open311-clients`, `PATCH …/{clientId}`,
 * `POST …/{clientId}/key` (a new key; the old one stops working) and `POST …/{clientId}/revoke`. A key is in
 * the answer that issues it and nowhere else: not stored (only its SHA-256), not logged.
 */
export const handler = staffHandler(['admin'], async (event) => {
  const now = new Date();
  if (event.routeKey === 'GET /api/admin/open311-clients')
    return json(200, { items: await listClients(deps()) });
  if (event.routeKey === 'POST /api/admin/open311-clients')
    return json(201, await registerClient(deps(), parseJsonBody(event, newOpen311ClientSchema), now));
  const { clientId } = parseWith(open311ClientPathSchema, event.pathParameters ?? {});
  switch (event.routeKey) {
    case 'PATCH /api/admin/open311-clients/{clientId}':
      return json(
        200,
        await updateClient(deps(), clientId, parseJsonBody(event, open311ClientPatchSchema), now),
      );
    case 'POST /api/admin/open311-clients/{clientId}/key':
      return json(200, await replaceKey(deps(), clientId, now));
    default:
      return json(200, await revokeClient(deps(), clientId, now));
  }
});
