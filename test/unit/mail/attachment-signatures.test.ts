import { describe, expect, it } from 'vitest';
import {
  detectAllowedType,
  extensionOf,
  MAX_ATTACHMENT_TOTAL_BYTES,
  MAX_ATTACHMENTS,
  safeFilename,
  selectAttachments,
} from '../../../shared/domain/mail/attachments.ts';

/**
 * Every signature the mailbox recognises, byte for byte, with a near miss beside each: a file is kept for what
 * its first bytes are, never for its name alone.
 */

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)),
  );
const padded = (head: Uint8Array, length = 32) => {
  const out = new Uint8Array(Math.max(length, head.length));
  out.set(head);
  return out;
};

describe('image signatures', () => {
  it.each([
    ['JPEG', padded(bytes([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg', 'jpg'],
    ['PNG', padded(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a])), 'image/png', 'png'],
    ['GIF 87a', padded(bytes('GIF87a')), 'image/gif', 'gif'],
    ['GIF 89a', padded(bytes('GIF89a')), 'image/gif', 'gif'],
    ['WebP', padded(bytes('RIFF', [0x10, 0, 0, 0], 'WEBPVP8 ')), 'image/webp', 'webp'],
    ['TIFF, little-endian', padded(bytes([0x49, 0x49, 0x2a, 0x00])), 'image/tiff', 'tif'],
    ['TIFF, big-endian', padded(bytes([0x4d, 0x4d, 0x00, 0x2a])), 'image/tiff', 'tif'],
    ['BMP', padded(bytes('BM')), 'image/bmp', 'bmp'],
  ])('%s is an image', (_name, content, contentType, extension) => {
    expect(detectAllowedType(content, 'whatever.bin')).toEqual({ contentType, extension, kind: 'image' });
  });

  it.each(['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1'])('HEIC with the brand %s is an image', (brand) => {
    expect(detectAllowedType(padded(bytes([0, 0, 0, 0x18], 'ftyp', brand)))).toEqual({
      contentType: 'image/heic',
      extension: 'heic',
      kind: 'image',
    });
  });

  it.each([
    ['a JPEG one byte off', bytes([0xff, 0xd8, 0xfe, 0xe0])],
    ['a PNG without its last signature byte', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0b])],
    ['GIF of another version', bytes('GIF88a')],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [0x10, 0, 0, 0], 'WAVEfmt ')],
    ['WEBP without RIFF', bytes('RIFX', [0x10, 0, 0, 0], 'WEBP')],
    ['an ISO media file of another brand (MP4)', bytes([0, 0, 0, 0x18], 'ftyp', 'isom')],
    ['a HEIC brand without ftyp', bytes([0, 0, 0, 0x18], 'ftyq', 'heic')],
    ['TIFF with its magic number swapped', bytes([0x49, 0x49, 0x00, 0x2a])],
    ['TIFF, big-endian, swapped', bytes([0x4d, 0x4d, 0x2a, 0x00])],
    ['a BMP no longer than its file header', bytes('BM', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])],
    ['“%PDF” without its dash', bytes('%PDF1.7')],
  ])('%s is not kept', (_name, content) => {
    expect(detectAllowedType(padded(content, content.length), 'photo.jpg')).toBeNull();
  });

  it('reads a BMP of 15 bytes, the first length beyond its header', () => {
    expect(detectAllowedType(padded(bytes('BM'), 15))?.contentType).toBe('image/bmp');
    expect(detectAllowedType(padded(bytes('BM'), 14))).toBeNull();
  });

  it('reads PDF from its header', () => {
    expect(detectAllowedType(bytes('%PDF-1.7\n'))).toEqual({
      contentType: 'application/pdf',
      extension: 'pdf',
      kind: 'pdf',
    });
  });
});

describe('office documents: the container by its bytes, the format by its name', () => {
  const zip = padded(bytes([0x50, 0x4b, 0x03, 0x04]));
  const compound = padded(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));

  it.each([
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['odt', 'application/vnd.oasis.opendocument.text'],
    ['ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    ['odp', 'application/vnd.oasis.opendocument.presentation'],
  ])('a ZIP named .%s is kept as %s', (extension, contentType) => {
    expect(detectAllowedType(zip, `报告.${extension.toUpperCase()}`)).toEqual({
      contentType,
      extension,
      kind: 'document',
    });
    expect(detectAllowedType(compound, `报告.${extension}`)).toBeNull();
  });

  it.each([
    ['doc', 'application/msword'],
    ['xls', 'application/vnd.ms-excel'],
    ['ppt', 'application/vnd.ms-powerpoint'],
    ['wps', 'application/vnd.ms-works'],
    ['et', 'application/vnd.ms-excel'],
    ['dps', 'application/vnd.ms-powerpoint'],
  ])('a compound file named .%s is kept as %s', (extension, contentType) => {
    expect(detectAllowedType(compound, `材料.${extension}`)).toEqual({
      contentType,
      extension,
      kind: 'document',
    });
    expect(detectAllowedType(zip, `材料.${extension}`)).toBeNull();
  });

  it('drops a ZIP or compound file with another name, or none', () => {
    for (const name of ['archive.zip', 'setup.msi', 'docx', undefined]) {
      expect(detectAllowedType(zip, name), String(name)).toBeNull();
      expect(detectAllowedType(compound, name), String(name)).toBeNull();
    }
    expect(detectAllowedType(padded(bytes([0x50, 0x4b, 0x03, 0x05])), 'a.docx')).toBeNull();
    // A program renamed to an office name is neither container.
    for (const name of ['setup.doc', 'setup.xls', 'setup.wps', 'setup.docx'])
      expect(detectAllowedType(padded(bytes('MZ', [0x90, 0x00])), name), name).toBeNull();
    expect(
      detectAllowedType(padded(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe0])), 'a.doc'),
    ).toBeNull();
  });
});

describe('file extensions', () => {
  it('are the last dot’s letters and digits, up to eight, lower-cased', () => {
    expect(extensionOf('Scan.PDF')).toBe('pdf');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('a.abcdefgh')).toBe('abcdefgh');
    expect(extensionOf('a.abcdefghi')).toBe('');
    expect(extensionOf('a.')).toBe('');
    expect(extensionOf('a.do c')).toBe('');
    expect(extensionOf('noextension')).toBe('');
    expect(extensionOf(undefined)).toBe('');
  });
});

describe('choosing what a case keeps', () => {
  const png = padded(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]));

  it('names an attachment without a name by its place, and trims names', () => {
    const { kept, dropped } = selectAttachments([
      { content: png },
      { filename: '   ', content: bytes('MZ') },
      { filename: '  照片.png  ', content: png },
    ]);
    expect(kept.map((attachment) => attachment.filename)).toEqual([undefined, '  照片.png  ']);
    expect(dropped).toEqual([{ filename: '附件2', reason: 'type', bytes: 2 }]);
  });

  it('keeps exactly ten, and exactly 10 MB in total', () => {
    const eleven = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, n) => ({
      filename: `${n}.png`,
      content: png,
    }));
    const chosen = selectAttachments(eleven);
    expect(chosen.kept).toHaveLength(10);
    expect(chosen.dropped).toEqual([{ filename: '10.png', reason: 'count', bytes: png.byteLength }]);

    const half = padded(png, MAX_ATTACHMENT_TOTAL_BYTES / 2);
    const full = selectAttachments([
      { filename: 'a.png', content: half },
      { filename: 'b.png', content: half },
      { filename: 'c.png', content: png },
    ]);
    expect(full.kept.map((attachment) => attachment.filename)).toEqual(['a.png', 'b.png']);
    expect(full.dropped).toEqual([{ filename: 'c.png', reason: 'size', bytes: png.byteLength }]);
  });
});

describe('safe file names', () => {
  it('keep letters of any script, digits and .-_, drop leading dots and underscores, keep the last 80', () => {
    expect(safeFilename('../../etc/passwd', 'x')).toBe('etc_passwd');
    expect(safeFilename('_.hidden', 'x')).toBe('hidden');
    expect(safeFilename('群众 来信 (1).pdf', 'x')).toBe('群众_来信_1_.pdf');
    // Composed and decomposed forms of the same name give the same key.
    expect(safeFilename('cafe\u0301.pdf', 'x')).toBe(safeFilename('café.pdf', 'x'));
    const long = `${'a'.repeat(100)}.pdf`;
    expect(safeFilename(long, 'x')).toBe(long.slice(-80));
    expect(safeFilename('...', '附件1')).toBe('附件1');
    expect(safeFilename(undefined, '附件2')).toBe('附件2');
  });
});
