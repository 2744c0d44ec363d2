import { randomUUID } from 'node:crypto';
import {
  INCOMING_PREFIX,
  MAX_ATTACHMENT_BYTES,
  UPLOAD_URL_TTL_SECONDS,
} from '../shared/domain/attachments/limits.ts';
import { parseJsonBody } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';
import { photoUploadRequestSchema } from '../shared/schemas/uploads.ts';

/**
 * One presigned PUT for one photo under `incoming/<uuid>`; nothing is stored until the browser uploads, and
 * nothing is trusted until a petition claims the key (checked, location removed: `claim-attachments.ts`).
 */
export const handler = publicHandler('upload', async (event) => {
  const request = parseJsonBody(event, photoUploadRequestSchema, 1024);
  const key = `${INCOMING_PREFIX}${randomUUID()}`;
  const upload = await attachmentStore().presignUpload({
    key,
    contentType: request.contentType,
    size: request.size,
    expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
  });
  return json(201, { key, upload, maxBytes: MAX_ATTACHMENT_BYTES });
});
