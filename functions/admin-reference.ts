import * as z from 'zod';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalogStore } from '../shared/runtime/deps/catalog.ts';
import { outboundPolicy } from '../shared/runtime/deps/outbound.ts';
import { staffRecords } from '../shared/runtime/deps/staff.ts';
import {
  deleteReference,
  type ReferenceDeps,
  referencePathSchema,
  referenceSaveQuerySchema,
  upsertReference,
} from '../shared/use-cases/admin/reference-data.ts';

const deps = (): ReferenceDeps => ({
  loadCatalog: () => catalogStore().load(),
  writer: catalogStore(),
  users: () => staffRecords().list(),
  outbound: outboundPolicy(),
  unitHoldsCases: (unitId) => caseStore().unitHoldsCases(unitId),
});

/**
 * Reference data for admins: `GET /api/admin/reference` (everything, routing rules included),
 * `PUT|DELETE /api/admin/reference/{kind}/{id}` for units, categories, jurisdictions, studios, routing-rules.
 */
export const handler = staffHandler(['admin'], async (event) => {
  const method = event.requestContext.http.method;
  if (method === 'GET') return json(200, await catalogStore().load());
  const { kind, id } = parseWith(referencePathSchema, event.pathParameters ?? {});
  if (method === 'DELETE') {
    await deleteReference(deps(), kind, id);
    return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
  }
  const { create } = parseWith(referenceSaveQuerySchema, event.queryStringParameters ?? {});
  const body = parseJsonBody(event, z.unknown());
  return json(200, await upsertReference(deps(), kind, id, body, { createOnly: create === 'true' }));
});
