import { MailparserParser } from '../../adapters/mail/mailparser-parser.ts';
import { emailSender } from '../../config/env.ts';
import type { OwnMail } from '../../domain/mail/classify.ts';
import type { MailParser } from '../../ports/mail-parser.ts';
import type { MailboxDeps } from '../../use-cases/mailbox.ts';
import { once } from '../once.ts';
import { attachmentStore } from './attachments.ts';
import { caseStore } from './case-store.ts';
import { catalog } from './catalog.ts';
import { inboundMailStore } from './inbound-mail.ts';
import { rateLimiter, rateLimits } from './rate-limiter.ts';
import { rawMailStore } from './raw-mail.ts';

export const mailParser = /* @__PURE__ */ once<MailParser>(() => new MailparserParser());

/**
 * The system's own mail: it sends from EMAIL_SENDER; SES gives what it sends Message-IDs under
 * `amazonses.com` (any region), the SMTP transport and the local outbox under the sender's domain.
 */
export const ownMail = /* @__PURE__ */ once<OwnMail>(() => {
  const sender = emailSender();
  return { addresses: [sender], messageIdDomains: [sender.split('@')[1]!, 'amazonses.com'] };
});

/**
 * What the mailbox use case needs, whichever way the message arrived (SES, IMAP, the local SMTP listener):
 * the same mail-loop rules (own addresses and Message-IDs, the per-sender cap) and the same photo rebuilding.
 */
export const mailboxDeps = (): MailboxDeps => {
  const limits = rateLimits();
  return {
    store: caseStore(),
    catalog,
    rawMail: rawMailStore(),
    attachments: attachmentStore(),
    inbox: inboundMailStore(),
    parser: mailParser(),
    own: ownMail(),
    // RATE_LIMITS=off turns off the HTTP limits only: the mail-loop cap stays at its default then.
    senderLimit: { limiter: rateLimiter(), ...(limits === 'off' ? {} : { limit: limits.mailSender }) },
  };
};
