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
}

/** SMS and e-mail leave the system through this port: SNS/SES in the cloud, the outbox on one machine. */
export interface NotificationTransport {
  send(notification: OutgoingNotification): Promise<void>;
}

/** Remembers what was sent, so at-least-once delivery of queue messages sends each notification once. */
export interface NotificationLedger {
  /** Claims the right to send; false when it was sent already or another worker is sending it right now. */
  claim(id: string, now: Date): Promise<'claimed' | 'sent' | 'in-progress'>;
  markSent(id: string, now: Date): Promise<void>;
  release(id: string): Promise<void>;
}
