import { renderNotification, type TemplateContext } from '../../domain/notifications/templates.ts';
import { type StaffUser, staffRoleNamesZh } from '../../domain/users/model.ts';
import { logger } from '../../logging/logger.ts';
import type { AccountRequestStore } from '../../ports/account-requests.ts';
import type {
  DeliveryAttempt,
  NotificationChannel,
  NotificationLedger,
  NotificationTransport,
} from '../../ports/notification-transport.ts';
import type { AccountNoticeMessage } from '../../schemas/messages.ts';
import { digest, sendOnce } from '../send-notification.ts';

/**
 * Tells the county's supervisors of every step of an account change that needs a second person: the console's
 * bell of the supervisors and an e-mail to each active supervisor with an address. Not about a case, so its
 * ledger ids are its own (`account:<requestId>:<step>:accountRequest:<channel>:<digest>`), claimed before sending
 * like every notification: each supervisor hears of each step once however often the message arrives.
 */

export interface AccountNoticeDeps {
  readonly requests: Pick<AccountRequestStore, 'get'>;
  readonly staff: () => Promise<readonly StaffUser[]>;
  readonly ledger: NotificationLedger;
  readonly transport: NotificationTransport;
  readonly console: NotificationTransport;
}

export async function sendAccountNotice(
  deps: AccountNoticeDeps,
  message: AccountNoticeMessage,
  now: Date,
  attempt?: DeliveryAttempt,
): Promise<number> {
  const request = await deps.requests.get(message.requestId);
  if (!request) return 0;
  const context: TemplateContext = {
    trackingCode: '',
    trackUrl: '',
    account: {
      step: message.step,
      kind: request.kind,
      targetName: request.targetName,
      roleName: staffRoleNamesZh[request.after.role],
      requesterName: request.requestedBy.displayName,
      ...(message.step !== 'requested' && request.decidedBy
        ? { deciderName: request.decidedBy.displayName }
        : {}),
    },
  };
  const rendered = renderNotification('accountRequest', context);
  const supervisors = (await deps.staff()).filter(
    (user) => user.role === 'supervisor' && !user.disabled && user.email,
  );
  // Console and e-mail only: staff names do not go out by SMS.
  const recipients: { channel: NotificationChannel; to: string }[] = [
    { channel: 'console', to: 'supervisors' },
    ...supervisors.map((user) => ({ channel: 'email' as const, to: user.email! })),
  ];
  let sent = 0;
  for (const recipient of recipients) {
    const delivered = await sendOnce(
      deps,
      now,
      {
        id: `account:${request.requestId}:${message.step}:accountRequest:${recipient.channel}:${digest(recipient.to)}`,
        channel: recipient.channel,
        to: recipient.to,
        subject: rendered.emailSubject,
        body: rendered.emailBody,
        // Not about a case: no case id, no tracking code (the bell links to the account requests instead).
        caseId: '',
        trackingCode: '',
        template: 'accountRequest',
      },
      attempt,
    );
    if (delivered) sent++;
  }
  logger.info('account request notice', { requestId: request.requestId, step: message.step, sent });
  return sent;
}
