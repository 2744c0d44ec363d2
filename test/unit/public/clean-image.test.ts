import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanImage,
  MAX_PIXELS,
  UndecodableImageError,
} from '../../../shared/adapters/images/clean-image.ts';
import {
  buildFixtures,
  type ImageFixture,
  LATITUDE,
  LONGITUDE,
  MetadataTool,
} from '../../support/image-fixtures.ts';

/**
 * Every accepted image is rebuilt from its pixels: an independent tool (exiftool) finds a coordinate in every
 * fixture before and none after; the picture stays upright; what cannot be decoded is refused in Chinese.
 */

let tool: MetadataTool;
let fixtures: ImageFixture[];

beforeAll(async () => {
  tool = new MetadataTool();
  fixtures = await buildFixtures(tool);
}, 120_000);

afterAll(async () => {
  await tool?.end();
});

const extensionOf = (contentType: string) => (contentType === 'image/png' ? 'png' : 'jpg');

describe('rebuilding an image from its pixels', () => {
  it('leaves no coordinate exiftool can read, in any container or metadata block', async () => {
    for (const fixture of fixtures) {
      const clean = await cleanImage(fixture.bytes);
      expect({
        name: fixture.name,
        found: await tool.coordinates(clean.bytes, extensionOf(clean.contentType)),
      }).toEqual({ name: fixture.name, found: [] });
    }
  }, 120_000);

  it('keeps nothing but pixels: no EXIF, XMP, ICC or text, one image, upright', async () => {
    for (const fixture of fixtures) {
      const clean = await cleanImage(fixture.bytes);
      const meta = await sharp(clean.bytes).metadata();
      expect([
        fixture.name,
        meta.exif,
        meta.xmp,
        meta.icc,
        meta.iptc,
        meta.comments,
        meta.pages ?? 1,
      ]).toEqual([fixture.name, undefined, undefined, undefined, undefined, undefined, 1]);
      expect([fixture.name, meta.orientation ?? 1, clean.width, clean.height]).toEqual([
        fixture.name,
        1,
        ...fixture.upright,
      ]);
      // JPEG ends at its end-of-image marker: nothing is appended after the picture.
      if (clean.contentType === 'image/jpeg')
        expect(clean.bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    }
  }, 120_000);

  it('stores photos as JPEG and graphics as PNG', async () => {
    const typeOf = async (name: string) =>
      (await cleanImage(fixtures.find((fixture) => fixture.name.startsWith(name))!.bytes)).contentType;
    expect(await typeOf('JPEG')).toBe('image/jpeg');
    expect(await typeOf('HEIC')).toBe('image/jpeg');
    expect(await typeOf('WebP')).toBe('image/jpeg');
    expect(await typeOf('PNG')).toBe('image/png');
    expect(await typeOf('GIF')).toBe('image/png');
    expect(await typeOf('BMP')).toBe('image/png');
  }, 60_000);

  it('reads the location only when the petitioner shares it, and keeps it apart from the picture', async () => {
    const located = fixtures[0]!;
    const shared = await cleanImage(located.bytes, { shareLocation: true });
    const notShared = await cleanImage(located.bytes);

    expect(shared.location).toEqual({ latitude: LATITUDE, longitude: LONGITUDE });
    expect(notShared.location).toBeUndefined();
    expect(await tool.coordinates(shared.bytes, 'jpg')).toEqual([]);
  });
});

describe('refusing what cannot be rebuilt', () => {
  const refusal = async (bytes: Uint8Array) => {
    try {
      await cleanImage(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(UndecodableImageError);
      return error as UndecodableImageError;
    }
    throw new Error('not refused');
  };

  it('says in Chinese when a file is not an image, an unsupported one, or damaged', async () => {
    const jpeg = fixtures[0]!.bytes;
    expect(await refusal(Buffer.from('%PDF-1.7 not a photo'))).toMatchObject({
      reason: 'not-an-image',
      messageZh: expect.stringMatching(/^只能上传 JPEG、PNG、HEIC、WebP、GIF、BMP 或 TIFF 格式的图片/),
    });
    expect(await refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatchObject({
      reason: 'unsupported',
    });
    const avif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .avif()
      .toBuffer();
    expect(await refusal(avif)).toMatchObject({ reason: 'unsupported' });
    expect(await refusal(jpeg.subarray(0, jpeg.length / 3))).toMatchObject({
      reason: 'damaged',
      messageZh: expect.stringMatching(/^图片文件已损坏/),
    });
    expect(await refusal(Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]))).toMatchObject({
      reason: 'damaged',
    });
  });

  it('refuses images too large to decode safely before allocating their pixels', async () => {
    const side = Math.ceil(Math.sqrt(MAX_PIXELS)) + 10;
    const header = Buffer.alloc(54);
    header.write('BM', 0, 'latin1');
    header.writeUInt32LE(54, 10);
    header.writeUInt32LE(40, 14);
    header.writeInt32LE(side, 18);
    header.writeInt32LE(side, 22);
    header.writeUInt16LE(1, 26);
    header.writeUInt16LE(24, 28);
    expect(await refusal(header)).toMatchObject({ reason: 'too-large' });
    const wide = await sharp({ create: { width: 10_000, height: 5_001, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(await refusal(wide)).toMatchObject({ reason: 'too-large' });
  }, 60_000);
});
