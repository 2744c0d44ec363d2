import * as z from 'zod';
import { formatOf, Open311Error, parseResource } from '../shared/domain/open311/model.ts';
import { formFields } from '../shared/domain/open311/post-request.ts';
import { createdResponse, errorFromException } from '../shared/domain/open311/render.ts';
import { DEFAULT_MAX_BODY_BYTES, rawBody } from '../shared/http/body.ts';
import { isDependencyFailure } from '../shared/http/dependency-failure.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { logger } from '../shared/logging/logger.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { outboundPolicy } from '../shared/runtime/deps/outbound.ts';
import { createRequest } from '../shared/use-cases/open311.ts';

const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\x21-\x7e]+$/);

/**
 * Open311 GeoReport v2, `POST /open311/v2/requests.{json|xml}`: a form-encoded service request becomes a case
 * with channel `open311` (through `submitPetition`, like every channel). An `Idempotency-Key` header is
 * honoured as on `POST /api/petitions` (an extension; the spec has none).
 */
/** The photo behind `media_url`, fetched through the outbound guard and rebuilt from its pixels. */
const open311Media = async (mediaUrl: string) =>
  (await import('../shared/use-cases/open311-media.ts')).fetchOpen311Media(
    { attachments: attachmentStore(), policy: outboundPolicy },
    mediaUrl,
  );

export const handler = publicHandler('submit', async (event) => {
  const segment = event.pathParameters?.resource;
  const format = formatOf(segment);
  try {
    if (parseResource(segment ?? '')?.name !== 'requests') throw new Open311Error(404, 'not found');
    if (!/^application\/x-www-form-urlencoded\b/i.test(event.headers?.['content-type'] ?? ''))
      throw new Open311Error(400, 'the body must be application/x-www-form-urlencoded');
    const key = event.headers?.['idempotency-key'];
    if (key !== undefined && !idempotencyKeySchema.safeParse(key).success)
      throw new Open311Error(400, 'Idempotency-Key: 8 to 128 printable ASCII characters');
    const fields = formFields(rawBody(event, DEFAULT_MAX_BODY_BYTES));
    const created = await createRequest({ store: caseStore(), catalog, media: open311Media }, fields, {
      now: new Date(),
      ...(key ? { idempotencyKey: key } : {}),
    });
    return createdResponse(parseResource(segment ?? '')!.format, created);
  } catch (error) {
    const { result, unexpected } = await errorFromException(format, error, { isDependencyFailure });
    if (unexpected) logger.error('open311 request failed', { error });
    return result;
  }
});
