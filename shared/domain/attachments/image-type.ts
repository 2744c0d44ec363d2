/**
 * What an image file really is, from its first bytes (never from its name or declared type). Every channel
 * accepts these seven; each is decoded and re-encoded before it is kept (`adapters/images/clean-image.ts`).
 */

export const acceptedImageFormats = ['jpeg', 'png', 'heif', 'webp', 'gif', 'bmp', 'tiff'] as const;
export type ImageFormat = (typeof acceptedImageFormats)[number];

const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'heif']);
const av1Brands = new Set(['avif', 'avis']);

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, Math.min(bytes.length, start + length)));

/** The format, `'unsupported-image'` for images we do not take (AVIF, SVG…), or null for anything else. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | 'unsupported-image' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((value, index) => bytes[index] === value)) return 'png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (
    bytes.length >= 4 &&
    ((bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 0x2a && bytes[3] === 0) ||
      (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 0x2a))
  )
    return 'tiff';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 26) return 'bmp';
  if (bytes.length >= 16 && ascii(bytes, 4, 4) === 'ftyp') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const boxSize = Math.min(view.getUint32(0), bytes.length);
    const brands = [ascii(bytes, 8, 4)];
    for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(bytes, offset, 4));
    if (brands.some((brand) => av1Brands.has(brand))) return 'unsupported-image';
    if (brands.some((brand) => heifBrands.has(brand))) return 'heif';
  }
  const head = ascii(bytes, 0, 256).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')))
    return 'unsupported-image';
  return null;
}

/** What a cleaned image is stored as: photos as JPEG, graphics with sharp edges or transparency as PNG. */
export type StoredImageType = 'image/jpeg' | 'image/png';
export const storedImageExtension: Record<StoredImageType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** Content types a browser or a staff member may declare when asking for an upload URL. */
export const imageContentTypes = [
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'image/webp',
  'image/gif',
  'image/bmp',
  'image/tiff',
] as const;

export const imageFormatNames = 'JPEG、PNG、HEIC、WebP、GIF、BMP 或 TIFF';

/** Kept files a browser shows as a picture: every image is stored as one of these after it was rebuilt. */
export const isViewableImage = (contentType: string): boolean => contentType in storedImageExtension;
