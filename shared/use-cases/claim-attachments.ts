import { storedFileName, type UploadRef, uploadKey, uploadName } from '../domain/attachments/file-names.ts';
import { storedImageExtension } from '../domain/attachments/image-type.ts';
import {
  ATTACHMENTS_PREFIX,
  INCOMING_PREFIX,
  incomingKeyPattern,
  MAX_ATTACHMENT_BYTES,
} from '../domain/attachments/limits.ts';
import type { CaseAttachment } from '../domain/case/model.ts';
import { type FieldError, ValidationError } from '../errors/index.ts';
import { type AttachmentStore, TooLargeObjectError } from '../ports/attachment-store.ts';

/**
 * Turns the photos a browser uploaded (`incoming/<uuid>`, unchecked) into a case's attachments: each must
 * exist, be at most 8 MB and decode as one of the accepted image formats; it is rebuilt from its pixels
 * (`adapters/images/clean-image.ts`: no metadata of any kind survives) and written to
 * `attachments/<uuid>.<jpg|png>`. When the petitioner chose to share where the photos were taken, the
 * coordinates are read from the original first and kept as a separate field of the attachment; the stored
 * picture carries no location either way. Deterministic keys make it safe to repeat (a retried or replayed
 * submission writes the same objects). `incoming/` expires after a day (topology `buckets`).
 */
export async function claimAttachments(
  store: AttachmentStore,
  refs: readonly UploadRef[],
  options: { readonly shareLocation: boolean },
): Promise<CaseAttachment[]> {
  const { cleanImage, UndecodableImageError } = await import('../adapters/images/clean-image.ts');
  const errors: FieldError[] = [];
  // Everything is checked before anything is written: a refused submission leaves no attachment behind.
  // One photo at a time: at most one original and its decoded pixels are in memory at once.
  const checked: { key: string; name?: string; image: Awaited<ReturnType<typeof cleanImage>> }[] = [];
  for (const [index, ref] of refs.entries()) {
    const key = uploadKey(ref);
    const field = `attachments.${index}`;
    if (!incomingKeyPattern.test(key)) {
      errors.push({ field, message: '照片标识不正确 / not an upload key' });
      continue;
    }
    let stored: Awaited<ReturnType<AttachmentStore['read']>>;
    try {
      stored = await store.read(key, MAX_ATTACHMENT_BYTES);
    } catch (error) {
      if (!(error instanceof TooLargeObjectError)) throw error;
      errors.push({ field, message: '照片超过 8 MB / the photo is larger than 8 MB' });
      continue;
    }
    if (!stored) {
      errors.push({ field, message: '没有找到上传的照片，请重新上传 / upload not found; upload it again' });
      continue;
    }
    try {
      const image = await cleanImage(stored.bytes, { shareLocation: options.shareLocation });
      const name = uploadName(ref);
      checked.push({
        key: `${ATTACHMENTS_PREFIX}${key.slice(INCOMING_PREFIX.length)}`,
        ...(name ? { name } : {}),
        image,
      });
    } catch (error) {
      if (!(error instanceof UndecodableImageError)) throw error;
      errors.push({ field, message: error.messageZh });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  const photos = checked.map(({ key, name, image }) => {
    const extension = storedImageExtension[image.contentType];
    return { key: `${key}.${extension}`, name: storedFileName(name, extension, ''), image };
  });
  await Promise.all(
    photos.map((photo) => store.write(photo.key, photo.image.bytes, photo.image.contentType)),
  );
  return photos.map(
    ({ key, name, image }): CaseAttachment => ({
      key,
      ...(name ? { name } : {}),
      contentType: image.contentType,
      bytes: image.bytes.length,
      source: 'photo',
      locationShared: options.shareLocation,
      ...(image.location ? { location: image.location } : {}),
    }),
  );
}
