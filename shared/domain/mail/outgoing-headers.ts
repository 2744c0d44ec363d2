import { createHash } from 'node:crypto';
import type { NotificationTemplate } from '../../schemas/messages.ts';

/**
 * Every e-mail the system sends says it was sent by a machine (RFC 3834 §5), so that well-behaved
 * responders never answer it: `auto-replied` for the acknowledgement of a petition (it answers what the
 * petitioner sent), `auto-generated` for every other notice. `X-Auto-Response-Suppress: All` asks Exchange and
 * Outlook not to send out-of-office or read receipts back. The mailbox, for its part, treats whatever answers
 * a notice anyway as "not a new petition" (classify.ts). Every e-mail transport (SES, SMTP, the local outbox)
 * sends these, plus any header the notification itself carries.
 */
export function outgoingMailHeaders(
  template: NotificationTemplate,
  extra: Readonly<Record<string, string>> = {},
): Readonly<Record<string, string>> {
  return {
    'Auto-Submitted': template === 'registered' ? 'auto-replied' : 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    ...extra,
  };
}

/**
 * The Message-ID of a notification's e-mail (without angle brackets), derived from its id: a message sent
 * again after a crash carries the same one, and a reply naming it is recognised under the sender's domain
 * (`ownMail` in the mailbox's wiring).
 */
export function notificationMessageId(notificationId: string, senderDomain: string): string {
  return `${createHash('sha256').update(notificationId).digest('hex').slice(0, 32)}@${senderDomain}`;
}
