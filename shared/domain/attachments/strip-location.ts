import type { AttachmentContentType } from './limits.ts';

/**
 * Removes where a photo was taken: the GPS block of its EXIF data and the `exif:GPS…` properties of its XMP
 * packet, in JPEG, PNG and HEIF/HEIC files. Everything else (orientation, camera, the picture itself) stays.
 *
 * JPEG and HEIC are edited in place, byte for byte the same length: GPS values and entries are overwritten
 * with zeros (XMP values with spaces), so no offset anywhere in the file moves and no decoder is upset. PNG
 * chunks carry checksums, so touched chunks are rewritten with a new CRC, and compressed text chunks that may
 * hold EXIF or XMP (`Raw profile type exif/xmp`, compressed XMP) are dropped.
 *
 * Pure, no I/O. If a metadata block cannot be parsed, the whole block is blanked rather than trusted; if the
 * file itself cannot be parsed, `UnreadableImageError` is thrown and the photo is refused.
 */

export class UnreadableImageError extends Error {
  override readonly name = 'UnreadableImageError';
}

export interface StripResult {
  readonly bytes: Uint8Array;
  /** GPS entries and XMP properties removed (0 when the photo carried no location). */
  readonly removed: number;
}

export function stripLocation(input: Uint8Array, type: AttachmentContentType): StripResult {
  switch (type) {
    case 'image/jpeg':
      return stripJpeg(input);
    case 'image/png':
      return stripPng(input);
    case 'image/heic':
    case 'image/heif':
      return stripHeif(input);
  }
}

// ---------------------------------------------------------------------------------------------------------
// TIFF (the body of EXIF data): blank the GPS IFD that IFD0 or IFD1 points to.

const GPS_IFD_POINTER = 0x8825;
const typeSizes: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};

class Tiff {
  readonly #view: DataView;
  readonly #little: boolean;

  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
  ) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (end - start < 8) throw new RangeError('TIFF header truncated');
    const order = String.fromCharCode(bytes[start]!, bytes[start + 1]!);
    if (order !== 'II' && order !== 'MM') throw new RangeError('not a TIFF header');
    this.#little = order === 'II';
    if (this.u16(2) !== 42) throw new RangeError('bad TIFF magic');
  }

  #check(offset: number, length: number): number {
    const absolute = this.start + offset;
    if (offset < 0 || absolute + length > this.end) throw new RangeError('TIFF offset out of range');
    return absolute;
  }

  u16(offset: number): number {
    return this.#view.getUint16(this.#check(offset, 2), this.#little);
  }

  u32(offset: number): number {
    return this.#view.getUint32(this.#check(offset, 4), this.#little);
  }

  zero(offset: number, length: number): void {
    const absolute = this.#check(offset, length);
    this.bytes.fill(0, absolute, absolute + length);
  }

  /** Entries of the IFD at `offset`, and where the next IFD is. */
  entries(offset: number): { tag: number; type: number; count: number; at: number; next: number }[] {
    const count = this.u16(offset);
    const entries = [];
    for (let index = 0; index < count; index++) {
      const at = offset + 2 + index * 12;
      entries.push({ tag: this.u16(at), type: this.u16(at + 2), count: this.u32(at + 4), at, next: 0 });
    }
    const next = this.u32(offset + 2 + count * 12);
    return entries.map((entry) => ({ ...entry, next }));
  }

  valueOffset(at: number): number {
    return this.u32(at + 8);
  }
}

/** Blanks the GPS IFD(s) of the TIFF data in `bytes[start, end)`; returns the number of GPS entries removed. */
export function blankTiffGps(bytes: Uint8Array, start: number, end: number): number {
  try {
    const tiff = new Tiff(bytes, start, end);
    let removed = 0;
    const seen = new Set<number>();
    let ifd = tiff.u32(4);
    // IFD0 (the image) and IFD1 (the thumbnail); a loop in the chain is malformed data.
    for (let depth = 0; ifd !== 0 && depth < 2; depth++) {
      if (seen.has(ifd)) throw new RangeError('IFD loop');
      seen.add(ifd);
      const entries = tiff.entries(ifd);
      for (const entry of entries) {
        if (entry.tag !== GPS_IFD_POINTER) continue;
        removed += blankGpsIfd(tiff, tiff.valueOffset(entry.at));
      }
      ifd = entries[0]?.next ?? tiff.u32(ifd + 2);
    }
    return removed;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Unparseable EXIF cannot be shown to be free of a location: drop all of it (the photo stays).
    bytes.fill(0, start, end);
    return 1;
  }
}

function blankGpsIfd(tiff: Tiff, offset: number): number {
  const entries = tiff.entries(offset);
  for (const entry of entries) {
    const size = (typeSizes[entry.type] ?? 1) * entry.count;
    // Values over four bytes live elsewhere in the block; one pointing outside it is malformed (→ wipe all).
    if (size > 4) tiff.zero(tiff.valueOffset(entry.at), size);
    tiff.zero(entry.at, 12);
  }
  // No entries, no next IFD: an empty, valid GPS directory.
  tiff.zero(offset, 2);
  return entries.length;
}

// ---------------------------------------------------------------------------------------------------------
// XMP: blank the values of exif:GPS… properties (attribute and element forms), keeping the byte length.

const latin1 = (bytes: Uint8Array, start: number, end: number) => {
  let text = '';
  for (let index = start; index < end; index += 8192)
    text += String.fromCharCode(...bytes.subarray(index, Math.min(end, index + 8192)));
  return text;
};

const gpsAttribute = /(exif:GPS[A-Za-z]+\s*=\s*)(["'])([^"']*)\2/g;
const gpsElement = /<exif:(GPS[A-Za-z]+)\b[^>]*>([\s\S]*?)<\/exif:\1\s*>/g;

/** Blanks GPS properties of an XMP packet in `bytes[start, end)` in place; returns how many were blanked. */
export function blankXmpGps(bytes: Uint8Array, start: number, end: number): number {
  const text = latin1(bytes, start, end);
  if (!text.includes('exif:GPS')) return 0;
  let removed = 0;
  const blank = (from: number, length: number) => bytes.fill(0x20, start + from, start + from + length);
  for (const match of text.matchAll(gpsAttribute)) {
    const value = match[3] ?? '';
    if (value.trim() === '') continue;
    blank(match.index + match[1]!.length + 1, value.length);
    removed++;
  }
  for (const match of text.matchAll(gpsElement)) {
    const inner = match[2] ?? '';
    if (inner.trim() === '') continue;
    blank(match.index + match[0].indexOf('>') + 1, inner.length);
    removed++;
  }
  return removed;
}

const startsWith = (bytes: Uint8Array, at: number, text: string) => {
  if (at + text.length > bytes.length) return false;
  for (let index = 0; index < text.length; index++)
    if (bytes[at + index] !== text.charCodeAt(index)) return false;
  return true;
};

// ---------------------------------------------------------------------------------------------------------
// JPEG: APP1 segments hold EXIF (`Exif\0\0` + TIFF) and XMP (`http://ns.adobe.com/xap/1.0/\0` + packet).

const EXIF_HEADER = 'Exif\u0000\u0000';
const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\u0000';
const XMP_EXTENSION_HEADER = 'http://ns.adobe.com/xmp/extension/\u0000';

function stripJpeg(input: Uint8Array): StripResult {
  const bytes = new Uint8Array(input);
  let removed = 0;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw new UnreadableImageError('JPEG segment marker expected');
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, start of scan: no metadata after this
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const dataStart = offset + 4;
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) throw new UnreadableImageError('JPEG segment truncated');
    if (marker === 0xe1) {
      if (startsWith(bytes, dataStart, EXIF_HEADER)) removed += blankTiffGps(bytes, dataStart + 6, end);
      else if (startsWith(bytes, dataStart, XMP_HEADER))
        removed += blankXmpGps(bytes, dataStart + XMP_HEADER.length, end);
      else if (startsWith(bytes, dataStart, XMP_EXTENSION_HEADER))
        removed += blankXmpGps(bytes, dataStart + XMP_EXTENSION_HEADER.length, end);
    }
    offset = end;
  }
  return { bytes, removed };
}

// ---------------------------------------------------------------------------------------------------------
// PNG: `eXIf` holds TIFF; `iTXt` `XML:com.adobe.xmp` holds XMP; compressed text may hold either.

const crcTable = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  for (let index = 0; index < 4; index++) chunk[4 + index] = type.charCodeAt(index);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

const locationTextKeywords = /^(Raw profile type (exif|APP1|xmp|iptc)|XML:com\.adobe\.xmp)$/i;

function textKeyword(data: Uint8Array): string {
  const end = data.indexOf(0);
  return latin1(data, 0, end < 0 ? Math.min(data.length, 80) : end);
}

function stripPng(input: Uint8Array): StripResult {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const parts: Uint8Array[] = [input.subarray(0, 8)];
  let removed = 0;
  let offset = 8;
  let ended = false;
  while (offset + 12 <= input.length && !ended) {
    const length = view.getUint32(offset);
    const type = latin1(input, offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > input.length || !/^[A-Za-z]{4}$/.test(type))
      throw new UnreadableImageError('PNG chunk truncated');
    const original = input.subarray(offset, end);
    const data = new Uint8Array(input.subarray(offset + 8, offset + 8 + length));
    ended = type === 'IEND';
    if (type === 'eXIf') {
      const blanked = blankTiffGps(data, 0, data.length);
      removed += blanked;
      parts.push(blanked > 0 ? pngChunk(type, data) : original);
    } else if (type === 'zTXt' && locationTextKeywords.test(textKeyword(data))) {
      removed++; // compressed EXIF/XMP: cannot be edited in place, and is not needed to show the picture
    } else if (type === 'iTXt' && locationTextKeywords.test(textKeyword(data))) {
      const compressed = data[textKeyword(data).length + 1] === 1;
      if (compressed) {
        removed++;
      } else {
        const blanked = blankXmpGps(data, 0, data.length);
        removed += blanked;
        parts.push(blanked > 0 ? pngChunk(type, data) : original);
      }
    } else {
      parts.push(original);
    }
    offset = end;
  }
  if (!ended) throw new UnreadableImageError('PNG without IEND');
  if (removed === 0) return { bytes: new Uint8Array(input), removed };
  const output = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    output.set(part, at);
    at += part.length;
  }
  return { bytes: output, removed };
}

// ---------------------------------------------------------------------------------------------------------
// HEIF/HEIC (ISO BMFF): the `meta` box lists items (`iinf`) and where their bytes are (`iloc`, in the file or
// in `idat`). EXIF is an item of type `Exif` (4-byte offset, then TIFF), XMP an item of type `mime`.

interface Box {
  readonly type: string;
  readonly start: number;
  /** Where the payload starts (after size, type and any large size). */
  readonly body: number;
  readonly end: number;
}

function boxes(bytes: Uint8Array, view: DataView, start: number, end: number): Box[] {
  const found: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    const type = latin1(bytes, offset + 4, offset + 8);
    let body = offset + 8;
    if (size === 1) {
      if (offset + 16 > end) throw new UnreadableImageError('box size truncated');
      size = Number(view.getBigUint64(offset + 8));
      body = offset + 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < body - offset || offset + size > end) throw new UnreadableImageError(`box ${type} truncated`);
    found.push({ type, start: offset, body, end: offset + size });
    offset += size;
  }
  return found;
}

interface Extent {
  readonly offset: number;
  readonly length: number;
}

function readSized(view: DataView, offset: number, size: number): number {
  switch (size) {
    case 0:
      return 0;
    case 4:
      return view.getUint32(offset);
    case 8:
      return Number(view.getBigUint64(offset));
    default:
      throw new UnreadableImageError(`iloc field size ${size}`);
  }
}

function itemTypes(bytes: Uint8Array, view: DataView, iinf: Box): Map<number, string> {
  const version = bytes[iinf.body]!;
  const countSize = version === 0 ? 2 : 4;
  const first = iinf.body + 4 + countSize;
  const types = new Map<number, string>();
  for (const infe of boxes(bytes, view, first, iinf.end)) {
    if (infe.type !== 'infe') continue;
    const infeVersion = bytes[infe.body]!;
    if (infeVersion < 2) continue; // versions 0/1 predate item types; HEIF requires 2 or 3
    const idSize = infeVersion === 2 ? 2 : 4;
    const id = idSize === 2 ? view.getUint16(infe.body + 4) : view.getUint32(infe.body + 4);
    const typeAt = infe.body + 4 + idSize + 2;
    types.set(id, latin1(bytes, typeAt, typeAt + 4));
  }
  return types;
}

function itemLocations(view: DataView, iloc: Box, idat: Box | undefined): Map<number, Extent[]> {
  const version = view.getUint8(iloc.body);
  let at = iloc.body + 4;
  const sizes = view.getUint16(at);
  at += 2;
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 0xf;
  const baseOffsetSize = (sizes >> 4) & 0xf;
  const indexSize = version === 1 || version === 2 ? sizes & 0xf : 0;
  const count = version < 2 ? view.getUint16(at) : view.getUint32(at);
  at += version < 2 ? 2 : 4;
  const locations = new Map<number, Extent[]>();
  for (let item = 0; item < count; item++) {
    const id = version < 2 ? view.getUint16(at) : view.getUint32(at);
    at += version < 2 ? 2 : 4;
    let construction = 0;
    if (version === 1 || version === 2) {
      construction = view.getUint16(at) & 0xf;
      at += 2;
    }
    at += 2; // data_reference_index
    const base = readSized(view, at, baseOffsetSize);
    at += baseOffsetSize;
    const extentCount = view.getUint16(at);
    at += 2;
    const extents: Extent[] = [];
    for (let extent = 0; extent < extentCount; extent++) {
      at += indexSize;
      const offset = readSized(view, at, offsetSize);
      at += offsetSize;
      const length = readSized(view, at, lengthSize);
      at += lengthSize;
      extents.push({ offset, length });
    }
    if (at > iloc.end) throw new UnreadableImageError('iloc truncated');
    const origin = construction === 0 ? 0 : construction === 1 && idat ? idat.body : Number.NaN;
    locations.set(
      id,
      extents.map((extent) => ({ offset: origin + base + extent.offset, length: extent.length })),
    );
  }
  return locations;
}

function stripHeif(input: Uint8Array): StripResult {
  const bytes = new Uint8Array(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let removed = 0;
  try {
    const meta = boxes(bytes, view, 0, bytes.length).find((box) => box.type === 'meta');
    if (!meta) throw new UnreadableImageError('HEIF without a meta box');
    const children = boxes(bytes, view, meta.body + 4, meta.end);
    const iinf = children.find((box) => box.type === 'iinf');
    const iloc = children.find((box) => box.type === 'iloc');
    if (!iinf || !iloc) return { bytes, removed };
    const types = itemTypes(bytes, view, iinf);
    const locations = itemLocations(
      view,
      iloc,
      children.find((box) => box.type === 'idat'),
    );
    for (const [id, type] of types) {
      if (type !== 'Exif' && type !== 'mime') continue;
      const extents = (locations.get(id) ?? []).filter((extent) => extent.length > 0);
      for (const extent of extents) {
        if (!Number.isFinite(extent.offset) || extent.offset + extent.length > bytes.length)
          throw new UnreadableImageError('item outside the file');
      }
      if (type === 'mime') {
        for (const extent of extents)
          removed += blankXmpGps(bytes, extent.offset, extent.offset + extent.length);
        continue;
      }
      const [single] = extents;
      if (extents.length === 1 && single && single.length >= 4) {
        const tiffStart = single.offset + 4 + view.getUint32(single.offset);
        removed += blankTiffGps(
          bytes,
          Math.min(tiffStart, single.offset + single.length),
          single.offset + single.length,
        );
      } else {
        // EXIF split over several extents: blank all of it rather than reassemble it.
        for (const extent of extents) bytes.fill(0, extent.offset, extent.offset + extent.length);
        if (extents.length > 0) removed++;
      }
    }
  } catch (error) {
    if (error instanceof RangeError) throw new UnreadableImageError(error.message);
    throw error;
  }
  return { bytes, removed };
}
