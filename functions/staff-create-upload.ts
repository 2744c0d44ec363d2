import { randomUUID } from 'node:crypto';
import { UPLOAD_URL_TTL_SECONDS } from '../shared/domain/attachments/limits.ts';
import { MAX_SCAN_BYTES, SCAN_PREFIX } from '../shared/domain/letters/scans.ts';
import { parseJsonBody } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';
import { scanUploadRequestSchema } from '../shared/schemas/uploads.ts';

/**
 * One presigned PUT for one scanned page of a letter, under `incoming/scans/<uuid>`. Nothing is trusted until
 * the letter is registered with the key (`POST /api/staff/cases` with `pages`): then the page is checked by
 * its bytes and kept with the case (`shared/use-cases/letters.ts`).
 */
export const handler = staffHandler(['liaison', 'supervisor'], async (event) => {
  const request = parseJsonBody(event, scanUploadRequestSchema, 1024);
  const key = `${SCAN_PREFIX}${randomUUID()}`;
  const upload = await attachmentStore().presignUpload({
    key,
    contentType: request.contentType,
    size: request.size,
    expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
  });
  return json(201, { key, upload, maxBytes: MAX_SCAN_BYTES });
});
