import * as z from 'zod';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { deliveryRecords } from '../shared/runtime/deps/console.ts';
import { caseDeliveries } from '../shared/use-cases/staff/case-records.ts';

const pathSchema = z.object({ caseId: z.string().regex(/^[0-9A-Z]{26}$/) });

/** How each assignment of a case reached its unit (console, e-mail, webhook): failures show on the case page. */
export const handler = staffHandler(['supervisor'], async (event) => {
  const { caseId } = parseWith(pathSchema, event.pathParameters ?? {});
  return json(
    200,
    await caseDeliveries({ store: caseStore(), deliveries: deliveryRecords() }, event.actor, caseId),
  );
});
