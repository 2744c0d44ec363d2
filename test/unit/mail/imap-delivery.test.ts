import { describe, expect, it } from 'vitest';
import { imapDelivery } from '../../../shared/domain/mail/imap-delivery.ts';

const raw = (headers: string[]) => new Uint8Array(Buffer.from(`${headers.join('\r\n')}\r\n\r\n路灯坏了\r\n`));

describe('a message read over IMAP as a mailbox delivery', () => {
  it('is named by its bytes, so reading it again after a crash gives the same key and delivery id', () => {
    const message = raw(['From: a@example.cn', 'Subject: test']);
    const once = imapDelivery(message, 'xinfang@qingxi.gov.cn');
    const again = imapDelivery(new Uint8Array(message), 'xinfang@qingxi.gov.cn');
    expect(again).toEqual(once);
    expect(once.key).toBe(`raw/${once.deliveryId}`);
    expect(once.deliveryId).toMatch(/^imap-[0-9a-f]{40}$/);
    expect(imapDelivery(raw(['From: a@example.cn', 'Subject: other']), 'x@y.cn').deliveryId).not.toBe(
      once.deliveryId,
    );
  });

  it("takes the recipients from the receiving server's headers, else the mailbox's own address", () => {
    const delivered = imapDelivery(
      raw([
        'Delivered-To: Studio-Xikou@qingxi.gov.cn',
        'X-Original-To: <xinfang@qingxi.gov.cn>',
        'From: a@b.cn',
      ]),
      'xinfang@qingxi.gov.cn',
    );
    expect(delivered.recipients).toEqual(['studio-xikou@qingxi.gov.cn', 'xinfang@qingxi.gov.cn']);
    expect(imapDelivery(raw(['From: a@b.cn']), 'xinfang@qingxi.gov.cn').recipients).toEqual([
      'xinfang@qingxi.gov.cn',
    ]);
    // A header without an address names no recipient.
    expect(
      imapDelivery(raw(['Delivered-To: undisclosed-recipients', 'From: a@b.cn']), 'xinfang@qingxi.gov.cn')
        .recipients,
    ).toEqual(['xinfang@qingxi.gov.cn']);
  });

  it("carries the provider's spam verdict and no envelope sender (the Return-Path header stands for it)", () => {
    expect(imapDelivery(raw(['X-Spam-Flag: YES', 'From: a@b.cn']), 'x@y.cn').spamFound).toBe(true);
    expect(imapDelivery(raw(['X-Spam-Flag: NO', 'From: a@b.cn']), 'x@y.cn').spamFound).toBe(false);
    // Only a verdict that starts with YES counts; IMAP brings no virus verdict.
    expect(imapDelivery(raw(['X-Spam-Flag: NO (a rule said yes)', 'From: a@b.cn']), 'x@y.cn').spamFound).toBe(
      false,
    );
    expect(imapDelivery(raw(['X-Spam-Flag: YES', 'From: a@b.cn']), 'x@y.cn').virusFound).toBe(false);
    expect(imapDelivery(raw(['From: a@b.cn']), 'x@y.cn').envelopeSender).toBeUndefined();
  });
});
