import { dayOfWeek, parseLocalDate } from '../domain/calendar/shanghai-time.ts';
import { smsVariables } from '../domain/notifications/sms-variables.ts';
import { renderNotification, type TemplateContext } from '../domain/notifications/templates.ts';
import type { Catalog } from '../domain/reference/model.ts';
import type { StaffUser } from '../domain/users/model.ts';
import { logger } from '../logging/logger.ts';
import type {
  DeliveryAttempt,
  NotificationChannel,
  NotificationLedger,
  NotificationTransport,
} from '../ports/notification-transport.ts';
import type { ReceptionStore } from '../ports/reception-store.ts';
import type { ReceptionReminderMessage } from '../schemas/messages.ts';
import { digest, sendOnce } from './send-notification.ts';

/**
 * The reminder the day before a reception day: SMS (and e-mail, when known) to each representative on the
 * roster, e-mail to the studio's liaison officers, and a console notice to the studio's unit. Not about a
 * case, so its ledger ids are its own: `reception:<studioId>:<date>:receptionReminder:<channel>:<digest>`,
 * claimed before sending like every notification, so each person is reminded once per reception day.
 */

export interface ReceptionReminderDeps {
  readonly store: Pick<ReceptionStore, 'byStudioAndMonth'>;
  readonly catalog: () => Promise<Catalog>;
  readonly staff: () => Promise<readonly StaffUser[]>;
  readonly ledger: NotificationLedger;
  readonly transport: NotificationTransport;
  readonly console: NotificationTransport;
}

const weekdays = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
/** `2026-12-10` → `12月10日（周四）`. */
export function formatReceptionDate(date: string): string {
  const local = parseLocalDate(date);
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日（${weekdays[dayOfWeek(local)]}）`;
}

export async function sendReceptionReminder(
  deps: ReceptionReminderDeps,
  message: ReceptionReminderMessage,
  now: Date,
  attempt?: DeliveryAttempt,
): Promise<number> {
  const catalog = await deps.catalog();
  const studio = catalog.studios.find((candidate) => candidate.studioId === message.studioId);
  const day = (await deps.store.byStudioAndMonth(message.studioId, message.date.slice(0, 7))).find(
    (candidate) => candidate.date === message.date,
  );
  // Cancelled (unpublished or removed) since the job asked: nobody is reminded.
  if (!studio || !day?.published) return 0;

  const context: TemplateContext = {
    trackingCode: '',
    trackUrl: '',
    reception: {
      studioName: studio.nameZh,
      address: studio.address,
      date: formatReceptionDate(day.date),
      ...(day.hours ? { hours: day.hours } : {}),
      representativeNames: day.representatives.map((representative) => representative.name),
    },
  };
  const rendered = renderNotification('receptionReminder', context);
  const recipients: { channel: NotificationChannel; to: string }[] = [];
  for (const onDuty of day.representatives) {
    const contact = studio.representatives?.find(
      (representative) => representative.representativeId === onDuty.representativeId,
    );
    if (contact?.phone) recipients.push({ channel: 'sms', to: contact.phone });
    if (contact?.email) recipients.push({ channel: 'email', to: contact.email });
  }
  const liaisons = (await deps.staff()).filter(
    (user) => user.role === 'liaison' && user.studioId === studio.studioId && !user.disabled,
  );
  for (const liaison of liaisons) if (liaison.email) recipients.push({ channel: 'email', to: liaison.email });
  recipients.push({ channel: 'console', to: studio.triageUnitId });

  let sent = 0;
  for (const recipient of recipients) {
    const delivered = await sendOnce(
      deps,
      now,
      {
        id: `reception:${studio.studioId}:${day.date}:receptionReminder:${recipient.channel}:${digest(recipient.to)}`,
        channel: recipient.channel,
        to: recipient.to,
        ...(recipient.channel === 'sms'
          ? { variables: smsVariables('receptionReminder', context) }
          : { subject: rendered.emailSubject }),
        body: recipient.channel === 'sms' ? rendered.sms : rendered.emailBody,
        // Not about a case (as with one-time codes): no case id, no tracking code.
        caseId: '',
        trackingCode: '',
        template: 'receptionReminder',
      },
      attempt,
    );
    if (delivered) sent++;
  }
  logger.info('reception reminder', { studioId: studio.studioId, date: day.date, sent });
  return sent;
}
