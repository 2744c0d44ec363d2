import { MailparserParser } from '../../adapters/mail/mailparser-parser.ts';
import type { MailParser } from '../../ports/mail-parser.ts';
import type { MailboxDeps } from '../../use-cases/mailbox.ts';
import { once } from '../once.ts';
import { attachmentStore } from './attachments.ts';
import { caseStore } from './case-store.ts';
import { catalog } from './catalog.ts';
import { inboundMailStore } from './inbound-mail.ts';
import { rawMailStore } from './raw-mail.ts';

export const mailParser = /* @__PURE__ */ once<MailParser>(() => new MailparserParser());

/** What the mailbox use case needs, whichever way the message arrived (SES, IMAP). */
export const mailboxDeps = (): MailboxDeps => ({
  store: caseStore(),
  catalog,
  rawMail: rawMailStore(),
  attachments: attachmentStore(),
  inbox: inboundMailStore(),
  parser: mailParser(),
});
