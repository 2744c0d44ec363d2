import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';

/**
 * Photos that carry where they were taken in every place an independent tool knows: exiftool (through
 * `exiftool-vendored`, its own Perl) writes GPS into each container and metadata block it can write —
 * EXIF, XMP (the EXIF namespace and DJI's drone namespace), PNG eXIf/iTXt, WebP, TIFF, GIF and HEIC — and the
 * shapes it cannot write are built by hand around what it wrote: XMP under another prefix for the EXIF
 * namespace, a Photoshop APP13 block holding EXIF, a second JPEG after the first (MPF, as phones write depth
 * and HDR gain maps), a motion photo's MP4 trailer with a `©xyz` location, and PNG `tEXt` chunks holding raw
 * EXIF and XMP. Every fixture is checked to carry a coordinate before it is used, by the same reader that
 * checks the result.
 */

export const LATITUDE = 30.5212;
export const LONGITUDE = 118.3361;

export interface ImageFixture {
  readonly name: string;
  readonly bytes: Buffer;
  /** What a client would declare when uploading it. */
  readonly contentType: string;
  readonly extension: string;
  /** Width × height of the upright picture (after orientation). */
  readonly upright: readonly [number, number];
}

const gpsArgs = [
  `-GPSLatitude=${LATITUDE}`,
  '-GPSLatitudeRef=N',
  `-GPSLongitude=${LONGITUDE}`,
  '-GPSLongitudeRef=E',
];
const xmpArgs = [`-XMP-exif:GPSLatitude=${LATITUDE}N`, `-XMP-exif:GPSLongitude=${LONGITUDE}E`];
const djiArgs = [`-XMP-drone-dji:GpsLatitude=${LATITUDE}`, `-XMP-drone-dji:GpsLongitude=${LONGITUDE}`];

export class MetadataTool {
  readonly #exiftool = new ExifTool({ taskTimeoutMillis: 30_000, maxProcs: 1, useMWG: false });
  #dir: string | undefined;

  async #scratch(): Promise<string> {
    this.#dir ??= await mkdtemp(join(tmpdir(), 'huiyin-images-'));
    return this.#dir;
  }

  async #file(name: string, bytes: Uint8Array): Promise<string> {
    const path = join(await this.#scratch(), name);
    await writeFile(path, bytes);
    return path;
  }

  /** Writes tags with exiftool's own arguments (as on its command line) and returns the new bytes. */
  async write(bytes: Uint8Array, extension: string, args: readonly string[]): Promise<Buffer> {
    const path = await this.#file(`w-${Math.random().toString(36).slice(2)}.${extension}`, bytes);
    await this.#exiftool.write(path, {}, { writeArgs: ['-overwrite_original', ...args] });
    return readFile(path);
  }

  async exifBlock(bytes: Uint8Array): Promise<Buffer> {
    const path = await this.#file(`x-${Math.random().toString(36).slice(2)}.jpg`, bytes);
    return this.#exiftool.extractBinaryTagToBuffer('EXIF' as never, path);
  }

  /**
   * Every coordinate-like value exiftool finds: all groups, duplicates, embedded documents (MPF images and
   * the like, `-ee3`), plus whatever an embedded video trailer carries.
   */
  async coordinates(bytes: Uint8Array, extension: string): Promise<string[]> {
    const path = await this.#file(`r-${Math.random().toString(36).slice(2)}.${extension}`, bytes);
    const tags = (await this.#exiftool.readRaw(path, {
      readArgs: ['-a', '-G3:1', '-n', '-ee3', '-api', 'LargeFileSupport=1'],
      // The Metadata Working Group mode would ignore EXIF in non-standard places, which is exactly where
      // location hides.
      useMWG: false,
    })) as Record<string, unknown>;
    const found = Object.entries(tags)
      .filter(([key]) => /GPS(Latitude|Longitude|Position|Coordinates)|Latitude|Longitude/i.test(key))
      .map(([key, value]) => `${key}=${String(value)}`);
    if (Object.keys(tags).some((key) => /EmbeddedVideo/.test(key))) {
      const raw = (await this.#exiftool.readRaw(path, {
        readArgs: ['-ee3', '-b', '-EmbeddedVideo', '-api', 'LargeFileSupport=1'],
        useMWG: false,
      })) as Record<string, unknown>;
      const video = Buffer.from(String(raw.EmbeddedVideo ?? '').replace(/^base64:/, ''), 'base64');
      found.push(...(await this.coordinates(video, 'mp4')).map((entry) => `video:${entry}`));
    }
    return found;
  }

  async end(): Promise<void> {
    await this.#exiftool.end();
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
  }
}

const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).composite([
    {
      input: {
        create: { width: width / 2, height: height / 2, channels: 3, background: { r: 20, g: 160, b: 90 } },
      },
      left: 0,
      top: 0,
    },
  ]);

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(marker, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** A JPEG with an APP segment inserted right after SOI. */
const withSegment = (jpeg: Buffer, inserted: Buffer) =>
  Buffer.concat([jpeg.subarray(0, 2), inserted, jpeg.subarray(2)]);

/** Photoshop's APP13: an 8BIM resource 0x0422 (EXIF data) holding a TIFF block with GPS. */
function photoshopExif(tiff: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(tiff.length, 0);
  const resource = Buffer.concat([
    Buffer.from('8BIM', 'latin1'),
    Buffer.from([0x04, 0x22, 0x00, 0x00]),
    size,
    tiff,
    tiff.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0),
  ]);
  return segment(0xffed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]));
}

/** Two JPEGs in one file, indexed by an MPF APP2 segment in the first (CIPA DC-007). */
function multiPicture(first: Buffer, second: Buffer): Buffer {
  const build = (firstLength: number) => {
    const tiff = Buffer.alloc(8 + 2 + 3 * 12 + 4);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(3, 8);
    const entry = (at: number, tag: number, type: number, count: number, value: (b: Buffer) => void) => {
      tiff.writeUInt16LE(tag, at);
      tiff.writeUInt16LE(type, at + 2);
      tiff.writeUInt32LE(count, at + 4);
      value(tiff.subarray(at + 8, at + 12));
    };
    entry(10, 0xb000, 7, 4, (b) => b.write('0100', 0, 'latin1'));
    entry(22, 0xb001, 4, 1, (b) => b.writeUInt32LE(2, 0));
    entry(34, 0xb002, 7, 32, (b) => b.writeUInt32LE(tiff.length, 0));
    const entries = Buffer.alloc(32);
    entries.writeUInt32LE(0x20030000, 0);
    entries.writeUInt32LE(firstLength, 4);
    // Offsets count from the TIFF header, which sits 10 bytes into the file (SOI, APP2 header, "MPF\0").
    entries.writeUInt32LE(second.length, 20);
    entries.writeUInt32LE(Math.max(0, firstLength - 10), 24);
    return segment(0xffe2, Buffer.concat([Buffer.from('MPF\0', 'latin1'), tiff, entries]));
  };
  const length = first.length + build(0).length;
  return Buffer.concat([withSegment(first, build(length)), second]);
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** The smallest MP4 exiftool reads a location from: moov/udta/©xyz (ISO 6709). */
function locatedVideo(): Buffer {
  const text = Buffer.from(`+${LATITUDE}+${LONGITUDE}/`, 'latin1');
  const head = Buffer.alloc(4);
  head.writeUInt16BE(text.length, 0);
  head.writeUInt16BE(0x15c7, 2);
  return Buffer.concat([
    box('ftyp', Buffer.from('mp42\0\0\0\0isommp42', 'latin1')),
    box('moov', box('mvhd', Buffer.alloc(100)), box('udta', box('\u00a9xyz', head, text))),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed), 0);
  return Buffer.concat([length, typed, crc]);
}

/** ImageMagick's way of keeping EXIF in PNG: a tEXt chunk with the block in hexadecimal. */
function rawProfile(name: string, data: Buffer): Buffer {
  const hex = data.toString('hex').replace(/(.{72})/g, '$1\n');
  return Buffer.from(`\n${name}\n${String(data.length).padStart(8)}\n${hex}\n`, 'latin1');
}

const beforeIend = (png: Buffer, ...chunks: Buffer[]) =>
  Buffer.concat([png.subarray(0, png.length - 12), ...chunks, png.subarray(png.length - 12)]);

/** A 24-bit BMP (no metadata exists in the format: it proves the decoder, not the cleaning). */
function bitmap(width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const data = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set(x < width / 2 ? [40, 80, 200] : [90, 160, 20], y * row + x * 3);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + data.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(data.length, 34);
  return Buffer.concat([header, data]);
}

const replaceAll = (bytes: Buffer, from: string, to: string) =>
  Buffer.from(bytes.toString('latin1').split(from).join(to), 'latin1');

/** A plain photo with EXIF GPS (what a phone camera writes). */
export async function locatedJpeg(tool: MetadataTool, width = 48, height = 32): Promise<Buffer> {
  return tool.write(await picture(width, height).jpeg().toBuffer(), 'jpg', gpsArgs);
}

/** Every fixture, each checked to carry a coordinate (except BMP, which cannot). */
export async function buildFixtures(tool: MetadataTool): Promise<ImageFixture[]> {
  const jpeg = await picture(48, 32).jpeg().toBuffer();
  const png = await picture(48, 32).png().toBuffer();
  const located = await tool.write(jpeg, 'jpg', gpsArgs);
  const fixtures: ImageFixture[] = [
    {
      name: 'JPEG: EXIF GPS, XMP (EXIF and DJI namespaces), orientation 6',
      bytes: await tool.write(jpeg, 'jpg', [...gpsArgs, ...xmpArgs, ...djiArgs, '-Orientation#=6']),
      contentType: 'image/jpeg',
      extension: 'jpg',
      upright: [32, 48],
    },
    {
      name: 'JPEG: XMP with another prefix for the EXIF namespace',
      bytes: replaceAll(
        replaceAll(
          replaceAll(await tool.write(jpeg, 'jpg', xmpArgs), 'xmlns:exif=', 'xmlns:eXiF='),
          '<exif:',
          '<eXiF:',
        ),
        '</exif:',
        '</eXiF:',
      ),
      contentType: 'image/jpeg',
      extension: 'jpg',
      upright: [48, 32],
    },
    {
      name: 'JPEG: DJI drone XMP only',
      bytes: await tool.write(jpeg, 'jpg', djiArgs),
      contentType: 'image/jpeg',
      extension: 'jpg',
      upright: [48, 32],
    },
    {
      name: 'JPEG: Photoshop APP13 holding EXIF',
      bytes: withSegment(jpeg, photoshopExif(await tool.exifBlock(located))),
      contentType: 'image/jpeg',
      extension: 'jpg',
      upright: [48, 32],
    },
    {
      name: 'JPEG: MPF second image with its own GPS',
      bytes: multiPicture(jpeg, await tool.write(await picture(16, 16).jpeg().toBuffer(), 'jpg', gpsArgs)),
      contentType: 'image/jpeg',
      extension: 'jpg',
      upright: [48, 32],
    },
    {
      name: 'JPEG: motion photo with an MP4 trailer (©xyz)',
      bytes: await (async () => {
        const video = locatedVideo();
        const marked = await tool.write(jpeg, 'jpg', [
          '-XMP-GCamera:MicroVideo=1',
          '-XMP-GCamera:MicroVideoVersion=1',
          `-XMP-GCamera:MicroVideoOffset=${video.length}`,
        ]);
        return Buffer.concat([marked, video]);
      })(),
      contentType: 'image/jpeg',
      extension: 'jpg',
      upright: [48, 32],
    },
    {
      name: 'PNG: eXIf and iTXt XMP',
      bytes: await tool.write(png, 'png', [...gpsArgs, ...xmpArgs, ...djiArgs]),
      contentType: 'image/png',
      extension: 'png',
      upright: [48, 32],
    },
    {
      name: 'PNG: tEXt raw EXIF profile and tEXt XMP',
      bytes: beforeIend(
        png,
        pngChunk(
          'tEXt',
          Buffer.concat([
            Buffer.from('Raw profile type exif\0', 'latin1'),
            rawProfile(
              'exif',
              Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), await tool.exifBlock(located)]),
            ),
          ]),
        ),
        pngChunk(
          'tEXt',
          Buffer.concat([
            Buffer.from('XML:com.adobe.xmp\0', 'latin1'),
            Buffer.from(
              `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"><exif:GPSLatitude>30,31.272N</exif:GPSLatitude><exif:GPSLongitude>118,20.166E</exif:GPSLongitude></rdf:Description></rdf:RDF></x:xmpmeta>`,
              'latin1',
            ),
          ]),
        ),
      ),
      contentType: 'image/png',
      extension: 'png',
      upright: [48, 32],
    },
    {
      name: 'WebP: EXIF and XMP',
      bytes: await tool.write(await picture(48, 32).webp().toBuffer(), 'webp', [...gpsArgs, ...xmpArgs]),
      contentType: 'image/webp',
      extension: 'webp',
      upright: [48, 32],
    },
    {
      name: 'TIFF: GPS IFD and XMP',
      bytes: await tool.write(await picture(48, 32).tiff().toBuffer(), 'tif', [...gpsArgs, ...xmpArgs]),
      contentType: 'image/tiff',
      extension: 'tif',
      upright: [48, 32],
    },
    {
      name: 'GIF: XMP (EXIF and DJI namespaces)',
      bytes: await tool.write(await picture(48, 32).gif().toBuffer(), 'gif', [...xmpArgs, ...djiArgs]),
      contentType: 'image/gif',
      extension: 'gif',
      upright: [48, 32],
    },
    {
      name: 'HEIC: EXIF and XMP',
      bytes: await tool.write(
        await readFile(resolve(import.meta.dirname, '../fixtures/photo.heic')),
        'heic',
        [...gpsArgs, ...xmpArgs],
      ),
      contentType: 'image/heic',
      extension: 'heic',
      upright: [64, 48],
    },
    {
      name: 'BMP (no metadata in the format)',
      bytes: bitmap(48, 32),
      contentType: 'image/bmp',
      extension: 'bmp',
      upright: [48, 32],
    },
  ];
  for (const fixture of fixtures) {
    if (fixture.extension === 'bmp') continue;
    const found = await tool.coordinates(fixture.bytes, fixture.extension);
    if (found.length === 0)
      throw new Error(`fixture "${fixture.name}" carries no coordinate exiftool can read`);
  }
  return fixtures;
}
