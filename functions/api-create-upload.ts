import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  attachmentContentTypes,
  INCOMING_PREFIX,
  MAX_ATTACHMENT_BYTES,
  UPLOAD_URL_TTL_SECONDS,
} from '../shared/domain/attachments/limits.ts';
import { parseJsonBody } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';

/** `POST /api/uploads`: what the browser is about to upload. The signature binds the type and the exact size. */
const uploadRequestSchema = z.strictObject({
  contentType: z.enum(
    attachmentContentTypes,
    '只能上传 JPEG、PNG、HEIC、WebP、GIF、BMP 或 TIFF 图片 / only JPEG, PNG, HEIC, WebP, GIF, BMP or TIFF images',
  ),
  size: z
    .number()
    .int()
    .min(1, '文件是空的 / the file is empty')
    .max(MAX_ATTACHMENT_BYTES, '照片不能超过 8 MB / at most 8 MB per photo'),
});

/**
 * One presigned PUT for one photo under `incoming/<uuid>`; nothing is stored until the browser uploads, and
 * nothing is trusted until a petition claims the key (checked, location removed: `claim-attachments.ts`).
 */
export const handler = publicHandler('upload', async (event) => {
  const request = parseJsonBody(event, uploadRequestSchema, 1024);
  const key = `${INCOMING_PREFIX}${randomUUID()}`;
  const upload = await attachmentStore().presignUpload({
    key,
    contentType: request.contentType,
    size: request.size,
    expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
  });
  return json(201, { key, upload, maxBytes: MAX_ATTACHMENT_BYTES });
});
