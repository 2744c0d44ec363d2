import { imageContentTypes } from '../../shared/domain/attachments/image-type.ts';
import { request } from './api.ts';

/**
 * Photos on the public form: chosen on the phone, prepared in the browser, uploaded straight to storage with
 * a presigned PUT (`POST /api/uploads`), then named in the petition by their keys.
 *
 * Preparing: whatever the browser can decode (JPEG, PNG, WebP, GIF, BMP; HEIC in Safari) is redrawn on a
 * canvas, turned upright by its EXIF orientation and scaled to at most 2048 px: a 4 MB phone photo becomes a
 * few hundred KB on a slow connection. When the petitioner shares the location, or the browser cannot decode
 * the file (HEIC in Chrome, TIFF), the original is uploaded. The server rebuilds every photo from its pixels
 * either way (claim-attachments.ts): no stored picture carries a location; a shared one is kept apart.
 */

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
const MAX_EDGE = 2048;

export type PhotoType = (typeof imageContentTypes)[number];

const byExtension: Record<string, PhotoType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  heif: 'image/heif',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

/** By the declared type, else by the name: Chrome on Windows declares HEIC files as "". */
export function photoType(file: File): PhotoType | null {
  const declared = file.type.toLowerCase();
  if ((imageContentTypes as readonly string[]).includes(declared)) return declared as PhotoType;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return (extension && byExtension[extension]) || null;
}

export interface PreparedPhoto {
  readonly blob: Blob;
  readonly type: PhotoType;
}

async function redraw(file: File, type: PhotoType): Promise<PreparedPhoto | null> {
  if (typeof createImageBitmap !== 'function') return null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return null; // not decodable here (HEIC in most browsers): upload the original
  }
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  // Screenshots and graphics stay PNG (sharp text); photos, HEIC included, become JPEG.
  const output: PhotoType =
    type === 'image/png' || type === 'image/gif' || type === 'image/bmp' ? 'image/png' : 'image/jpeg';
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, output, 0.85));
  return blob ? { blob, type: output } : null;
}

export async function preparePhoto(file: File, shareLocation: boolean): Promise<PreparedPhoto | null> {
  const type = photoType(file);
  if (!type) return null;
  if (!shareLocation) {
    const redrawn = await redraw(file, type);
    // A redrawn PNG can come out larger than the original; keep whichever is smaller (both carry no location
    // once the server has looked at the original).
    if (redrawn && (redrawn.blob.size <= file.size || file.size > MAX_PHOTO_BYTES)) return redrawn;
  }
  return { blob: file, type };
}

interface UploadGrant {
  key: string;
  upload: { method: 'PUT'; url: string; headers: Record<string, string> };
}

/** Presigns and uploads one prepared photo; returns its key for the petition. */
export async function uploadPhoto(
  photo: PreparedPhoto,
  headers: Record<string, string> = {},
): Promise<string> {
  const grant = await request<UploadGrant>('/api/uploads', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ contentType: photo.type, size: photo.blob.size }),
  });
  const response = await fetch(grant.upload.url, {
    method: grant.upload.method,
    headers: grant.upload.headers,
    body: photo.blob,
  });
  if (!response.ok) throw new Error(`upload failed with ${response.status}`);
  return grant.key;
}
