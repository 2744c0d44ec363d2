import { deliveriesOf, inboundMailEventSchema } from '../shared/domain/mail/inbound-event.ts';
import { logger } from '../shared/logging/logger.ts';
import { mailboxDeps } from '../shared/runtime/deps/mailbox.ts';
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
  const deps = mailboxDeps();
  const settled = await Promise.allSettled(
    deliveriesOf(parsed.data).map((delivery) => receiveMail(deps, delivery, new Date())),
  );
  const failed = settled.filter((outcome) => outcome.status === 'rejected');
  if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
  return { results: settled.map((outcome) => (outcome as PromiseFulfilledResult<MailboxResult>).value) };
};
