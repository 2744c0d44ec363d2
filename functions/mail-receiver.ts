import { deliveriesOf, inboundMailEventSchema } from '../shared/domain/mail/inbound-event.ts';
import { logger } from '../shared/logging/logger.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { inboundMailStore } from '../shared/runtime/deps/inbound-mail.ts';
import { mailParser, ownMail, rawMailStore } from '../shared/runtime/deps/mailbox.ts';
import { rateLimiter, rateLimits } from '../shared/runtime/deps/rate-limiter.ts';
import { type MailboxResult, receiveMail } from '../shared/use-cases/mailbox.ts';

/**
 * The mailbox: SES stores each message in the mail bucket and invokes this function (asynchronously, so
 * Lambda retries a failure twice); the local SMTP listener does the same. One event may carry several
 * messages; each is taken in on its own, and a failure of one does not hide the others' outcomes.
 */
export const handler = async (event: unknown): Promise<{ results: MailboxResult[] }> => {
  const parsed = inboundMailEventSchema.safeParse(event);
  if (!parsed.success) {
    logger.error('not a mail event', { issues: parsed.error.issues.length });
    throw new Error('mail-receiver: event is neither an SES receipt nor an S3 notification');
  }
  const limits = rateLimits();
  const deps = {
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
  const settled = await Promise.allSettled(
    deliveriesOf(parsed.data).map((delivery) => receiveMail(deps, delivery, new Date())),
  );
  const failed = settled.filter((outcome) => outcome.status === 'rejected');
  if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
  return { results: settled.map((outcome) => (outcome as PromiseFulfilledResult<MailboxResult>).value) };
};
