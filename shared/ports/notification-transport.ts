import type { SmsVariableName } from '../domain/notifications/sms-variables.ts';
import type { NotificationTemplate } from '../schemas/messages.ts';

export type NotificationChannel = 'sms' | 'email' | 'console';

export interface OutgoingNotification {
  /** Stable identity: (case, version, template, channel, recipient); a repeat is recognised and dropped. */
  readonly id: string;
  readonly channel: NotificationChannel;
  /** A phone number, an e-mail address, or for `console` the unit id (or `supervisors`). */
  readonly to: string;
  readonly subject?: string;
  readonly body: string;
  readonly caseId: string;
  readonly trackingCode: string;
  readonly template: NotificationTemplate;
  /**
   * SMS only: the values this notice offers to a registered template (`domain/notifications/sms-variables.ts`).
   * Mainland providers send registered templates with variables, not free text (the Tencent Cloud transport).
   */
  readonly variables?: Readonly<Partial<Record<SmsVariableName, string>>>;
  /**
   * E-mail only: extra header fields the notification layer sets. Every e-mail transport forwards them along
   * with the RFC 3834 marks it adds to every message (`outgoingMailHeaders`).
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** SMS and e-mail leave the system through this port: SNS/SES or Tencent Cloud SMS/SMTP in the cloud, the outbox on one machine. */
export interface NotificationTransport {
  send(notification: OutgoingNotification): Promise<void>;
}

/**
 * A transport whose send is a write that can be committed together with the notice's ledger entry (the
 * console's bell): sent and recorded in one step, under the ledger's claim rule. `sent` and `in-progress` as
 * the ledger's claim answers them; `sent-now` when this call sent it.
 */
export interface OnceTransport extends NotificationTransport {
  sendOnce(notification: OutgoingNotification, now: Date): Promise<'sent-now' | 'sent' | 'in-progress'>;
}

/**
 * A transport could not send. `code` is the provider's error code (`LimitExceeded.PhoneNumberDailyLimit`,
 * `EENVELOPE`, …), never its message: provider messages may echo the phone number or address. `undeliverable`
 * means this recipient can never receive it as addressed (not a mobile number, refused by the provider for this
 * number, mailbox does not exist): retrying cannot help, so it is recorded as failed at once.
 */
export class NotificationSendError extends Error {
  override readonly name = 'NotificationSendError';

  constructor(
    readonly code: string,
    readonly undeliverable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`notification not sent (${code})`, options);
  }
}

/** Which delivery of a queue message this is: the attempt that reaches `of` is the last one before the DLQ. */
export interface DeliveryAttempt {
  readonly number: number;
  readonly of: number;
}

/** Remembers what was sent, so at-least-once delivery of queue messages sends each notification once. */
export interface NotificationLedger {
  /** Claims the right to send; false when it was sent already or another worker is sending it right now. */
  claim(id: string, now: Date): Promise<'claimed' | 'sent' | 'in-progress'>;
  markSent(id: string, now: Date): Promise<void>;
  /**
   * The send failed: the claim is given up (a retry may claim it again) and the failure is kept on the entry
   * (provider code, attempt). `final`: no retry will come (last attempt, or undeliverable), so the entry says
   * `failed` until a redrive sends it after all.
   */
  markFailed(
    id: string,
    failure: { readonly code: string; readonly attempt: number; readonly final: boolean },
    now: Date,
  ): Promise<void>;
}
