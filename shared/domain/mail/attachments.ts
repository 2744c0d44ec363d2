/**
 * Which e-mail attachments a case keeps: images, PDF and office documents, 10 MB in total, at most ten.
 * The type is decided by the file's first bytes, not by what the sender's mail program declared, so a
 * renamed program is recognised and dropped. Everything dropped is listed on the case, and the raw message
 * stays in the mail bucket, so staff can still get at it.
 */

export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_TOTAL_BYTES = 10 * 1024 * 1024;

export type AttachmentKind = 'image' | 'pdf' | 'document';

export interface DetectedType {
  readonly contentType: string;
  readonly extension: string;
  readonly kind: AttachmentKind;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

const OFFICE_ZIP_EXTENSIONS: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

const OFFICE_LEGACY_EXTENSIONS: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  // WPS Office (common in Chinese government offices) writes the same compound-file format.
  wps: 'application/vnd.ms-works',
  et: 'application/vnd.ms-excel',
  dps: 'application/vnd.ms-powerpoint',
};

export function extensionOf(filename: string | undefined): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(filename ?? '');
  return match ? match[1]!.toLowerCase() : '';
}

/**
 * The allowed type of a file from its content (and, for office formats that share a container, its name);
 * `null` when the file is not one the mailbox keeps.
 */
export function detectAllowedType(bytes: Uint8Array, filename?: string): DetectedType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    return { contentType: 'image/jpeg', extension: 'jpg', kind: 'image' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { contentType: 'image/png', extension: 'png', kind: 'image' };
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')
    return { contentType: 'image/gif', extension: 'gif', kind: 'image' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP')
    return { contentType: 'image/webp', extension: 'webp', kind: 'image' };
  if (ascii(bytes, 4, 8) === 'ftyp' && /^(heic|heix|hevc|hevx|mif1|msf1)$/.test(ascii(bytes, 8, 12)))
    return { contentType: 'image/heic', extension: 'heic', kind: 'image' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return { contentType: 'image/tiff', extension: 'tif', kind: 'image' };
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 14)
    return { contentType: 'image/bmp', extension: 'bmp', kind: 'image' };
  if (ascii(bytes, 0, 5) === '%PDF-')
    return { contentType: 'application/pdf', extension: 'pdf', kind: 'pdf' };
  const extension = extensionOf(filename);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const contentType = OFFICE_ZIP_EXTENSIONS[extension];
    return contentType ? { contentType, extension, kind: 'document' } : null;
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const contentType = OFFICE_LEGACY_EXTENSIONS[extension];
    return contentType ? { contentType, extension, kind: 'document' } : null;
  }
  return null;
}

export interface IncomingAttachment {
  readonly filename?: string;
  readonly content: Uint8Array;
}

/** `unreadable`: an image that could not be decoded (and so could not be rebuilt without its metadata). */
export type DropReason = 'type' | 'size' | 'count' | 'unreadable';

export interface AttachmentSelection<T extends IncomingAttachment> {
  readonly kept: readonly (T & { readonly type: DetectedType })[];
  readonly dropped: readonly {
    readonly filename: string;
    readonly reason: DropReason;
    readonly bytes: number;
  }[];
}

/** Keeps allowed files in message order until the count or the total size would be exceeded. */
export function selectAttachments<T extends IncomingAttachment>(
  attachments: readonly T[],
): AttachmentSelection<T> {
  const kept: (T & { type: DetectedType })[] = [];
  const dropped: { filename: string; reason: DropReason; bytes: number }[] = [];
  let total = 0;
  attachments.forEach((attachment, index) => {
    const filename = attachment.filename?.trim() || `附件${index + 1}`;
    const bytes = attachment.content.byteLength;
    const type = detectAllowedType(attachment.content, attachment.filename);
    if (!type) dropped.push({ filename, reason: 'type', bytes });
    else if (kept.length >= MAX_ATTACHMENTS) dropped.push({ filename, reason: 'count', bytes });
    else if (total + bytes > MAX_ATTACHMENT_TOTAL_BYTES) dropped.push({ filename, reason: 'size', bytes });
    else {
      kept.push({ ...attachment, type });
      total += bytes;
    }
  });
  return { kept, dropped };
}

/** A file name safe for an S3 key and a download header: letters (any script), digits, `.-_`, at most 80. */
export function safeFilename(filename: string | undefined, fallback: string): string {
  const cleaned = (filename ?? '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(-80);
  return cleaned || fallback;
}
