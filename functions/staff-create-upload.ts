import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { UPLOAD_URL_TTL_SECONDS } from '../shared/domain/attachments/limits.ts';
import { MAX_SCAN_BYTES, SCAN_PREFIX, scanContentTypes } from '../shared/domain/letters/scans.ts';
import { parseJsonBody } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';

/** `POST /api/staff/uploads`: what the console is about to upload; the signature binds type and exact size. */
const uploadRequestSchema = z.strictObject({
  contentType: z.enum(scanContentTypes, '只能上传 JPEG、PNG、HEIC 图片或 PDF / only JPEG, PNG, HEIC or PDF'),
  size: z
    .number()
    .int()
    .min(1, '文件是空的 / the file is empty')
    .max(MAX_SCAN_BYTES, '每页不能超过 10 MB / at most 10 MB per page'),
});

/**
 * One presigned PUT for one scanned page of a letter, under `incoming/scans/<uuid>`. Nothing is trusted until
 * the letter is registered with the key (`POST /api/staff/cases` with `pages`): then the page is checked by
 * its bytes and kept with the case (`shared/use-cases/letters.ts`).
 */
export const handler = staffHandler(['liaison', 'supervisor'], async (event) => {
  const request = parseJsonBody(event, uploadRequestSchema, 1024);
  const key = `${SCAN_PREFIX}${randomUUID()}`;
  const upload = await attachmentStore().presignUpload({
    key,
    contentType: request.contentType,
    size: request.size,
    expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
  });
  return json(201, { key, upload, maxBytes: MAX_SCAN_BYTES });
});
