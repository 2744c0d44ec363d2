import type { Context } from 'aws-lambda';
import { imapSettings } from '../shared/config/mail-env.ts';
import { logger } from '../shared/logging/logger.ts';
import { rawMailStore } from '../shared/runtime/deps/raw-mail.ts';
import { receiveMailOnDemand, remoteMailbox } from '../shared/runtime/deps/remote-mailbox.ts';
import { type ImapPollResult, pollMailbox } from '../shared/use-cases/imap-poll.ts';

/** Some messages stayed in the inbox because they could not be taken in; the next run tries them again. */
export class ImapPollIncompleteError extends Error {
  override readonly name = 'ImapPollIncompleteError';
}

/**
 * The `imap-poll` schedule: where SES receiving does not exist (AWS China), the county's mailbox is read over
 * IMAP and each new message goes through the same mailbox as SES mail (docs/intake-channels.md). Without
 * `MAIL_IMAP_HOST` (SES receives the mail, or one machine's SMTP listener does) the run does nothing. The
 * mailbox use case loads with the first message, so a run that finds the inbox empty loads only the IMAP client.
 */
export const handler = async (
  _event: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<ImapPollResult | { readonly skipped: 'no mailbox configured' }> => {
  const settings = imapSettings();
  if (!settings) return { skipped: 'no mailbox configured' };
  const result = await pollMailbox({
    mailbox: remoteMailbox(settings),
    rawMail: rawMailStore(),
    receive: receiveMailOnDemand,
    mailboxAddress: settings.address,
    batchSize: settings.batchSize,
    remainingMs: () => context.getRemainingTimeInMillis(),
  });
  if (result.waiting > 0) logger.info('mailbox polled', { ...result });
  // A run that left messages behind fails, so the function's error alarm shows it; the messages wait safely.
  if (result.failed > 0) throw new ImapPollIncompleteError(`${result.failed} message(s) left in the inbox`);
  return result;
};
