import { createHash } from 'node:crypto';
import { readHeaderLines } from './classify.ts';
import { type MailDelivery, RAW_MAIL_PREFIX } from './inbound-event.ts';

/**
 * A message read from the county's mailbox over IMAP, described as the mailbox use case takes deliveries
 * (the shape an SES receipt becomes). Its name is the hash of its bytes: the same message read again after a
 * crash gets the same mail-bucket key and the same delivery id, so nothing is stored or registered twice even
 * when it has no Message-ID. IMAP knows no SMTP envelope: the receiving server's `Return-Path` header (read
 * by the loop rules) stands for the envelope sender, and its `Delivered-To` / `X-Original-To` for the
 * recipients.
 */

const ADDRESS = /[^\s<>,;"']+@[^\s<>,;"']+/g;

export function imapDelivery(raw: Uint8Array, mailboxAddress: string): MailDelivery {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const deliveryId = `imap-${createHash('sha256').update(bytes).digest('hex').slice(0, 40)}`;
  const headers = readHeaderLines(bytes);
  const delivered = ['delivered-to', 'x-original-to'].flatMap((name) =>
    (headers.get(name) ?? []).flatMap((value) => value.match(ADDRESS) ?? []),
  );
  return {
    bucket: null,
    key: `${RAW_MAIL_PREFIX}${deliveryId}`,
    deliveryId,
    recipients:
      delivered.length > 0
        ? [...new Set(delivered.map((address) => address.toLowerCase()))]
        : [mailboxAddress],
    virusFound: false,
    // The county's provider marks spam it lets through (SpamAssassin's header, which most servers use).
    spamFound: /^\s*yes\b/i.test(headers.get('x-spam-flag')?.[0] ?? ''),
  };
}
