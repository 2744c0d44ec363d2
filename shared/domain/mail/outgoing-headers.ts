import type { NotificationTemplate } from '../../schemas/messages.ts';

/**
 * Every e-mail the system sends says it was sent by a machine (RFC 3834 §5), so that well-behaved
 * responders never answer it: `auto-replied` for the acknowledgement of a petition (it answers what the
 * petitioner sent), `auto-generated` for every other notice. `X-Auto-Response-Suppress: All` asks Exchange and
 * Outlook not to send out-of-office or read receipts back. The mailbox, for its part, treats whatever answers
 * a notice anyway as "not a new petition" (classify.ts).
 */
export interface MailHeader {
  readonly name: string;
  readonly value: string;
}

export function outgoingMailHeaders(template: NotificationTemplate): readonly MailHeader[] {
  return [
    { name: 'Auto-Submitted', value: template === 'registered' ? 'auto-replied' : 'auto-generated' },
    { name: 'X-Auto-Response-Suppress', value: 'All' },
  ];
}
