import { describe, expect, it } from 'vitest';
import {
  acceptedImageFormats,
  imageContentTypes,
  imageFormatNames,
  isViewableImage,
  sniffImageFormat,
  storedImageExtension,
} from '../../../shared/domain/attachments/image-type.ts';
import {
  ATTACHMENTS_PREFIX,
  attachmentContentTypes,
  INCOMING_PREFIX,
  incomingKeyPattern,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  UPLOAD_URL_TTL_SECONDS,
} from '../../../shared/domain/attachments/limits.ts';
import {
  MAX_SCAN_BYTES,
  MAX_SCANNED_PAGES,
  MAX_SCANS_TOTAL_BYTES,
  SCAN_PREFIX,
  scanContentTypes,
  scanKeyPattern,
} from '../../../shared/domain/letters/scans.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(
    values.flatMap((value) => (typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [value])),
  );
const padded = (head: Uint8Array, length: number) => {
  const out = new Uint8Array(Math.max(length, head.length));
  out.set(head);
  return out;
};
/** An ISO-BMFF `ftyp` box: size, 'ftyp', major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes(0, 0, 0, size, 'ftyp', major, 0, 0, 0, 0, ...compatible);
};

describe('what an image really is, from its first bytes', () => {
  it('knows the seven accepted formats by their signatures', () => {
    expect(sniffImageFormat(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    // The signatures alone are enough: three bytes of JPEG, a bare 16-byte ftyp box.
    expect(sniffImageFormat(bytes(0xff, 0xd8, 0xff))).toBe('jpeg');
    expect(sniffImageFormat(ftyp('heic'))).toBe('heif');
    expect(sniffImageFormat(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(sniffImageFormat(bytes('GIF87a'))).toBe('gif');
    expect(sniffImageFormat(bytes('GIF89a', 1, 0))).toBe('gif');
    expect(sniffImageFormat(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(bytes('II', 0x2a, 0))).toBe('tiff');
    expect(sniffImageFormat(bytes('MM', 0, 0x2a))).toBe('tiff');
    expect(sniffImageFormat(padded(bytes('BM'), 27))).toBe('bmp');
    expect(sniffImageFormat(ftyp('heic', 'mif1', 'heic'))).toBe('heif');
    expect(sniffImageFormat(ftyp('mif1', 'heic'))).toBe('heif');
    expect(acceptedImageFormats).toEqual(['jpeg', 'png', 'heif', 'webp', 'gif', 'bmp', 'tiff']);
  });

  it('needs the whole signature, not a prefix of it', () => {
    expect(sniffImageFormat(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffImageFormat(bytes(0xff, 0xd8, 0xfe))).toBeNull();
    expect(sniffImageFormat(bytes(0xff, 0xd9, 0xff))).toBeNull();
    expect(sniffImageFormat(bytes(0xfe, 0xd8, 0xff))).toBeNull();
    expect(sniffImageFormat(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a))).toBeNull();
    expect(sniffImageFormat(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0b))).toBeNull();
    expect(sniffImageFormat(bytes('GIF88a'))).toBeNull();
    expect(sniffImageFormat(bytes('RIFF', 0, 0, 0, 0, 'WAVE'))).toBeNull();
    expect(sniffImageFormat(bytes('RIFX', 0, 0, 0, 0, 'WEBP'))).toBeNull();
    expect(sniffImageFormat(bytes('II', 0x2a))).toBeNull();
    expect(sniffImageFormat(bytes('II', 0x2a, 1))).toBeNull();
    expect(sniffImageFormat(bytes('II', 0x2b, 0))).toBeNull();
    expect(sniffImageFormat(bytes('IM', 0x2a, 0))).toBeNull();
    expect(sniffImageFormat(bytes('JI', 0x2a, 0))).toBeNull();
    expect(sniffImageFormat(bytes('MM', 0, 0x2b))).toBeNull();
    expect(sniffImageFormat(bytes('MM', 1, 0x2a))).toBeNull();
    expect(sniffImageFormat(bytes('MN', 0, 0x2a))).toBeNull();
    expect(sniffImageFormat(bytes('NM', 0, 0x2a))).toBeNull();
    expect(sniffImageFormat(bytes('MI', 0x2a, 0))).toBeNull();
    // A BMP header is 26 bytes at least; "BM" alone is a word, not a bitmap.
    expect(sniffImageFormat(padded(bytes('BM'), 26))).toBeNull();
    expect(sniffImageFormat(padded(bytes('BN'), 27))).toBeNull();
    expect(sniffImageFormat(new Uint8Array())).toBeNull();
    expect(sniffImageFormat(bytes('%PDF-1.7'))).toBeNull();
  });

  it('reads every compatible brand of an ISO media file, up to the end of its box', () => {
    expect(sniffImageFormat(ftyp('avif', 'mif1'))).toBe('unsupported-image');
    expect(sniffImageFormat(ftyp('mif1', 'avif'))).toBe('unsupported-image');
    expect(sniffImageFormat(ftyp('mif1', 'avis'))).toBe('unsupported-image');
    for (const brand of ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'heif'])
      expect(sniffImageFormat(ftyp('isom', brand))).toBe('heif');
    // A video is not a photo.
    expect(sniffImageFormat(ftyp('isom', 'mp41', 'mp42'))).toBeNull();
    // A brand after the end of the box belongs to the next box.
    const short = ftyp('isom', 'mp41', 'heic');
    short[3] = 20;
    expect(sniffImageFormat(short)).toBeNull();
    // A box that claims more than the file has is read to the end of the file.
    const long = ftyp('isom', 'heic');
    long[3] = 200;
    expect(sniffImageFormat(long)).toBe('heif');
    // Fifteen bytes cannot hold an ftyp box.
    expect(sniffImageFormat(ftyp('heic').subarray(0, 15))).toBeNull();
    expect(sniffImageFormat(bytes(0, 0, 0, 16, 'ftyq', 'heic', 0, 0, 0, 0))).toBeNull();
    // The brands are read from the view's own bytes, wherever it sits in its buffer.
    const buffer = new Uint8Array(64);
    buffer.set(ftyp('isom', 'heic'), 8);
    expect(sniffImageFormat(buffer.subarray(8, 28))).toBe('heif');
  });

  it('recognises SVG as an image we do not take, also after an XML declaration or blanks', () => {
    expect(sniffImageFormat(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('unsupported-image');
    expect(sniffImageFormat(bytes('  \n<SVG>'))).toBe('unsupported-image');
    expect(sniffImageFormat(bytes('<?xml version="1.0"?><svg/>'))).toBe('unsupported-image');
    expect(sniffImageFormat(bytes('<?xml version="1.0"?><note/>'))).toBeNull();
    expect(sniffImageFormat(bytes('<html><svg/></html>'))).toBeNull();
    // Only the first 256 bytes are read.
    expect(sniffImageFormat(bytes(`<?xml version="1.0"?>${' '.repeat(300)}<svg/>`))).toBeNull();
  });
});

describe('kept images and declared types', () => {
  it('stores photos as JPEG and graphics as PNG, and shows only those as pictures', () => {
    expect(storedImageExtension).toEqual({ 'image/jpeg': 'jpg', 'image/png': 'png' });
    expect(isViewableImage('image/jpeg')).toBe(true);
    expect(isViewableImage('image/png')).toBe(true);
    expect(isViewableImage('image/heic')).toBe(false);
    expect(isViewableImage('application/pdf')).toBe(false);
  });

  it('accepts the declared types of the seven formats, and names them for people', () => {
    expect(imageContentTypes).toEqual([
      'image/jpeg',
      'image/png',
      'image/heic',
      'image/heif',
      'image/webp',
      'image/gif',
      'image/bmp',
      'image/tiff',
    ]);
    expect(attachmentContentTypes).toBe(imageContentTypes);
    expect(imageFormatNames).toBe('JPEG、PNG、HEIC、WebP、GIF、BMP 或 TIFF');
  });
});

describe('upload limits and keys', () => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('takes three photos of up to 8 MB through URLs valid for ten minutes', () => {
    expect([MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, UPLOAD_URL_TTL_SECONDS]).toEqual([3, 8_388_608, 600]);
  });

  it('names uploads under incoming/ by a random UUID, and keeps checked photos under attachments/', () => {
    expect([INCOMING_PREFIX, ATTACHMENTS_PREFIX]).toEqual(['incoming/', 'attachments/']);
    expect(incomingKeyPattern.test(`incoming/${id}`)).toBe(true);
    expect(incomingKeyPattern.test(`incoming/${id}x`)).toBe(false);
    expect(incomingKeyPattern.test(`xincoming/${id}`)).toBe(false);
    expect(incomingKeyPattern.test(`incoming/${id.replace('-469f-', '-169f-')}`)).toBe(false);
    expect(incomingKeyPattern.test(`incoming/${id.replace('-a165-', '-c165-')}`)).toBe(false);
    expect(incomingKeyPattern.test(`incoming/${id.toUpperCase()}`)).toBe(false);
  });

  it('takes up to 20 scanned pages of 10 MB, 40 MB together, images or PDF, under incoming/scans/', () => {
    expect([MAX_SCANNED_PAGES, MAX_SCAN_BYTES, MAX_SCANS_TOTAL_BYTES]).toEqual([20, 10_485_760, 41_943_040]);
    expect(SCAN_PREFIX).toBe('incoming/scans/');
    expect(scanContentTypes).toEqual([...imageContentTypes, 'application/pdf']);
    expect(scanKeyPattern.test(`incoming/scans/${id}`)).toBe(true);
    expect(scanKeyPattern.test(`incoming/${id}`)).toBe(false);
    expect(scanKeyPattern.test(`incoming/scans/${id}/x`)).toBe(false);
    expect(scanKeyPattern.test(`x/incoming/scans/${id}`)).toBe(false);
    expect(scanKeyPattern.test(`incoming/scans/${id.replace('-469f-', '-569f-')}`)).toBe(false);
    expect(scanKeyPattern.test(`incoming/scans/${id.replace('-a165-', '-7165-')}`)).toBe(false);
  });
});
