import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../../shared/adapters/s3/s3-attachment-store.ts';
import { storedFileName, uploadKey, uploadName } from '../../../shared/domain/attachments/file-names.ts';
import { attachmentName, readText } from '../../../shared/domain/case/wording.ts';

describe('the names of kept files', () => {
  it('keeps the original name with the extension of what is stored, safe for a header', () => {
    expect(storedFileName('IMG_0412.HEIC', 'jpg', 'x')).toBe('IMG_0412.jpg');
    expect(storedFileName('水渠 照片(1).png', 'png', 'x')).toBe('水渠_照片_1_.png');
    expect(storedFileName('../../etc/passwd', 'pdf', 'x')).toBe('etc_passwd.pdf');
    expect(storedFileName('扫描件', 'pdf', 'x')).toBe('扫描件.pdf');
    expect(storedFileName('  ', 'png', '第1页.png')).toBe('第1页.png');
    expect(storedFileName(undefined, 'png', '')).toBe('');
    // Only the last extension is replaced; a dot inside the name stays where it is.
    expect(storedFileName('2026.03 水渠.HEIC', 'jpg', 'x')).toBe('2026.03_水渠.jpg');
  });

  it('reads an upload named by key alone or with its name', () => {
    expect([uploadKey('incoming/a'), uploadName('incoming/a')]).toEqual(['incoming/a', undefined]);
    expect([
      uploadKey({ key: 'incoming/b', name: 'b.png' }),
      uploadName({ key: 'incoming/b', name: 'b.png' }),
    ]).toEqual(['incoming/b', 'b.png']);
  });

  it('names a file kept without a name by its kind and number, in Chinese by default', () => {
    expect(attachmentName({ source: 'photo' }, 0)).toBe('照片 1');
    expect(attachmentName({ source: 'email' }, 1)).toBe('邮件附件 2');
    expect(attachmentName({ source: 'scan' }, 2, 'en')).toBe('Letter scan 3');
    expect(attachmentName({ source: 'photo', name: '水渠.jpg' }, 0)).toBe('水渠.jpg');
  });

  it('says which file a view or a download was about in the audit trail', () => {
    expect(readText('attachment-download', 'zh', '水渠.jpg')).toBe('下载附件“水渠.jpg”');
    expect(readText('attachments')).toBe('查看附件缩略图');
  });

  it('sends a non-ASCII name both ways a browser reads it', () => {
    expect(contentDisposition('attachment', '水渠.jpg')).toBe(
      `attachment; filename="__.jpg"; filename*=UTF-8''%E6%B0%B4%E6%B8%A0.jpg`,
    );
  });
});
