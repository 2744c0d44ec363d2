import { deflateSync } from 'node:zlib';
import { crc32 } from '../../../shared/domain/attachments/strip-location.ts';

/**
 * Photos for tests, built in code: a real 40×30 JPEG (drawn by Chromium), PNGs encoded here, and HEIF files
 * with the box structure phones write (not decodable pictures: the server only reads their structure). Each
 * can carry EXIF with an orientation and a GPS position, and XMP with `exif:GPS…` properties.
 */

/** 40×30 baseline JPEG from Chromium's encoder, without metadata. */
export const plainJpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAeACgDASIAAhEBAxEB/8QAGAABAQEBAQAAAAAAAAAAAAAAAAEFBAb/xAAqEAABAQYEBAcAAAAAAAAAAAAAAQIEBRESEwMGFBUjMTJRBxYhJENhof/EABYBAQEBAAAAAAAAAAAAAAAAAAUEA//EAB4RAAMAAgEFAAAAAAAAAAAAAAACAwEhEQQTIlHw/9oADAMBAAIRAxEAPwC5Typ5n1fvdLpqPirqqq+0l0/pox/w+2OCvES3S/Zp4enpnNpGedS9zzsJj8Tgd3bXmxepucNlqcpy6kXup0v+bo7FHLEc3x+u4GJKti0wzOSoqeqIi80QymmOB/qHv3ecN4+vsGKABGaB96gFBeqaCHrsgAC5IPXqCgCUkBb1AIC9U0EPXZ//2Q==',
  'base64',
);

export interface Position {
  /** Degrees, minutes and hundredths of seconds: distinctive byte patterns to search for afterwards. */
  readonly latitude: readonly [number, number, number];
  readonly longitude: readonly [number, number, number];
}

export const qingxi: Position = { latitude: [29, 52, 3456], longitude: [119, 40, 7890] };

/** The bytes a rational triple is written as, to prove it is gone. */
export function rationalBytes(values: readonly [number, number, number], little: boolean): Buffer {
  const buffer = Buffer.alloc(24);
  const denominators = [1, 1, 100];
  values.forEach((value, index) => {
    if (little) {
      buffer.writeUInt32LE(value, index * 8);
      buffer.writeUInt32LE(denominators[index]!, index * 8 + 4);
    } else {
      buffer.writeUInt32BE(value, index * 8);
      buffer.writeUInt32BE(denominators[index]!, index * 8 + 4);
    }
  });
  return buffer;
}

/**
 * TIFF data as cameras write it: IFD0 with Orientation (6 = rotate 90°) and a GPS pointer; the GPS IFD with
 * latitude/longitude references (inline) and values (three rationals each, stored after the IFDs).
 */
export function tiffWithGps(
  position: Position | null,
  options: { little?: boolean; orientation?: number } = {},
) {
  const little = options.little ?? false;
  const u16 = (value: number) => {
    const b = Buffer.alloc(2);
    little ? b.writeUInt16LE(value) : b.writeUInt16BE(value);
    return b;
  };
  const u32 = (value: number) => {
    const b = Buffer.alloc(4);
    little ? b.writeUInt32LE(value) : b.writeUInt32BE(value);
    return b;
  };
  const entry = (tag: number, type: number, count: number, value: Buffer) =>
    Buffer.concat([u16(tag), u16(type), u32(count), Buffer.concat([value, Buffer.alloc(4)]).subarray(0, 4)]);
  const header = Buffer.concat([Buffer.from(little ? 'II' : 'MM', 'latin1'), u16(42), u32(8)]);
  const ifd0Entries = position ? 2 : 1;
  const ifd0Size = 2 + ifd0Entries * 12 + 4;
  const gpsOffset = 8 + ifd0Size;
  const gpsSize = 2 + 4 * 12 + 4;
  const dataOffset = gpsOffset + gpsSize;
  const orientation = entry(0x0112, 3, 1, u16(options.orientation ?? 6));
  const ifd0 = Buffer.concat([
    u16(ifd0Entries),
    orientation,
    ...(position ? [entry(0x8825, 4, 1, u32(gpsOffset))] : []),
    u32(0),
  ]);
  if (!position) return Buffer.concat([header, ifd0]);
  const gps = Buffer.concat([
    u16(4),
    entry(0x0001, 2, 2, Buffer.from('N\u0000', 'latin1')),
    entry(0x0002, 5, 3, u32(dataOffset)),
    entry(0x0003, 2, 2, Buffer.from('E\u0000', 'latin1')),
    entry(0x0004, 5, 3, u32(dataOffset + 24)),
    u32(0),
  ]);
  return Buffer.concat([
    header,
    ifd0,
    gps,
    rationalBytes(position.latitude, little),
    rationalBytes(position.longitude, little),
  ]);
}

export function xmpWithGps(position: Position | null): Buffer {
  const gps = position
    ? ` exif:GPSLatitude="${position.latitude[0]},${position.latitude[1]}.${position.latitude[2]}N" exif:GPSLongitude="${position.longitude[0]},${position.longitude[1]}.${position.longitude[2]}E"`
    : '';
  const element = position ? `<exif:GPSAltitude>1234/10</exif:GPSAltitude>` : '';
  return Buffer.from(
    `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"${gps}>${element}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
    'utf8',
  );
}

const segment = (marker: number, data: Buffer) => {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
};

/** The plain JPEG with an EXIF segment (and optionally an XMP segment) right after its start marker. */
export function jpegWith(tiff: Buffer | null, xmp: Buffer | null = null): Buffer {
  return Buffer.concat([
    plainJpeg.subarray(0, 2),
    ...(tiff ? [segment(0xe1, Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), tiff]))] : []),
    ...(xmp
      ? [segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\u0000', 'latin1'), xmp]))]
      : []),
    plainJpeg.subarray(2),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A 4×3 RGB PNG, optionally with `eXIf` and an uncompressed XMP `iTXt` chunk. */
export function pngWith(tiff: Buffer | null, xmp: Buffer | null = null): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(3, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.concat(
    Array.from({ length: 3 }, (_, y) =>
      Buffer.from([0, ...Array.from({ length: 4 }, (_, x) => [x * 60, y * 80, 200]).flat()]),
    ),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(tiff ? [pngChunk('eXIf', tiff)] : []),
    ...(xmp
      ? [
          pngChunk(
            'iTXt',
            Buffer.concat([Buffer.from('XML:com.adobe.xmp\u0000\u0000\u0000\u0000\u0000', 'latin1'), xmp]),
          ),
        ]
      : []),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const box = (type: string, ...payload: Buffer[]) => {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};
const fullBox = (type: string, version: number, ...payload: Buffer[]) =>
  box(type, Buffer.from([version, 0, 0, 0]), ...payload);
const u16be = (value: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return b;
};
const u32be = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value);
  return b;
};

/**
 * HEIF as phones write it: `ftyp` (heic), `meta` with `hdlr`, `iinf` (an hvc1 image item, an Exif item,
 * optionally an XMP mime item) and `iloc` (version 1, file offsets), then `mdat` with the items' bytes.
 */
export function heicWith(tiff: Buffer | null, xmp: Buffer | null = null, brand = 'heic'): Buffer {
  const picture = Buffer.alloc(64, 0x5a); // stands in for HEVC data
  const exifItem = tiff ? Buffer.concat([u32be(6), Buffer.from('Exif\u0000\u0000', 'latin1'), tiff]) : null;
  const ftyp = box('ftyp', Buffer.from(brand, 'latin1'), u32be(0), Buffer.from(`mif1${brand}`, 'latin1'));
  const items: { id: number; type: string; data: Buffer; extra?: Buffer }[] = [
    { id: 1, type: 'hvc1', data: picture },
  ];
  if (exifItem) items.push({ id: 2, type: 'Exif', data: exifItem });
  if (xmp)
    items.push({ id: 3, type: 'mime', data: xmp, extra: Buffer.from('application/rdf+xml\u0000', 'latin1') });
  const infe = (item: (typeof items)[number]) =>
    fullBox(
      'infe',
      2,
      u16be(item.id),
      u16be(0),
      Buffer.from(item.type, 'latin1'),
      Buffer.from('\u0000', 'latin1'),
      item.extra ?? Buffer.alloc(0),
    );
  const iinf = fullBox('iinf', 0, u16be(items.length), ...items.map(infe));
  const hdlr = fullBox(
    'hdlr',
    0,
    u32be(0),
    Buffer.from('pict', 'latin1'),
    Buffer.alloc(12),
    Buffer.from('\u0000', 'latin1'),
  );
  // iloc v1: offset_size 4, length_size 4, base_offset_size 0, index_size 0.
  const ilocFor = (offsets: number[]) =>
    fullBox(
      'iloc',
      1,
      Buffer.from([0x44, 0x00]),
      u16be(items.length),
      ...items.map((item, index) =>
        Buffer.concat([
          u16be(item.id),
          u16be(0),
          u16be(0),
          u16be(1),
          u32be(offsets[index]!),
          u32be(item.data.length),
        ]),
      ),
    );
  const metaFor = (offsets: number[]) => fullBox('meta', 0, hdlr, iinf, ilocFor(offsets));
  const headerLength = ftyp.length + metaFor(items.map(() => 0)).length + 8;
  const offsets: number[] = [];
  let at = headerLength;
  for (const item of items) {
    offsets.push(at);
    at += item.data.length;
  }
  return Buffer.concat([ftyp, metaFor(offsets), box('mdat', ...items.map((item) => item.data))]);
}
