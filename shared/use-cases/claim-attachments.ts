import { sniffImageType } from '../domain/attachments/image-type.ts';
import {
  ATTACHMENTS_PREFIX,
  extensionOf,
  INCOMING_PREFIX,
  incomingKeyPattern,
  MAX_ATTACHMENT_BYTES,
} from '../domain/attachments/limits.ts';
import { stripLocation, UnreadableImageError } from '../domain/attachments/strip-location.ts';
import type { CaseAttachment } from '../domain/case/model.ts';
import { type FieldError, ValidationError } from '../errors/index.ts';
import { type AttachmentStore, TooLargeObjectError } from '../ports/attachment-store.ts';

/**
 * Turns the photos a browser uploaded (`incoming/<uuid>`, unchecked) into a case's attachments: each must
 * exist, be at most 8 MB and really be a JPEG, PNG or HEIF/HEIC image (by its bytes, not its declared type);
 * its location is removed unless the petitioner chose to share it; the result is written to
 * `attachments/<uuid>.<ext>`. Deterministic keys make it safe to repeat (a retried or replayed submission
 * writes the same objects). `incoming/` expires after a day (topology `buckets`).
 */
export async function claimAttachments(
  store: AttachmentStore,
  keys: readonly string[],
  options: { readonly keepLocation: boolean },
): Promise<CaseAttachment[]> {
  const errors: FieldError[] = [];
  // Everything is checked before anything is written: a refused submission leaves no attachment behind.
  const checked = await Promise.all(
    keys.map(async (key, index) => {
      const field = `attachments.${index}`;
      if (!incomingKeyPattern.test(key)) {
        errors.push({ field, message: '照片标识不正确 / not an upload key' });
        return null;
      }
      let stored: Awaited<ReturnType<AttachmentStore['read']>>;
      try {
        stored = await store.read(key, MAX_ATTACHMENT_BYTES);
      } catch (error) {
        if (!(error instanceof TooLargeObjectError)) throw error;
        errors.push({ field, message: '照片超过 8 MB / the photo is larger than 8 MB' });
        return null;
      }
      if (!stored) {
        errors.push({ field, message: '没有找到上传的照片，请重新上传 / upload not found; upload it again' });
        return null;
      }
      const type = sniffImageType(stored.bytes);
      if (!type) {
        errors.push({ field, message: '只能上传 JPEG、PNG 或 HEIC 照片 / only JPEG, PNG or HEIC photos' });
        return null;
      }
      let bytes = stored.bytes;
      if (!options.keepLocation) {
        try {
          bytes = stripLocation(stored.bytes, type).bytes;
        } catch (error) {
          if (!(error instanceof UnreadableImageError)) throw error;
          errors.push({ field, message: '照片文件已损坏，无法读取 / the photo file is damaged' });
          return null;
        }
      }
      return {
        key: `${ATTACHMENTS_PREFIX}${key.slice(INCOMING_PREFIX.length)}.${extensionOf[type]}`,
        type,
        bytes,
      };
    }),
  );
  if (errors.length > 0) throw new ValidationError(errors.sort((a, b) => a.field.localeCompare(b.field)));
  const photos = checked.filter((photo) => photo !== null);
  await Promise.all(photos.map((photo) => store.write(photo.key, photo.bytes, photo.type)));
  return photos.map(
    (photo): CaseAttachment => ({
      key: photo.key,
      contentType: photo.type,
      bytes: photo.bytes.length,
      source: 'photo',
      locationShared: options.keepLocation,
    }),
  );
}
