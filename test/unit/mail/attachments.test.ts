import { describe, expect, it } from 'vitest';
import {
  detectAllowedType,
  MAX_ATTACHMENT_TOTAL_BYTES,
  MAX_ATTACHMENTS,
  safeFilename,
  selectAttachments,
} from '../../../shared/domain/mail/attachments.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new Uint8Array(Buffer.from(value, 'latin1'));
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10);
const pdf = text('%PDF-1.7\n');
const zip = bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0);
const ole = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0);

describe('attachment types by their bytes', () => {
  it('keeps images, PDF and office documents', () => {
    expect(detectAllowedType(jpeg, 'photo.jpg')?.contentType).toBe('image/jpeg');
    expect(detectAllowedType(text('\x89PNG\r\n\x1a\n....'))?.contentType).toBe('image/png');
    expect(detectAllowedType(text('\0\0\0\x18ftypheic\0\0\0\0'))?.contentType).toBe('image/heic');
    expect(detectAllowedType(pdf, 'scan.bin')?.kind).toBe('pdf');
    expect(detectAllowedType(zip, '材料.docx')?.contentType).toContain('wordprocessingml');
    expect(detectAllowedType(ole, '报告.DOC')?.contentType).toBe('application/msword');
    expect(detectAllowedType(ole, '表格.et')?.contentType).toBe('application/vnd.ms-excel');
  });

  it('drops programs, archives and anything named like an allowed file but not one', () => {
    expect(detectAllowedType(text('MZ\x90\0'), 'invoice.pdf')).toBeNull();
    expect(detectAllowedType(zip, 'photos.zip')).toBeNull();
    expect(detectAllowedType(zip, 'setup.docm.exe')).toBeNull();
    expect(detectAllowedType(text('<html><script>'), 'page.html')).toBeNull();
    expect(detectAllowedType(new Uint8Array(0), 'empty.pdf')).toBeNull();
  });
});

describe('selecting attachments', () => {
  it('keeps allowed files in order and says why others were dropped', () => {
    const files = [
      { filename: 'a.exe', content: text('MZ') },
      ...Array.from({ length: MAX_ATTACHMENTS + 2 }, (_, index) => ({
        filename: `p${index}.jpg`,
        content: jpeg,
      })),
    ];
    const { kept, dropped } = selectAttachments(files);
    expect(kept.map((file) => file.filename)).toEqual(
      Array.from({ length: MAX_ATTACHMENTS }, (_, i) => `p${i}.jpg`),
    );
    expect(kept[0]!.type.contentType).toBe('image/jpeg');
    expect(dropped).toEqual([
      { filename: 'a.exe', reason: 'type', bytes: 2 },
      { filename: `p${MAX_ATTACHMENTS}.jpg`, reason: 'count', bytes: 6 },
      { filename: `p${MAX_ATTACHMENTS + 1}.jpg`, reason: 'count', bytes: 6 },
    ]);
  });

  it('keeps at most 10 MB in total, skipping a file that does not fit for a later one that does', () => {
    const big = new Uint8Array(MAX_ATTACHMENT_TOTAL_BYTES - 10);
    big.set(pdf);
    const twelve = new Uint8Array([...jpeg, 0, 0, 0, 0, 0, 0]);
    const { kept, dropped } = selectAttachments([
      { filename: 'big.pdf', content: big },
      { filename: 'twelve.jpg', content: twelve },
      { filename: 'six.jpg', content: jpeg },
    ]);
    expect(kept.map((file) => file.filename)).toEqual(['big.pdf', 'six.jpg']);
    expect(dropped).toEqual([{ filename: 'twelve.jpg', reason: 'size', bytes: 12 }]);
  });

  it('makes file names safe for keys and headers', () => {
    expect(safeFilename('水渠 照片(1).png', 'x')).toBe('水渠_照片_1_.png');
    expect(safeFilename('../../etc/passwd', 'x')).toBe('etc_passwd');
    expect(safeFilename('', '附件1.pdf')).toBe('附件1.pdf');
  });
});
