import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../../../shared/domain/attachments/image-type.ts';
import {
  crc32,
  stripLocation,
  UnreadableImageError,
} from '../../../shared/domain/attachments/strip-location.ts';
import {
  heicWith,
  jpegWith,
  type Position,
  plainJpeg,
  pngWith,
  qingxi,
  rationalBytes,
  tiffWithGps,
  xmpWithGps,
} from './image-fixtures.ts';

const contains = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).indexOf(needle) >= 0;

function expectNoPosition(bytes: Uint8Array, position: Position, little: boolean) {
  expect(contains(bytes, rationalBytes(position.latitude, little))).toBe(false);
  expect(contains(bytes, rationalBytes(position.longitude, little))).toBe(false);
  expect(Buffer.from(bytes).toString('latin1')).not.toMatch(/exif:GPS\w+="[^"\s]/);
  expect(Buffer.from(bytes).toString('latin1')).not.toContain('1234/10');
}

/** Orientation 6 (SHORT) is still where it was: the picture keeps its rotation. */
function expectOrientationKept(bytes: Uint8Array, little: boolean) {
  const entry = little
    ? [0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00]
    : [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06];
  expect(contains(bytes, Uint8Array.from(entry))).toBe(true);
}

function pngChunksValid(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  const types: string[] = [];
  for (let offset = 8; offset < buffer.length; ) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const crc = buffer.readUInt32BE(offset + 8 + length);
    expect(crc32(buffer.subarray(offset + 4, offset + 8 + length)), `CRC of ${type}`).toBe(crc);
    types.push(type);
    offset += 12 + length;
  }
  return types;
}

describe('what a photo really is', () => {
  it.each([
    ['a JPEG', jpegWith(null), 'image/jpeg'],
    ['a PNG', pngWith(null), 'image/png'],
    ['an HEIC', heicWith(null), 'image/heic'],
    ['a plain HEIF', heicWith(null, null, 'mif1'), 'image/heif'],
  ])('recognises %s by its bytes', (_name, bytes, type) => {
    expect(sniffImageType(bytes)).toBe(type);
  });

  it.each([
    ['text', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['a PDF', Buffer.from('%PDF-1.7\n')],
    ['an AVIF', heicWith(null, null, 'avif')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffImageType(bytes)).toBeNull();
  });
});

describe('location removal', () => {
  it.each([true, false])(
    'JPEG (little-endian EXIF: %s): GPS and XMP position gone, orientation and length kept',
    (little) => {
      const photo = jpegWith(tiffWithGps(qingxi, { little }), xmpWithGps(qingxi));

      const { bytes, removed } = stripLocation(photo, 'image/jpeg');

      expect(removed).toBe(4 + 3);
      expect(bytes.length).toBe(photo.length);
      expectNoPosition(bytes, qingxi, little);
      expectOrientationKept(bytes, little);
      expect(Buffer.from(bytes).toString('latin1')).toContain('tiff:Orientation="6"');
      // The picture itself is untouched.
      expect(
        Buffer.from(bytes)
          .subarray(-plainJpeg.length + 2)
          .equals(plainJpeg.subarray(2)),
      ).toBe(true);
    },
  );

  it('PNG: eXIf and XMP chunks rewritten with valid checksums, the image data untouched', () => {
    const photo = pngWith(tiffWithGps(qingxi), xmpWithGps(qingxi));

    const { bytes, removed } = stripLocation(photo, 'image/png');

    expect(removed).toBe(7);
    expectNoPosition(bytes, qingxi, false);
    expectOrientationKept(bytes, false);
    expect(pngChunksValid(bytes)).toEqual(['IHDR', 'eXIf', 'iTXt', 'IDAT', 'IEND']);
  });

  it('PNG: compressed EXIF text chunks are dropped', () => {
    const photo = pngWith(null);
    const ztxt = Buffer.concat([
      Buffer.from('Raw profile type exif\u0000\u0000', 'latin1'),
      Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
    ]);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(ztxt.length);
    head.write('zTXt', 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), ztxt])));
    const withZtxt = Buffer.concat([photo.subarray(0, 33), head, ztxt, crc, photo.subarray(33)]);

    const { bytes } = stripLocation(withZtxt, 'image/png');

    expect(pngChunksValid(bytes)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('HEIC: the Exif item found through iinf/iloc is blanked in place, XMP item too', () => {
    const photo = heicWith(tiffWithGps(qingxi), xmpWithGps(qingxi));

    const { bytes, removed } = stripLocation(photo, 'image/heic');

    expect(removed).toBe(7);
    expect(bytes.length).toBe(photo.length);
    expectNoPosition(bytes, qingxi, false);
    expectOrientationKept(bytes, false);
    expect(sniffImageType(bytes)).toBe('image/heic');
  });

  it.each([
    ['JPEG', jpegWith(tiffWithGps(null)), 'image/jpeg'],
    ['PNG', pngWith(tiffWithGps(null)), 'image/png'],
    ['HEIC', heicWith(tiffWithGps(null)), 'image/heic'],
  ] as const)('a %s without a location comes back byte for byte', (_name, photo, type) => {
    const { bytes, removed } = stripLocation(photo, type);

    expect(removed).toBe(0);
    expect(Buffer.from(bytes).equals(photo)).toBe(true);
  });

  it('unparseable EXIF is wiped as a whole rather than trusted', () => {
    const broken = tiffWithGps(qingxi);
    broken.writeUInt32BE(0xfffffff0, 4); // IFD0 points outside the block
    const photo = jpegWith(broken);

    const { bytes } = stripLocation(photo, 'image/jpeg');

    expectNoPosition(bytes, qingxi, false);
    expect(bytes.length).toBe(photo.length);
  });

  it.each([
    ['a truncated JPEG', jpegWith(tiffWithGps(qingxi)).subarray(0, 30), 'image/jpeg'],
    ['a PNG without IEND', pngWith(null).subarray(0, 40), 'image/png'],
    [
      'an HEIC without meta',
      Buffer.concat([heicWith(null).subarray(0, 24), Buffer.from([0, 0, 0, 8, 0x6d, 0x64, 0x61, 0x74])]),
      'image/heic',
    ],
  ] as const)('refuses %s', (_name, bytes, type) => {
    expect(() => stripLocation(bytes, type)).toThrow(UnreadableImageError);
  });
});

describe('properties', () => {
  const position = fc.record({
    latitude: fc.tuple(
      fc.integer({ min: 1, max: 89 }),
      fc.integer({ min: 1, max: 59 }),
      fc.integer({ min: 1000, max: 5999 }),
    ),
    longitude: fc.tuple(
      fc.integer({ min: 91, max: 179 }),
      fc.integer({ min: 1, max: 59 }),
      fc.integer({ min: 1000, max: 5999 }),
    ),
  });

  it('no position survives in any format or byte order, and JPEG/HEIC keep their length', () => {
    fc.assert(
      fc.property(
        position,
        fc.boolean(),
        fc.constantFrom('jpeg', 'png', 'heic'),
        fc.boolean(),
        (where, little, format, withXmp) => {
          const tiff = tiffWithGps(where, { little });
          const xmp = withXmp ? xmpWithGps(where) : null;
          const photo =
            format === 'jpeg'
              ? jpegWith(tiff, xmp)
              : format === 'png'
                ? pngWith(tiff, xmp)
                : heicWith(tiff, xmp);
          const type = format === 'jpeg' ? 'image/jpeg' : format === 'png' ? 'image/png' : 'image/heic';

          const { bytes } = stripLocation(photo, type);

          expectNoPosition(bytes, where, little);
          expectOrientationKept(bytes, little);
          if (format !== 'png') expect(bytes.length).toBe(photo.length);
          expect(sniffImageType(bytes)).toBe(type);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes after a valid signature either parse or are refused, never crash otherwise', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom('image/jpeg', 'image/png', 'image/heic'),
        (tail, type) => {
          const head =
            type === 'image/jpeg'
              ? plainJpeg.subarray(0, 2)
              : type === 'image/png'
                ? pngWith(null).subarray(0, 8)
                : heicWith(null).subarray(0, 24);
          try {
            stripLocation(Buffer.concat([head, tail]), type);
          } catch (error) {
            expect(error).toBeInstanceOf(UnreadableImageError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
