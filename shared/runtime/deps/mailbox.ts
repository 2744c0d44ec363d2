import { MailparserParser } from '../../adapters/mail/mailparser-parser.ts';
import { S3AttachmentStore } from '../../adapters/s3/s3-attachment-store.ts';
import { bucketName, emailSender, s3Endpoint } from '../../config/env.ts';
import type { OwnMail } from '../../domain/mail/classify.ts';
import type { MailParser } from '../../ports/mail-parser.ts';
import { once } from '../once.ts';

/** The mail bucket (raw messages written by SES, or by the local SMTP listener). */
export const rawMailStore = /* @__PURE__ */ once(() => {
  const endpoint = s3Endpoint();
  return new S3AttachmentStore({ bucket: bucketName('mail'), ...(endpoint ? { endpoint } : {}) });
});

export const mailParser = /* @__PURE__ */ once<MailParser>(() => new MailparserParser());

/**
 * The system's own mail: it sends from EMAIL_SENDER; SES gives what it sends Message-IDs under
 * `amazonses.com` (any region), the local outbox under the sender's domain.
 */
export const ownMail = /* @__PURE__ */ once<OwnMail>(() => {
  const sender = emailSender();
  return { addresses: [sender], messageIdDomains: [sender.split('@')[1]!, 'amazonses.com'] };
});
