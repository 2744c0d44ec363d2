import * as z from 'zod';
import { imageFormatNames } from '../domain/attachments/image-type.ts';
import { attachmentContentTypes, MAX_ATTACHMENT_BYTES } from '../domain/attachments/limits.ts';
import { MAX_SCAN_BYTES, scanContentTypes } from '../domain/letters/scans.ts';

/**
 * What a browser is about to upload with a presigned PUT: the signature binds the type and the exact size.
 * `POST /api/uploads` (photos for a petition) and `POST /api/staff/uploads` (scanned pages of a letter).
 */

export const photoUploadRequestSchema = z.strictObject({
  contentType: z.enum(
    attachmentContentTypes,
    `只能上传 ${imageFormatNames} 图片 / only JPEG, PNG, HEIC, WebP, GIF, BMP or TIFF images`,
  ),
  size: z
    .number()
    .int()
    .min(1, '文件是空的 / the file is empty')
    .max(MAX_ATTACHMENT_BYTES, '照片不能超过 8 MB / at most 8 MB per photo'),
});

export const scanUploadRequestSchema = z.strictObject({
  contentType: z.enum(scanContentTypes, `只能上传 ${imageFormatNames} 图片或 PDF / only images or PDF`),
  size: z
    .number()
    .int()
    .min(1, '文件是空的 / the file is empty')
    .max(MAX_SCAN_BYTES, '每页不能超过 10 MB / at most 10 MB per page'),
});
