import sharp from 'sharp';
import {
  type ImageFormat,
  imageFormatNames,
  type StoredImageType,
  sniffImageFormat,
} from '../../domain/attachments/image-type.ts';

/**
 * Every image the system keeps is rebuilt from its pixels: decoded, turned upright by its orientation, and
 * encoded again as a plain JPEG or PNG. Nothing else of the original survives — no EXIF or GPS block, no XMP
 * under any prefix (drone makers' included), no Photoshop/IPTC segment, no second image after the first
 * (MPF, Ultra HDR gain maps), no motion-photo video trailer, no PNG text chunk, no ICC profile, no comment.
 * A whitelist by construction: what is not pixels is not written.
 *
 * Decoders: sharp 0.35 (libvips 8.18, prebuilt for linux x64 and arm64) reads JPEG, PNG, WebP, GIF and TIFF.
 * Its prebuilt libheif carries only the AV1 decoder, not HEVC (patents), so HEIC/HEIF from phones is decoded
 * by `heic-decode` (libheif with libde265 compiled to WebAssembly, no native code), which applies the HEIF
 * rotation and mirror boxes; BMP, which libvips does not read without ImageMagick, by `bmp-ts` (pure
 * TypeScript). Both hand raw RGBA pixels to sharp for encoding. Animated GIF/WebP keep their first frame.
 *
 * A file that cannot be decoded is refused (`UndecodableImageError`, a Chinese message for the caller).
 * Images larger than MAX_PIXELS are refused before their pixels are allocated (decompression bombs).
 */

export const MAX_PIXELS = 50_000_000;
/** Photos are scaled down to this edge at most: enough for staff to see the place, small to store and send. */
export const MAX_EDGE = 4096;
const JPEG_QUALITY = 85;

export class UndecodableImageError extends Error {
  override readonly name = 'UndecodableImageError';
  constructor(
    readonly reason: 'not-an-image' | 'unsupported' | 'damaged' | 'too-large',
    /** For people: what to do about it. */
    readonly messageZh: string,
  ) {
    super(`image refused: ${reason}`);
  }
}

export interface SharedLocation {
  readonly latitude: number;
  readonly longitude: number;
}

export interface CleanImage {
  readonly bytes: Buffer;
  readonly contentType: StoredImageType;
  readonly width: number;
  readonly height: number;
  /** Where it was taken, read only when the petitioner chose to share it (and the original said). */
  readonly location?: SharedLocation;
}

const refusals = {
  notAnImage: () => new UndecodableImageError('not-an-image', `只能上传 ${imageFormatNames} 格式的图片`),
  unsupported: () =>
    new UndecodableImageError('unsupported', `不支持这种图片格式，请改用 ${imageFormatNames}`),
  damaged: () => new UndecodableImageError('damaged', '图片文件已损坏，无法读取，请重新拍摄或另存后再上传'),
  tooLarge: () =>
    new UndecodableImageError('too-large', `图片尺寸过大（超过 ${MAX_PIXELS / 1_000_000} 百万像素）`),
};

/** Raw pixels from the decoders sharp lacks; null when sharp reads the format itself. */
async function decodeElsewhere(
  format: ImageFormat,
  input: Uint8Array,
): Promise<{ data: Uint8Array; width: number; height: number } | null> {
  if (format === 'bmp') {
    const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const width = Math.abs(view.getInt32(18, true));
    const height = Math.abs(view.getInt32(22, true));
    if (width === 0 || height === 0) throw refusals.damaged();
    if (width * height > MAX_PIXELS) throw refusals.tooLarge();
    const { decode } = await import('bmp-ts');
    const bitmap = decode(Buffer.from(input), { toRGBA: true });
    // 32-bit bitmaps without an alpha mask leave the fourth byte at 0: that means "unused", not "transparent".
    if (alphaIsAll(bitmap.data, 0)) fillAlpha(bitmap.data);
    return { data: bitmap.data, width: bitmap.width, height: bitmap.height };
  }
  if (format === 'heif') {
    // sharp reads HEIF headers (not HEVC pixels): the size is known before any pixel is decoded.
    const { width = 0, height = 0 } = await sharp(input).metadata();
    if (width * height > MAX_PIXELS) throw refusals.tooLarge();
    const { default: decodeHeic } = await import('heic-decode');
    const image = await decodeHeic({ buffer: input });
    return { data: new Uint8Array(image.data.buffer), width: image.width, height: image.height };
  }
  return null;
}

/** Is every pixel's alpha exactly `value` (RGBA)? */
function alphaIsAll(rgba: Uint8Array, value: number): boolean {
  for (let index = 3; index < rgba.length; index += 4) if (rgba[index] !== value) return false;
  return true;
}

function fillAlpha(rgba: Uint8Array): void {
  for (let index = 3; index < rgba.length; index += 4) rgba[index] = 255;
}

/** GPS from the original's EXIF, as decimal degrees; undefined when it has none or it makes no sense. */
async function readLocation(input: Uint8Array): Promise<SharedLocation | undefined> {
  try {
    const { exif } = await sharp(input).metadata();
    if (!exif) return undefined;
    const { default: exifReader } = await import('exif-reader');
    const gps = exifReader(exif).GPSInfo;
    const degrees = (parts: number[] | undefined, ref: string | undefined, negative: string) => {
      if (!parts || parts.length < 3 || parts.some((part) => !Number.isFinite(part))) return undefined;
      const value = parts[0]! + parts[1]! / 60 + parts[2]! / 3600;
      return ref?.toUpperCase().startsWith(negative) ? -value : value;
    };
    const latitude = degrees(gps?.GPSLatitude, gps?.GPSLatitudeRef, 'S');
    const longitude = degrees(gps?.GPSLongitude, gps?.GPSLongitudeRef, 'W');
    if (latitude === undefined || longitude === undefined) return undefined;
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
    return { latitude: Number(latitude.toFixed(6)), longitude: Number(longitude.toFixed(6)) };
  } catch {
    return undefined; // A location is a convenience; a broken EXIF block never refuses the photo.
  }
}

export async function cleanImage(
  input: Uint8Array,
  options: { readonly shareLocation?: boolean } = {},
): Promise<CleanImage> {
  const format = sniffImageFormat(input);
  if (format === null) throw refusals.notAnImage();
  if (format === 'unsupported-image') throw refusals.unsupported();
  try {
    const raw = await decodeElsewhere(format, input);
    const pipeline = raw
      ? sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 4 } })
      : // First frame only; autoOrient applies the EXIF orientation to the pixels (the tag is not kept).
        sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false }).autoOrient();
    const hasAlpha = raw
      ? !alphaIsAll(raw.data, 255)
      : (await sharp(input, { failOn: 'error' }).metadata()).hasAlpha;
    // Photos become JPEG; screenshots and graphics (PNG, GIF, BMP) and anything transparent stay lossless.
    const lossless = format === 'png' || format === 'gif' || format === 'bmp' || hasAlpha === true;
    const resized = pipeline.resize({
      width: MAX_EDGE,
      height: MAX_EDGE,
      fit: 'inside',
      withoutEnlargement: true,
    });
    const { data, info } = lossless
      ? await resized.png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true })
      : await resized
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
          .toBuffer({ resolveWithObject: true });
    const location = options.shareLocation ? await readLocation(input) : undefined;
    return {
      bytes: data,
      contentType: lossless ? 'image/png' : 'image/jpeg',
      width: info.width,
      height: info.height,
      ...(location ? { location } : {}),
    };
  } catch (error) {
    if (error instanceof UndecodableImageError) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw refusals.tooLarge();
    throw refusals.damaged();
  }
}
