import { ImapMailbox } from '../../adapters/mail/imap-mailbox.ts';
import type { ImapSettings } from '../../config/mail-env.ts';
import type { MailDelivery } from '../../domain/mail/inbound-event.ts';
import type { RemoteMailbox } from '../../ports/remote-mailbox.ts';
import { MAX_IMAP_MESSAGE_BYTES } from '../../use-cases/imap-poll.ts';
import type { MailboxResult } from '../../use-cases/mailbox.ts';
import { readCountySecret } from './secrets.ts';

/** The county's mailbox over IMAP (AWS China); its password from Secrets Manager on each connection's login. */
export const remoteMailbox = (settings: ImapSettings): RemoteMailbox =>
  new ImapMailbox({
    ...settings,
    password: () => readCountySecret('imapPassword', settings.passwordSecret),
    maxMessageBytes: MAX_IMAP_MESSAGE_BYTES,
  });

let intake: Promise<(delivery: MailDelivery) => Promise<MailboxResult>> | undefined;

/**
 * The mailbox use case (`receiveMail` with the case store, the catalog, the calendar and the mail parser),
 * loaded when the first message of a container arrives. The poller runs every two minutes and mostly finds the
 * inbox empty; such runs load only the IMAP client. A failed load is tried again with the next message.
 */
export function receiveMailOnDemand(delivery: MailDelivery): Promise<MailboxResult> {
  if (!intake) {
    intake = Promise.all([import('./mailbox.ts'), import('../../use-cases/mailbox.ts')]).then(
      ([{ mailboxDeps }, { receiveMail }]) =>
        (next: MailDelivery) =>
          receiveMail(mailboxDeps(), next, new Date()),
    );
    intake.catch(() => {
      intake = undefined;
    });
  }
  return intake.then((receive) => receive(delivery));
}
