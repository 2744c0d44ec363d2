import { describe, expect, it } from 'vitest';
import { maskAddress } from '../../../shared/domain/case/staff-view.ts';
import { hearBackText, replyRoute, replyRouteName } from '../../../shared/domain/case/wording.ts';
import { fieldFor, messageIn } from '../../../web/src/console/field-errors.ts';
import { scanProblem, scanType } from '../../../web/src/console/scans.ts';

/** The liaison forms' pure rules: field errors by path and language, scanned pages, the reply by post. */

describe('field errors beside their fields', () => {
  it('shows the part of a bilingual message in the page language', () => {
    expect(messageIn('请填写联系电话 / a phone', 'zh')).toBe('请填写联系电话');
    expect(messageIn('请填写联系电话 / a phone', 'en')).toBe('a phone');
    expect(messageIn('只有中文', 'en')).toBe('只有中文');
  });

  it('finds the field of an error path, or its nearest parent field, or none', () => {
    const fields = { pages: 'pages', 'visitor.phone': 'phone' };
    expect(fieldFor('pages.2', fields)).toBe('pages');
    expect(fieldFor('visitor.phone', fields)).toBe('phone');
    expect(fieldFor('visitor', fields)).toBeUndefined();
    expect(fieldFor('', fields)).toBeUndefined();
  });
});

describe('scanned pages', () => {
  it('accepts PDFs and images by type or name, up to 10 MB', () => {
    expect(scanType({ name: 'letter.PDF', type: '' })).toBe('application/pdf');
    expect(scanType({ name: 'p1.jpg', type: 'image/jpeg' })).toBe('image/jpeg');
    expect(scanType({ name: 'p1.png', type: '' })).toBe('image/png');
    expect(scanProblem({ name: 'notes.docx', type: 'application/msword', size: 100 })).toBe('type');
    expect(scanProblem({ name: 'big.pdf', type: 'application/pdf', size: 11 * 1024 * 1024 })).toBe('size');
    expect(scanProblem({ name: 'empty.png', type: 'image/png', size: 0 })).toBe('size');
    expect(scanProblem({ name: 'ok.png', type: 'image/png', size: 2048 })).toBeNull();
  });
});

describe('a petitioner who gave only a postal address', () => {
  it('hears back by post; a phone or e-mail still wins', () => {
    expect(replyRoute({ address: '溪口镇老街12号' })).toBe('post');
    expect(replyRoute({ address: '溪口镇老街12号', phone: '13812345678' })).toBe('sms');
    expect(replyRoute({ address: '溪口镇老街12号', email: 'a@b.cn' })).toBe('email');
    expect(hearBackText.post.zh).toContain('邮寄');
    expect(hearBackText.post.zh).not.toContain('短信');
    expect(replyRouteName('post')).toContain('邮寄答复');
  });

  it('masks the address down to its first six characters', () => {
    expect(maskAddress('溪口镇老街12号陈家')).toBe('溪口镇老街1****');
    expect(maskAddress('老街')).toBe('老****');
  });
});
