import { storedFileName, type UploadRef, uploadKey, uploadName } from '../domain/attachments/file-names.ts';
import {
  imageFormatNames,
  sniffImageFormat,
  storedImageExtension,
} from '../domain/attachments/image-type.ts';
import { ATTACHMENTS_PREFIX } from '../domain/attachments/limits.ts';
import type { CaseAttachment } from '../domain/case/model.ts';
import {
  MAX_SCAN_BYTES,
  MAX_SCANS_TOTAL_BYTES,
  SCAN_PREFIX,
  scanKeyPattern,
} from '../domain/letters/scans.ts';
import { type FieldError, ValidationError } from '../errors/index.ts';
import { type AttachmentStore, TooLargeObjectError } from '../ports/attachment-store.ts';

/**
 * 来信: the scanned pages of a letter a liaison officer registers. Staff upload each page with a presigned
 * PUT under `incoming/scans/<uuid>` (the same one-day expiry as the public form's photos) and name the keys
 * when registering; each page must exist, be at most 10 MB and really be an image of an accepted format or a
 * PDF (by its bytes). Images are rebuilt from their pixels (no metadata survives, location included).
 * Pages are written to `attachments/scans/<uuid>.<ext>`:
 * deterministic keys, so a retried registration rewrites the same objects.
 */

const isPdf = (bytes: Uint8Array) =>
  bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';

export async function claimScans(
  store: AttachmentStore,
  refs: readonly UploadRef[],
): Promise<CaseAttachment[]> {
  const errors: FieldError[] = [];
  const pages: { key: string; contentType: string; bytes: Uint8Array; name: string }[] = [];
  let total = 0;
  // One page after the other: at most one page's bytes are read at a time on top of those kept.
  for (const [index, ref] of refs.entries()) {
    const field = `pages.${index}`;
    const key = uploadKey(ref);
    if (!scanKeyPattern.test(key)) {
      errors.push({ field, message: '扫描页标识不正确 / not a scan upload key' });
      continue;
    }
    let stored: Awaited<ReturnType<AttachmentStore['read']>>;
    try {
      stored = await store.read(key, MAX_SCAN_BYTES);
    } catch (error) {
      if (!(error instanceof TooLargeObjectError)) throw error;
      errors.push({ field, message: '扫描页超过 10 MB / a page is larger than 10 MB' });
      continue;
    }
    if (!stored) {
      errors.push({ field, message: '没有找到上传的扫描页，请重新上传 / upload not found; upload it again' });
      continue;
    }
    total += stored.bytes.length;
    if (total > MAX_SCANS_TOTAL_BYTES) {
      errors.push({ field, message: '扫描页合计超过 40 MB / the pages exceed 40 MB together' });
      break;
    }
    const id = key.slice(SCAN_PREFIX.length);
    const format = sniffImageFormat(stored.bytes);
    if (format) {
      const { cleanImage, UndecodableImageError } = await import('../adapters/images/clean-image.ts');
      try {
        const image = await cleanImage(stored.bytes);
        const extension = storedImageExtension[image.contentType];
        pages.push({
          key: `${ATTACHMENTS_PREFIX}scans/${id}.${extension}`,
          contentType: image.contentType,
          bytes: image.bytes,
          name: storedFileName(uploadName(ref), extension, `第${index + 1}页.${extension}`),
        });
      } catch (error) {
        if (!(error instanceof UndecodableImageError)) throw error;
        errors.push({ field, message: `扫描页：${error.messageZh}` });
      }
    } else if (isPdf(stored.bytes)) {
      pages.push({
        key: `${ATTACHMENTS_PREFIX}scans/${id}.pdf`,
        contentType: 'application/pdf',
        bytes: stored.bytes,
        name: storedFileName(uploadName(ref), 'pdf', `第${index + 1}页.pdf`),
      });
    } else {
      errors.push({ field, message: `只能上传 ${imageFormatNames} 图片或 PDF / only images or PDF` });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  await Promise.all(pages.map((page) => store.write(page.key, page.bytes, page.contentType)));
  return pages.map((page) => ({
    key: page.key,
    contentType: page.contentType,
    bytes: page.bytes.length,
    name: page.name,
    source: 'scan',
  }));
}
