import { createHash } from 'node:crypto';
import type { Case } from '../domain/case/model.ts';
import {
  caseNoticeContext,
  formatDeadline,
  renderNotification,
  type TemplateContext,
  templatesNeedingEvent,
} from '../domain/notifications/templates.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { surveyToken } from '../domain/survey/token.ts';
import type { StaffUser } from '../domain/users/model.ts';
import { logger } from '../logging/logger.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type {
  NotificationChannel,
  NotificationLedger,
  NotificationTransport,
  OutgoingNotification,
} from '../ports/notification-transport.ts';
import type { PendingNoticeStore } from '../ports/pending-notices.ts';
import type { NotifyMessage } from '../schemas/messages.ts';

export interface SendNotificationDeps {
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
  readonly staff: () => Promise<readonly StaffUser[]>;
  readonly ledger: NotificationLedger;
  /** SMS and e-mail (SNS/SES in the cloud, the outbox locally). */
  readonly transport: NotificationTransport;
  /** Console notices (every stage). */
  readonly console: NotificationTransport;
  readonly publicBaseUrl: () => string;
  readonly surveySecret: () => string;
  /** Clears the pending-notice marker once everyone has the notice (dispatch-event.ts writes it). */
  readonly pendingNotices?: Pick<PendingNoticeStore, 'remove'>;
}

interface Recipient {
  readonly channel: NotificationChannel;
  readonly to: string;
}

function recipientsFor(
  message: NotifyMessage,
  item: Case,
  catalog: Catalog,
  staff: readonly StaffUser[],
): Recipient[] {
  const emails = (users: readonly StaffUser[]) =>
    users
      .filter((user) => user.email && !user.disabled)
      .map((user) => ({ channel: 'email' as const, to: user.email! }));
  switch (message.audience) {
    case 'petitioner':
      return [
        ...(item.petitioner.phone ? [{ channel: 'sms' as const, to: item.petitioner.phone }] : []),
        ...(item.petitioner.email ? [{ channel: 'email' as const, to: item.petitioner.email }] : []),
      ];
    case 'unit': {
      if (!item.unitId) return [];
      const unit = catalog.units.find((candidate) => candidate.unitId === item.unitId);
      return [
        { channel: 'console', to: item.unitId },
        ...(unit?.contactEmail ? [{ channel: 'email' as const, to: unit.contactEmail }] : []),
        ...emails(staff.filter((user) => user.role === 'handler' && user.unitId === item.unitId)),
      ];
    }
    case 'supervisors':
      return [
        { channel: 'console', to: 'supervisors' },
        ...emails(staff.filter((user) => user.role === 'supervisor')),
      ];
  }
}

async function contextFor(
  deps: SendNotificationDeps,
  message: NotifyMessage,
  item: Case,
  catalog: Catalog,
): Promise<TemplateContext> {
  const base = deps.publicBaseUrl().replace(/\/$/, '');
  const running = item.status === 'acknowledged' ? item.deadlines.replyBy : item.deadlines.acknowledgeBy;
  const context: Record<string, unknown> = {
    trackingCode: item.trackingCode,
    trackUrl: `${base}/track.html?code=${item.trackingCode}`,
    unitName: catalog.units.find((unit) => unit.unitId === item.unitId)?.nameZh,
    title: item.confidential ? '（保密件）' : item.title,
    ...(running ? { deadline: formatDeadline(running.at) } : {}),
  };
  if (message.template === 'surveyInvitation' && item.survey) {
    // Rebuilt from ids: no queue message or table item ever held the link itself.
    context.surveyUrl = `${base}/survey.html?t=${surveyToken(deps.surveySecret(), item.caseId, item.survey.round)}`;
  }
  const event = templatesNeedingEvent.has(message.template)
    ? await deps.store.event(item.caseId, message.version)
    : undefined;
  Object.assign(context, caseNoticeContext(message.template, item, event ?? undefined));
  // Without a phone (e-mail, Open311) the tracking page takes the PIN where it asks for the last four digits.
  if (message.template === 'registered' && !item.petitioner.phone && item.petitioner.trackingPin)
    context.trackingPin = item.petitioner.trackingPin;
  return context as unknown as TemplateContext;
}

/**
 * Sends one notification unless the ledger says it was sent: claimed before sending, marked sent after,
 * released if the transport fails (so the retry sends it). Every kind of notification goes through here.
 */
export async function sendOnce(
  deps: Pick<SendNotificationDeps, 'ledger' | 'transport' | 'console'>,
  now: Date,
  notification: OutgoingNotification,
): Promise<boolean> {
  const claim = await deps.ledger.claim(notification.id, now);
  if (claim === 'sent') return false;
  if (claim === 'in-progress')
    throw new Error(`notification ${notification.id} is being sent by another worker`);
  try {
    await (notification.channel === 'console' ? deps.console : deps.transport).send(notification);
  } catch (error) {
    await deps.ledger.release(notification.id);
    throw error;
  }
  await deps.ledger.markSent(notification.id, now);
  return true;
}

export const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Sends one notification to everyone in its audience, each exactly once: a ledger entry is claimed before
 * sending and marked sent after, so a message delivered twice (SQS is at-least-once) sends nothing twice.
 * A claim left behind by a crashed worker is taken over after a few minutes.
 */
export async function sendNotification(
  deps: SendNotificationDeps,
  message: NotifyMessage,
  now: Date,
): Promise<number> {
  const item = await deps.store.get(message.caseId);
  if (!item) return 0; // A case that does not exist owes nothing; its marker (if any) expires with TTL.
  const [catalog, staff] = await Promise.all([
    deps.catalog(),
    message.audience === 'petitioner' ? Promise.resolve([]) : deps.staff(),
  ]);
  const rendered = renderNotification(message.template, await contextFor(deps, message, item, catalog));
  let sent = 0;
  for (const recipient of recipientsFor(message, item, catalog, staff)) {
    // The recipient is hashed into the id: ledger keys must not hold phone numbers.
    const id = `${message.caseId}:${message.version}:${message.template}:${recipient.channel}:${digest(recipient.to)}`;
    const delivered = await sendOnce(deps, now, {
      id,
      channel: recipient.channel,
      to: recipient.to,
      ...(recipient.channel === 'sms' ? {} : { subject: rendered.emailSubject }),
      body: recipient.channel === 'sms' ? rendered.sms : rendered.emailBody,
      caseId: item.caseId,
      trackingCode: item.trackingCode,
      template: message.template,
    });
    if (delivered) sent++;
  }
  if (message.pendingDueAt && deps.pendingNotices)
    await deps.pendingNotices.remove({
      caseId: message.caseId,
      version: message.version,
      template: message.template,
      audience: message.audience,
      dueAt: message.pendingDueAt,
    });
  logger.info('notified', {
    caseId: item.caseId,
    template: message.template,
    audience: message.audience,
    sent,
  });
  return sent;
}
