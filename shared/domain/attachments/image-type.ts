import type { AttachmentContentType } from './limits.ts';

/**
 * What a file really is, from its first bytes (never from the name or the declared type): JPEG, PNG, or an
 * HEIF still image (HEIC from phones). Anything else is refused.
 */

const heicBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
const heifBrands = new Set(['mif1', 'msf1', 'heif']);
const otherImageBrands = new Set(['avif', 'avis']);

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

export function sniffImageType(bytes: Uint8Array): AttachmentContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((value, index) => bytes[index] === value)) return 'image/png';
  if (bytes.length >= 16 && ascii(bytes, 4, 4) === 'ftyp') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const boxSize = Math.min(view.getUint32(0), bytes.length);
    const brands = [ascii(bytes, 8, 4)];
    for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(bytes, offset, 4));
    if (brands.some((brand) => otherImageBrands.has(brand))) return null;
    if (brands.some((brand) => heicBrands.has(brand))) return 'image/heic';
    if (brands.some((brand) => heifBrands.has(brand))) return 'image/heif';
  }
  return null;
}
