import { outgoingMailHeaders } from '../../domain/mail/outgoing-headers.ts';
import type { NotificationTransport, OutgoingNotification } from '../../ports/notification-transport.ts';

/**
 * Cloud transport: SMS through SNS, e-mail through SES. The SDK clients are imported on first use, so
 * functions that only ever write console notices (and the local runtime) never load them.
 */
export class AwsTransport implements NotificationTransport {
  readonly #sender: string;
  #sns?: Promise<(to: string, body: string) => Promise<unknown>>;
  #ses?: Promise<
    (to: string, subject: string, body: string, headers: Readonly<Record<string, string>>) => Promise<unknown>
  >;

  constructor(options: { emailSender: string }) {
    this.#sender = options.emailSender;
  }

  async send(notification: OutgoingNotification): Promise<void> {
    if (notification.channel === 'sms') {
      this.#sns ??= import('@aws-sdk/client-sns').then(({ SNSClient, PublishCommand }) => {
        const client = new SNSClient({});
        // Mainland numbers in E.164; SNS sends transactional SMS without an opt-out footer.
        return (to, body) =>
          client.send(
            new PublishCommand({
              PhoneNumber: `+86${to.replace(/\D/g, '').replace(/^0/, '')}`,
              Message: body,
              MessageAttributes: {
                'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
              },
            }),
          );
      });
      await (await this.#sns)(notification.to, notification.body);
      return;
    }
    if (notification.channel === 'email') {
      this.#ses ??= import('@aws-sdk/client-sesv2').then(({ SESv2Client, SendEmailCommand }) => {
        const client = new SESv2Client({});
        return (to, subject, body, headers) =>
          client.send(
            new SendEmailCommand({
              FromEmailAddress: this.#sender,
              Destination: { ToAddresses: [to] },
              Content: {
                Simple: {
                  Subject: { Data: subject, Charset: 'UTF-8' },
                  Body: { Text: { Data: body, Charset: 'UTF-8' } },
                  Headers: Object.entries(headers).map(([name, value]) => ({ Name: name, Value: value })),
                },
              },
            }),
          );
      });
      await (await this.#ses)(
        notification.to,
        notification.subject ?? '',
        notification.body,
        outgoingMailHeaders(notification.template, notification.headers),
      );
      return;
    }
    throw new Error(`AwsTransport does not send ${notification.channel} notifications`);
  }
}
