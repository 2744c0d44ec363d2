import * as z from 'zod';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { staffRegistrationSchema } from '../shared/schemas/petition.ts';
import { submitPetition } from '../shared/use-cases/submit-petition.ts';

const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII only')
  .optional();

/** Registration by staff: letters and reception-day visits, owned by the liaison officer's studio. */
export const handler = staffHandler(['liaison', 'supervisor'], async (event) => {
  const { channel, ...request } = parseJsonBody(event, staffRegistrationSchema);
  const idempotencyKey = parseWith(idempotencyKeySchema, event.headers['idempotency-key']);
  const result = await submitPetition({ store: caseStore(), catalog }, request, {
    channel,
    actor: event.actor,
    now: new Date(),
    ...(event.actor.studioId ? { studioId: event.actor.studioId } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  const { caseId, trackingCode, status, version } = result.case;
  return json(
    201,
    { caseId, trackingCode, status, version },
    result.replayed ? { 'idempotent-replayed': 'true' } : {},
  );
});
