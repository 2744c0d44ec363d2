import type { NotificationTransport, OutgoingNotification } from '../../ports/notification-transport.ts';

/** SMS and e-mail by their own transports (e.g. Tencent Cloud SMS and SMTP in AWS China, SNS and SES elsewhere). */
export class ChannelTransport implements NotificationTransport {
  readonly #byChannel: Readonly<Partial<Record<OutgoingNotification['channel'], NotificationTransport>>>;

  constructor(byChannel: { readonly sms: NotificationTransport; readonly email: NotificationTransport }) {
    this.#byChannel = byChannel;
  }

  send(notification: OutgoingNotification): Promise<void> {
    const transport = this.#byChannel[notification.channel];
    if (!transport) throw new Error(`no transport sends ${notification.channel} notifications`);
    return transport.send(notification);
  }
}
