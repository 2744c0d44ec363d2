import * as z from 'zod';
import { publicActor } from '../shared/domain/case/model.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { httpHandler } from '../shared/http/handler.ts';
import { json } from '../shared/http/responses.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { submitPetitionSchema } from '../shared/schemas/petition.ts';
import { submitPetition } from '../shared/use-cases/submit-petition.ts';

const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII only')
  .optional();

export const handler = httpHandler(async (event) => {
  const request = parseJsonBody(event, submitPetitionSchema);
  const idempotencyKey = parseWith(idempotencyKeySchema, event.headers['idempotency-key']);
  const result = await submitPetition({ store: caseStore(), catalog }, request, {
    channel: 'web',
    actor: publicActor,
    now: new Date(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  const { caseId, trackingCode, status } = result.case;
  return json(
    201,
    { caseId, trackingCode, status },
    result.replayed ? { 'idempotent-replayed': 'true' } : {},
  );
});
