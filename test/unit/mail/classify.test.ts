import { describe, expect, it } from 'vitest';
import { classifyMail, type OwnMail, readHeaderLines } from '../../../shared/domain/mail/classify.ts';
import { outgoingMailHeaders } from '../../../shared/domain/mail/outgoing-headers.ts';

const message = (headers: string, body = 'hello') =>
  readHeaderLines(Buffer.from(`${headers.trim().split('\n').join('\r\n')}\r\n\r\n${body}`));

const person = `Return-Path: <li.si@example.cn>
From: 李四 <li.si@example.cn>
To: xinfang@mail.huiyin.example.cn
Subject: test
Message-ID: <abc@example.cn>`;

describe('machine mail is recognised before anything is parsed', () => {
  it('lets a person’s message through, Auto-Submitted: no included', () => {
    expect(classifyMail(message(person))).toEqual({ kind: 'person' });
    expect(classifyMail(message(`${person}\nAuto-Submitted: no`))).toEqual({ kind: 'person' });
    expect(classifyMail(message(person), 'li.si@example.cn')).toEqual({ kind: 'person' });
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'auto-submitted'],
    ['Auto-Submitted: auto-generated', 'auto-submitted'],
    ['auto-submitted: Auto-Notified', 'auto-submitted'],
    ['Precedence: bulk', 'precedence'],
    ['Precedence: junk', 'precedence'],
    ['Precedence: list', 'precedence'],
    ['Precedence: auto_reply', 'precedence'],
    ['X-Autoreply: yes', 'autoreply-header'],
    ['X-Autorespond: 1', 'autoreply-header'],
    ['X-Auto-Response-Suppress: All', 'auto-response-suppress'],
    ['List-Id: <residents.example.cn>', 'mailing-list'],
    ['List-Unsubscribe: <mailto:leave@example.cn>', 'mailing-list'],
    ['List-Post: <mailto:residents@example.cn>', 'mailing-list'],
    ['List-Archive: <https://lists.example.cn/>', 'mailing-list'],
  ])('refuses %s', (header, reason) => {
    expect(classifyMail(message(`${person}\n${header}`))).toEqual({ kind: 'automatic', reason });
  });

  it('refuses bounces: an empty return path, in the header or the envelope, and delivery reports', () => {
    const bounce = person.replace('Return-Path: <li.si@example.cn>', 'Return-Path: <>');
    expect(classifyMail(message(bounce))).toEqual({ kind: 'automatic', reason: 'null-return-path' });
    expect(classifyMail(message(person), '')).toEqual({ kind: 'automatic', reason: 'null-return-path' });
    expect(
      classifyMail(
        message(`${person}\nContent-Type: multipart/report; report-type=delivery-status;\n boundary="x"`),
      ),
    ).toEqual({ kind: 'automatic', reason: 'delivery-report' });
    expect(classifyMail(message(person.replace('李四 <li.si@', 'MAILER-DAEMON <mailer-daemon@')))).toEqual({
      kind: 'automatic',
      reason: 'mailer-daemon',
    });
  });

  it('reads folded headers and stops at the body', () => {
    const headers = message(`${person}\nPrecedence:\n  bulk`, 'Auto-Submitted: auto-replied');
    expect(headers.get('precedence')).toEqual(['bulk']);
    expect(headers.has('auto-submitted')).toBe(false);
  });

  it('never throws on garbage', () => {
    expect(classifyMail(readHeaderLines(Buffer.from('\u0000\u0001 no headers at all')))).toEqual({
      kind: 'person',
    });
    expect(classifyMail(readHeaderLines(Buffer.alloc(0)))).toEqual({ kind: 'person' });
  });
});

describe('the system and its own mail (RFC 3834 both ways)', () => {
  const own: OwnMail = {
    addresses: ['noreply@huiyin.example.cn'],
    messageIdDomains: ['huiyin.example.cn', 'amazonses.com'],
  };

  it('never takes mail from its own addresses, in From, Sender or the envelope', () => {
    const from = (header: string) => message(person.replace('From: 李四 <li.si@example.cn>', header));
    expect(classifyMail(from('From: 回音 <NoReply@huiyin.example.cn>'), undefined, own)).toEqual({
      kind: 'automatic',
      reason: 'own-address',
    });
    expect(classifyMail(message(person), 'noreply@huiyin.example.cn', own)).toMatchObject({
      reason: 'own-address',
    });
    expect(
      classifyMail(message(`${person}\nSender: noreply@huiyin.example.cn`), undefined, own),
    ).toMatchObject({ reason: 'own-address' });
    expect(classifyMail(message(person), 'li.si@example.cn', own)).toEqual({ kind: 'person' });
  });

  it('knows a reply to one of its notices by the Message-ID it names, marked or not', () => {
    for (const header of [
      'In-Reply-To: <0b1c2d@huiyin.example.cn>',
      'References: <x@example.cn>\n <0100018c-aaaa@us-east-1.amazonses.com>',
      'In-Reply-To: <0100018c-aaaa@email.amazonses.com>',
    ])
      expect(classifyMail(message(`${person}\n${header}`), undefined, own)).toEqual({
        kind: 'reply-to-notice',
      });
    // Someone else's thread, and a look-alike domain, are a person's mail.
    for (const header of ['In-Reply-To: <abc@example.cn>', 'In-Reply-To: <abc@notamazonses.com>'])
      expect(classifyMail(message(`${person}\n${header}`), undefined, own)).toEqual({ kind: 'person' });
  });

  it('marks everything it sends as automatic', () => {
    expect(outgoingMailHeaders('registered')).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
    expect(outgoingMailHeaders('replied')).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
    // What the system sends is what its own mailbox refuses.
    const sent = Object.entries(outgoingMailHeaders('surveyInvitation'))
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
    expect(classifyMail(message(`${person}\n${sent}`))).toMatchObject({ kind: 'automatic' });
  });
});
