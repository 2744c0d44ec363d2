import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { deliveryRecords } from '../shared/runtime/deps/console.ts';
import { caseIdPathSchema } from '../shared/schemas/case-path.ts';
import { caseDeliveries } from '../shared/use-cases/staff/case-records.ts';

/** How each assignment of a case reached its unit (console, e-mail, webhook): failures show on the case page. */
export const handler = staffHandler(['supervisor'], async (event) => {
  const { caseId } = parseWith(caseIdPathSchema, event.pathParameters ?? {});
  return json(
    200,
    await caseDeliveries({ store: caseStore(), deliveries: deliveryRecords() }, event.actor, caseId),
  );
});
