import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_NOTE_RESERVE,
  attachmentNote,
  labelledPhoneIn,
  petitionFromMail,
} from '../../../shared/domain/mail/petition.ts';
import { CONTENT_MAX, TITLE_MAX } from '../../../shared/schemas/petition.ts';

/** How an e-mail becomes a petition, rule by rule: the text people read on the case, pinned. */

const from = { fromAddress: 'Resident@Example.CN' };
const fields = (mail: Parameters<typeof petitionFromMail>[0], attachments = false) => {
  const result = petitionFromMail({ ...from, ...mail }, attachments);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.fields;
};

describe('the text of the mail', () => {
  it('joins Windows and old Mac line ends, drops control characters, trailing spaces and extra blank lines', () => {
    const { content } = fields({
      subject: '路灯',
      text: '第一行  \r\n第二行\t\r\r\r\n\n\n第三\u0007行\u202E  ',
    });
    expect(content).toBe('第一行\n第二行\n\n第三行');
  });

  it('makes the subject one line, and takes the first line of two characters or more when it is shorter', () => {
    expect(fields({ subject: '村口\r\n路灯\t不亮', text: '正文内容在这里' }).title).toBe('村口 路灯 不亮');
    expect(fields({ subject: '灯', text: '\n \n甲\n  门前路灯坏了  \n第二行' }).title).toBe('门前路灯坏了');
    expect(fields({ subject: '', text: '甲' }).title).toBe('电子邮件来信');
    // Two characters are enough; spaces around a shorter line do not make it long enough.
    expect(fields({ subject: '灯', text: '甲乙\n门前路灯坏了' }).title).toBe('甲乙');
    expect(fields({ subject: '灯', text: '甲\n 乙\n门前路灯坏了' }).title).toBe('门前路灯坏了');
    // A run of line breaks and tabs in the subject is one space.
    expect(fields({ subject: '村口\n\t路灯', text: '正文内容在这里' }).title).toBe('村口 路灯');
  });

  it('caps the title with an ellipsis, counting characters, not bytes', () => {
    const { title } = fields({ subject: '灯'.repeat(TITLE_MAX + 5), text: '正文内容在这里' });
    expect([...title]).toHaveLength(TITLE_MAX);
    expect(title.endsWith('…')).toBe(true);
    expect(fields({ subject: '灯'.repeat(TITLE_MAX), text: '正文内容在这里' }).title).toBe(
      '灯'.repeat(TITLE_MAX),
    );
  });

  it('caps the body below the content limit, leaving room for the attachment note, and says so', () => {
    const long = fields({ subject: '长信', text: '字'.repeat(CONTENT_MAX) });
    expect([...long.content]).toHaveLength(CONTENT_MAX - ATTACHMENT_NOTE_RESERVE);
    expect(long.content.endsWith('……（正文过长，以下从略，全文见原始邮件）')).toBe(true);
    expect(long.contentTruncated).toBe(true);
    const fits = fields({ subject: '长信', text: '字'.repeat(CONTENT_MAX - ATTACHMENT_NOTE_RESERVE) });
    expect(fits.contentTruncated).toBe(false);
    expect([...fits.content]).toHaveLength(CONTENT_MAX - ATTACHMENT_NOTE_RESERVE);
  });

  it('says the body is empty, pointing at the attachments when there are some, and puts a short body after the title', () => {
    expect(fields({ subject: '门前路灯', text: '' }, true).content).toBe('（邮件正文为空，内容见附件）');
    expect(fields({ subject: '门前路灯', text: '' }).content).toBe('（邮件正文为空）');
    expect(fields({ subject: '门前路灯', text: '灯坏了' }).content).toBe('门前路灯：灯坏了');
    expect(fields({ subject: '门前路灯', text: '门前的灯坏' }).content).toBe('门前的灯坏');
  });

  it('refuses mail without a usable sender, and mail with nothing in it', () => {
    expect(petitionFromMail({ subject: '路灯', text: '路灯坏了' }, false)).toEqual({
      ok: false,
      reason: 'no-sender',
    });
    expect(petitionFromMail({ fromAddress: 'not an address', text: '路灯坏了' }, false)).toEqual({
      ok: false,
      reason: 'no-sender',
    });
    expect(petitionFromMail({ fromAddress: '  ', text: '路灯坏了' }, false)).toEqual({
      ok: false,
      reason: 'no-sender',
    });
    expect(petitionFromMail({ ...from, subject: ' \u0007 ', text: '\r\n' }, false)).toEqual({
      ok: false,
      reason: 'empty',
    });
    expect(petitionFromMail({ ...from }, true).ok).toBe(true);
    expect(fields({ text: '路灯坏了很多天' }).email).toBe('resident@example.cn');
  });
});

describe('the sender’s name', () => {
  it('is the display name on one line, without quotes, when it is a name of 1 to 30 characters', () => {
    expect(fields({ fromName: '"张 三"', text: '路灯坏了很多天' }).name).toBe('张 三');
    expect(fields({ fromName: "'李四'", text: '路灯坏了很多天' }).name).toBe('李四');
    expect(fields({ fromName: '王\n五', text: '路灯坏了很多天' }).name).toBe('王 五');
    expect(fields({ fromName: '名'.repeat(30), text: '路灯坏了很多天' }).name).toBe('名'.repeat(30));
    // Only the quotes around the name go, not one inside it.
    expect(fields({ fromName: "O'Brien", text: '路灯坏了很多天' }).name).toBe("O'Brien");
  });

  it('is left out when it is an address, empty, or longer than 30 characters', () => {
    for (const fromName of ['resident@example.cn', '""', '  ', '名'.repeat(31), undefined])
      expect(
        fields({ ...(fromName === undefined ? {} : { fromName }), text: '路灯坏了很多天' }),
        String(fromName),
      ).not.toHaveProperty('name');
  });
});

describe('the phone number', () => {
  it('is only one the sender labelled, the first that is a phone number, from the subject or the text', () => {
    expect(labelledPhoneIn('联系电话：138 1234 5678')).toBe('13812345678');
    expect(labelledPhoneIn('手机号:13812345678')).toBe('13812345678');
    expect(labelledPhoneIn('Tel: +86 138-1234-5678')).toBeDefined();
    expect(labelledPhoneIn('电话 12 或者 手机 13912345678')).toBe('13912345678');
    // A labelled number that is no phone number is passed over for the next one.
    expect(labelledPhoneIn('电话 1234567，手机 13912345678')).toBe('13912345678');
    expect(labelledPhoneIn('邻居的号码是13812345678')).toBeUndefined();
    expect(fields({ subject: '路灯 电话13812345678', text: '路灯坏了很多天' }).phone).toBe('13812345678');
    expect(fields({ subject: '路灯', text: '路灯坏了很多天' })).not.toHaveProperty('phone');
  });
});

describe('the attachment note', () => {
  it('lists what was kept and what was not, with why, under its own heading', () => {
    expect(attachmentNote([], [])).toBe('');
    expect(attachmentNote(['a.jpg', 'b.pdf'], [])).toBe('\n【附件】\n已保存 2 个：a.jpg、b.pdf');
    expect(
      attachmentNote(
        [],
        [
          { filename: 'x.exe', reason: 'type' },
          { filename: 'big.png', reason: 'size' },
          { filename: '11.png', reason: 'count' },
          { filename: 'bad.jpg', reason: 'unreadable' },
        ],
      ),
    ).toBe(
      '\n【附件】\n未保存 4 个（原始邮件已存档）：x.exe（类型不允许）、big.png（超出大小限制）、11.png（超出数量限制）、bad.jpg（图片无法识别）',
    );
  });

  it('fits in the room kept for it', () => {
    const many = Array.from({ length: 40 }, (_, n) => `很长的附件文件名${n}.jpg`);
    const note = attachmentNote(many, []);
    expect([...note]).toHaveLength(ATTACHMENT_NOTE_RESERVE);
    expect(note.endsWith('…')).toBe(true);
  });
});
