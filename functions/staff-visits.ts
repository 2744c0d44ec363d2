import { receptionDayPathSchema, registerVisitSchema } from '../shared/domain/reception/requests.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { receptionRosterStore, visitStore } from '../shared/runtime/deps/reception.ts';
import { idempotencyKeySchema } from '../shared/schemas/idempotency-key.ts';
import { listVisits, registerVisit } from '../shared/use-cases/visits.ts';

/**
 * 来访登记 on a reception day: `POST` registers one walk-in visit (answered on the spot, or turned into a
 * case linked to it; optional `Idempotency-Key`), `GET` lists the day's visits with visitors masked.
 */
export const handler = staffHandler(['liaison', 'supervisor'], async (event) => {
  const target = parseWith(receptionDayPathSchema, event.pathParameters ?? {});
  const deps = { visits: visitStore(), reception: receptionRosterStore(), store: caseStore(), catalog };
  if (event.requestContext.http.method === 'GET') {
    return json(200, { ...target, items: await listVisits(deps, event.actor, target) });
  }
  const request = parseJsonBody(event, registerVisitSchema);
  const idempotencyKey = parseWith(idempotencyKeySchema, event.headers['idempotency-key']);
  const result = await registerVisit(deps, event.actor, target, request, {
    now: new Date(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  return json(result.replayed ? 200 : 201, result, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
