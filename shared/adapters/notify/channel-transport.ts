import type { NotificationTransport, OutgoingNotification } from '../../ports/notification-transport.ts';

type Channel = OutgoingNotification['channel'];

/**
 * SMS and e-mail by their own transports (e.g. Tencent Cloud SMS and SMTP in AWS China, SNS and SES elsewhere).
 * Each is obtained when its channel first sends, so a function that sends only SMS never needs mail settings.
 */
export class ChannelTransport implements NotificationTransport {
  readonly #byChannel: Readonly<Partial<Record<Channel, () => NotificationTransport>>>;

  constructor(byChannel: {
    readonly sms: () => NotificationTransport;
    readonly email: () => NotificationTransport;
  }) {
    this.#byChannel = byChannel;
  }

  async send(notification: OutgoingNotification): Promise<void> {
    const transport = this.#byChannel[notification.channel];
    if (!transport) throw new Error(`no transport sends ${notification.channel} notifications`);
    return transport().send(notification);
  }
}
