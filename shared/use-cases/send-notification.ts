import { createHash } from 'node:crypto';
import { unrecordedView } from '../domain/case/confidential-access.ts';
import type { Case } from '../domain/case/model.ts';
import { type UnitNoticeKind, unitRecipients } from '../domain/case/ownership.ts';
import { smsVariables } from '../domain/notifications/sms-variables.ts';
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
import {
  type DeliveryAttempt,
  type NotificationChannel,
  type NotificationLedger,
  NotificationSendError,
  type NotificationTransport,
  type OnceTransport,
  type OutgoingNotification,
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
  /** Console notices (every stage); with `sendOnce`, each is written with its ledger entry in one step. */
  readonly console: NotificationTransport & Partial<Pick<OnceTransport, 'sendOnce'>>;
  readonly publicBaseUrl: () => string;
  readonly surveySecret: () => string;
  /** Clears the pending-notice marker once everyone has the notice (dispatch-event.ts writes it). */
  readonly pendingNotices?: Pick<PendingNoticeStore, 'remove'>;
}

interface Recipient {
  readonly channel: NotificationChannel;
  readonly to: string;
}

function unitNoticeKind(template: NotifyMessage['template']): UnitNoticeKind {
  if (template === 'reminder') return 'reminder';
  return template === 'yellowCard' || template === 'redCard' ? 'card' : 'other';
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
        // The person who works the case first, then the unit lead (ownership.ts).
        ...emails(unitRecipients(item, staff, unitNoticeKind(message.template))),
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
    // Notices (bell, e-mail) are read by whole units and every supervisor: a confidential title stays masked.
    title: unrecordedView(item).title,
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

/** A message handled outside a queue (or in a test) gets one attempt: its failure is final. */
const ONLY_ATTEMPT: DeliveryAttempt = { number: 1, of: 1 };

/** What the ledger records of a failure: a provider's code or an error's name, never a message. */
export function failureCode(error: unknown): string {
  if (error instanceof NotificationSendError) return error.code;
  const named = error as { code?: unknown; name?: unknown };
  const code = typeof named.code === 'string' && named.code ? named.code : String(named.name ?? 'Error');
  return code.replace(/[^\w.:-]/g, '').slice(0, 100) || 'Error';
}

/**
 * Sends one notification unless the ledger says it was sent: claimed before sending, marked sent after. A
 * failed send is recorded on its ledger entry and thrown, so the queue retries it (SQS redelivery up to the
 * queue's `maxReceiveCount`); the attempt that reaches it records `failed` before the message moves to the DLQ.
 * A recipient the transport calls undeliverable is recorded `failed` at once and not retried. Returns whether
 * this call sent it. Every kind of notification goes through here.
 */
export async function sendOnce(
  deps: Pick<SendNotificationDeps, 'ledger' | 'transport' | 'console'>,
  now: Date,
  notification: OutgoingNotification,
  attempt: DeliveryAttempt = ONLY_ATTEMPT,
): Promise<boolean> {
  if (notification.channel === 'console' && deps.console.sendOnce) {
    // Nothing to record on failure: the write failed as a whole, and the queue retries it.
    const outcome = await deps.console.sendOnce(notification, now);
    if (outcome === 'in-progress')
      throw new Error(`notification ${notification.id} is being sent by another worker`);
    return outcome === 'sent-now';
  }
  const claim = await deps.ledger.claim(notification.id, now);
  if (claim === 'sent') return false;
  if (claim === 'in-progress')
    throw new Error(`notification ${notification.id} is being sent by another worker`);
  try {
    await (notification.channel === 'console' ? deps.console : deps.transport).send(notification);
  } catch (error) {
    const undeliverable = error instanceof NotificationSendError && error.undeliverable;
    const final = undeliverable || attempt.number >= attempt.of;
    const code = failureCode(error);
    await deps.ledger.markFailed(notification.id, { code, attempt: attempt.number, final }, now);
    logger.warn('notification not sent', {
      notificationId: notification.id,
      channel: notification.channel,
      code,
      attempt: attempt.number,
      final,
    });
    if (undeliverable) return false;
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
  attempt: DeliveryAttempt = ONLY_ATTEMPT,
  /** The case, when the caller has just read it (the unit's notice on delivery): one read fewer. */
  known?: Case,
): Promise<number> {
  const item = known?.caseId === message.caseId ? known : await deps.store.get(message.caseId);
  if (!item) return 0; // A case that does not exist owes nothing; its marker (if any) expires with TTL.
  const [catalog, staff] = await Promise.all([
    deps.catalog(),
    message.audience === 'petitioner' ? Promise.resolve([]) : deps.staff(),
  ]);
  const context = await contextFor(deps, message, item, catalog);
  const rendered = renderNotification(message.template, context);
  const clearMarker = async () => {
    if (message.pendingDueAt && deps.pendingNotices)
      await deps.pendingNotices.remove({
        caseId: message.caseId,
        version: message.version,
        template: message.template,
        audience: message.audience,
        dueAt: message.pendingDueAt,
      });
  };
  let sent = 0;
  try {
    for (const recipient of recipientsFor(message, item, catalog, staff)) {
      // The recipient is hashed into the id: ledger keys must not hold phone numbers.
      const id = `${message.caseId}:${message.version}:${message.template}:${recipient.channel}:${digest(recipient.to)}`;
      const delivered = await sendOnce(
        deps,
        now,
        {
          id,
          channel: recipient.channel,
          to: recipient.to,
          ...(recipient.channel === 'sms'
            ? { variables: smsVariables(message.template, context) }
            : { subject: rendered.emailSubject }),
          body: recipient.channel === 'sms' ? rendered.sms : rendered.emailBody,
          caseId: item.caseId,
          trackingCode: item.trackingCode,
          template: message.template,
        },
        attempt,
      );
      if (delivered) sent++;
    }
  } catch (error) {
    // The last attempt failed: the ledger says `failed` and the message moves to the DLQ, whose alarm and
    // redrive own it from now on. The marker goes, or the sweep would resend it every few minutes for ever.
    if (attempt.number >= attempt.of) await clearMarker();
    throw error;
  }
  await clearMarker();
  logger.info('notified', {
    caseId: item.caseId,
    template: message.template,
    audience: message.audience,
    sent,
  });
  return sent;
}
