import {
  MAX_SCAN_BYTES,
  MAX_SCANNED_PAGES,
  type ScanContentType,
} from '../../../shared/domain/letters/scans.ts';
import { photoType } from '../photos.ts';
import { api } from './api.ts';

/**
 * A letter's scanned pages, uploaded one after the other with presigned PUTs (`POST /api/staff/uploads`, like
 * the public form's photos) and named in the registration by key and file name, in the order chosen. The
 * server checks each page by its bytes when the letter is registered (shared/use-cases/letters.ts).
 */

export { MAX_SCAN_BYTES, MAX_SCANNED_PAGES };

/** The page's type as the API accepts it: by the declared type, else by the name (PDF or an image). */
export function scanType(file: { readonly name: string; readonly type: string }): ScanContentType | null {
  if (file.type.toLowerCase() === 'application/pdf' || /\.pdf$/i.test(file.name)) return 'application/pdf';
  return photoType(file as File);
}

/** Why a chosen file cannot be a page, before anything is uploaded; null when it can. */
export function scanProblem(file: {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}): 'type' | 'size' | null {
  if (!scanType(file)) return 'type';
  if (file.size < 1 || file.size > MAX_SCAN_BYTES) return 'size';
  return null;
}

interface UploadGrant {
  readonly key: string;
  readonly upload: { readonly method: 'PUT'; readonly url: string; readonly headers: Record<string, string> };
}

export async function uploadScan(file: File): Promise<{ key: string; name: string }> {
  const contentType = scanType(file)!;
  const grant = await api<UploadGrant>('/api/staff/uploads', {
    method: 'POST',
    body: { contentType, size: file.size },
  });
  const response = await fetch(grant.upload.url, {
    method: grant.upload.method,
    headers: grant.upload.headers,
    body: file,
  });
  if (!response.ok) throw new Error(`upload failed with ${response.status}`);
  return { key: grant.key, name: file.name };
}
