import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { idempotencyKeySchema } from '../shared/schemas/idempotency-key.ts';
import { staffRegistrationSchema } from '../shared/schemas/petition.ts';
import { claimScans } from '../shared/use-cases/letters.ts';
import { newTrackingPin } from '../shared/use-cases/mailbox.ts';
import { submitPetition } from '../shared/use-cases/submit-petition.ts';

/** Registration by staff: letters (with their scanned pages) and visits, owned by the liaison officer's studio. */
export const handler = staffHandler(['liaison', 'supervisor'], async (event) => {
  const { channel, pages, ...request } = parseJsonBody(event, staffRegistrationSchema);
  const idempotencyKey = parseWith(idempotencyKeySchema, event.headers['idempotency-key']);
  // A letter's scanned pages, checked and kept before the case is written (docs/intake-channels.md).
  const scans = pages ? await claimScans(attachmentStore(), pages) : [];
  const result = await submitPetition({ store: caseStore(), catalog }, request, {
    channel,
    actor: event.actor,
    now: new Date(),
    ...(scans.length > 0 ? { attachments: scans } : {}),
    ...(event.actor.studioId ? { studioId: event.actor.studioId } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    // A letter without a phone: the 查询码 stands in for the phone's last four digits on the tracking page;
    // the liaison officer writes it into the acknowledgement letter (a replay returns the stored one).
    ...(request.petitioner.phone ? {} : { trackingPin: newTrackingPin() }),
  });
  const { caseId, trackingCode, status, version, petitioner } = result.case;
  return json(
    201,
    {
      caseId,
      trackingCode,
      status,
      version,
      ...(petitioner.trackingPin ? { trackingPin: petitioner.trackingPin } : {}),
    },
    result.replayed ? { 'idempotent-replayed': 'true' } : {},
  );
});
