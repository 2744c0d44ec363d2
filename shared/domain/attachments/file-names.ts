import { safeFilename } from '../mail/attachments.ts';

/**
 * The original name of a file a person attached, kept with the case so staff recognise it ("水渠.jpg", not a
 * key). Browsers and staff name an upload by its key, optionally with the name the file had on their device.
 */

/** An upload named in a request: its key, or its key and the file's own name. */
export type UploadRef = string | { readonly key: string; readonly name?: string | undefined };

export const uploadKey = (ref: UploadRef): string => (typeof ref === 'string' ? ref : ref.key);
export const uploadName = (ref: UploadRef): string | undefined =>
  typeof ref === 'string' ? undefined : ref.name;

/**
 * The name kept for a stored file: the original name made safe for a download header, with the extension of
 * what is really stored (a HEIC photo is kept as JPEG, so `IMG_0001.HEIC` becomes `IMG_0001.jpg`), or the
 * fallback when there was no usable name.
 */
export function storedFileName(original: string | undefined, extension: string, fallback: string): string {
  const trimmed = original?.trim();
  if (!trimmed) return fallback;
  const base = /\.[A-Za-z0-9]{1,8}$/.test(trimmed) ? trimmed.replace(/\.[A-Za-z0-9]{1,8}$/, '') : trimmed;
  return safeFilename(`${base}.${extension}`, fallback);
}
