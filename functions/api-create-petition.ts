import { cursorSecret, phoneVerificationMode } from '../shared/config/env.ts';
import { publicActor } from '../shared/domain/case/model.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';
import { policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { phoneVerificationStore } from '../shared/runtime/deps/phone-verification.ts';
import { idempotencyKeySchema } from '../shared/schemas/idempotency-key.ts';
import { submitPetitionSchema } from '../shared/schemas/petition.ts';
import { expectedHandling } from '../shared/use-cases/expected-handling.ts';
import { submitPetition } from '../shared/use-cases/submit-petition.ts';

export const handler = publicHandler('submit', async (event) => {
  const request = parseJsonBody(event, submitPetitionSchema);
  const idempotencyKey = parseWith(idempotencyKeySchema, event.headers['idempotency-key']);
  const result = await submitPetition(
    {
      store: caseStore(),
      catalog,
      ...(request.attachments?.length ? { attachments: attachmentStore() } : {}),
      phoneVerification: { store: phoneVerificationStore(), secret: cursorSecret },
    },
    request,
    {
      channel: 'web',
      actor: publicActor,
      now: new Date(),
      phoneVerification: phoneVerificationMode(),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    },
  );
  const { caseId, trackingCode, status } = result.case;
  const [county, slaPolicies] = await Promise.all([catalog(), policies()]);
  return json(
    201,
    { caseId, trackingCode, status, expected: expectedHandling(result.case, county, slaPolicies) },
    result.replayed ? { 'idempotent-replayed': 'true' } : {},
  );
});
