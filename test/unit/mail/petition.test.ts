import { describe, expect, it } from 'vitest';
import { findJurisdiction } from '../../../shared/domain/mail/find-jurisdiction.ts';
import { attachmentNote, labelledPhoneIn, petitionFromMail } from '../../../shared/domain/mail/petition.ts';
import { CONTENT_MAX, TITLE_MAX } from '../../../shared/schemas/petition.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';

describe('a petition from an e-mail', () => {
  it('takes the subject as title, the text as content, the sender as petitioner', () => {
    const result = petitionFromMail(
      {
        subject: ' 路灯不亮 ',
        text: '青山镇新街路灯一个月没亮了。',
        fromAddress: 'Wang@Example.CN',
        fromName: '王五',
      },
      false,
    );
    expect(result).toEqual({
      ok: true,
      fields: {
        title: '路灯不亮',
        content: '青山镇新街路灯一个月没亮了。',
        email: 'wang@example.cn',
        name: '王五',
        contentTruncated: false,
      },
    });
  });

  it('quarantines mail without a usable sender, or without any text or attachment', () => {
    expect(petitionFromMail({ subject: 'x', text: 'hello there' }, false)).toEqual({
      ok: false,
      reason: 'no-sender',
    });
    expect(petitionFromMail({ fromAddress: 'not an address', text: 'hello' }, false)).toMatchObject({
      ok: false,
    });
    expect(petitionFromMail({ fromAddress: 'a@example.cn', subject: '  ', text: '\n' }, false)).toEqual({
      ok: false,
      reason: 'empty',
    });
  });

  it('fills in what is missing so the petition schema accepts it', () => {
    const noSubject = petitionFromMail(
      { fromAddress: 'a@example.cn', text: '\n\n请修一下村口的桥\n谢谢' },
      false,
    );
    expect(noSubject.ok && noSubject.fields.title).toBe('请修一下村口的桥');
    const onlyAttachment = petitionFromMail({ fromAddress: 'a@example.cn' }, true);
    expect(onlyAttachment.ok && onlyAttachment.fields).toMatchObject({
      title: '电子邮件来信',
      content: '（邮件正文为空，内容见附件）',
    });
    const short = petitionFromMail({ fromAddress: 'a@example.cn', subject: '求助', text: '急' }, false);
    expect(short.ok && short.fields.content).toBe('求助：急');
  });

  it('caps long subjects and bodies with a visible note, and removes control characters', () => {
    const result = petitionFromMail(
      {
        fromAddress: 'a@example.cn',
        subject: '长'.repeat(200),
        text: `开头\u0000\u202e${'很长的正文。'.repeat(1000)}`,
      },
      false,
    );
    if (!result.ok) throw new Error('expected a petition');
    expect([...result.fields.title]).toHaveLength(TITLE_MAX);
    expect([...result.fields.content].length).toBeLessThanOrEqual(CONTENT_MAX - 300);
    expect(result.fields.content.startsWith('开头很长的正文。')).toBe(true);
    expect(result.fields.content).toContain('全文见原始邮件');
    expect(result.fields.contentTruncated).toBe(true);
  });

  it('takes only a phone number the sender labelled as theirs', () => {
    expect(labelledPhoneIn('联系电话：138 1234 5678')).toBe('13812345678');
    expect(labelledPhoneIn('手机号码: +86 139-0000-1111')).toBe('13900001111');
    expect(labelledPhoneIn('电话 0571-88886666')).toBe('0571-88886666');
    expect(labelledPhoneIn('邻居 13812345678 一直不接电话')).toBeUndefined();
    expect(labelledPhoneIn('电话：123')).toBeUndefined();
  });

  it('uses the display name only when it is one', () => {
    const named = (fromName: string) =>
      petitionFromMail({ fromAddress: 'a@example.cn', text: '内容足够长了', fromName }, false);
    expect(named('"张三"')).toMatchObject({ fields: { name: '张三' } });
    expect(named('a@example.cn')).not.toMatchObject({ fields: { name: expect.anything() } });
  });

  it('lists kept and dropped attachments', () => {
    expect(attachmentNote([], [])).toBe('');
    expect(attachmentNote(['照片.png'], [{ filename: 'x.exe', reason: 'type' }])).toBe(
      '\n【附件】\n已保存 1 个：照片.png\n未保存 1 个（原始邮件已存档）：x.exe（类型不允许）',
    );
  });
});

describe('the town a text is about', () => {
  it('finds the longest catalog name, then a name without its suffix', () => {
    expect(findJurisdiction('东城街道幸福小区', demoCounty.jurisdictions)).toBe('dongcheng');
    expect(findJurisdiction('溪口村茶园', demoCounty.jurisdictions)).toBe('xikou');
    expect(findJurisdiction('城关镇人民路', demoCounty.jurisdictions)).toBe('chengguan');
    expect(findJurisdiction('隔壁县的事', demoCounty.jurisdictions)).toBeNull();
  });
});
