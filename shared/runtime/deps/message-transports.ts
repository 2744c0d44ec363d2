import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AwsTransport } from '../../adapters/notify/aws-transport.ts';
import { ChannelTransport } from '../../adapters/notify/channel-transport.ts';
import { OutboxTransport } from '../../adapters/notify/outbox-transport.ts';
import { SmtpTransport } from '../../adapters/notify/smtp-transport.ts';
import { TencentSmsTransport } from '../../adapters/notify/tencent-sms-transport.ts';
import { emailSender } from '../../config/env.ts';
import { smtpSettings } from '../../config/mail-env.ts';
import {
  emailTransport,
  smsTemplateSettings,
  smsTransport,
  tencentSmsSettings,
} from '../../config/mainland-env.ts';
import { ConfigurationError } from '../../errors/index.ts';
import type { NotificationTransport } from '../../ports/notification-transport.ts';
import { once } from '../once.ts';
import { parseSecret, readCountySecret } from './secrets.ts';

/** The Tencent Cloud API key pair of a CAM user that may only send SMS. */
const tencentCredentialsSchema = z.object({ secretId: z.string().min(1), secretKey: z.string().min(1) });

/**
 * SMS and e-mail, each by its setting (`SMS_TRANSPORT`, `EMAIL_TRANSPORT`, both defaulting from
 * `NOTIFY_TRANSPORT`): SNS and SES in AWS's global regions, Tencent Cloud SMS and the county's SMTP server
 * in AWS China (the county's keys and passwords from Secrets Manager, `uses.countySecrets`), the outbox on one
 * machine. Loaded lazily by
 * `notifications.ts`; provider SDKs load on first use inside each adapter.
 */
export function messageTransportFor(
  // A function: only the outbox needs the table, and in the cloud a sender may not be told its name.
  outboxTable: () => { readonly client: DynamoDBDocumentClient; readonly tableName: string },
): NotificationTransport {
  const aws = once(() => new AwsTransport({ emailSender: emailSender() }));
  const outbox = once(
    () =>
      new OutboxTransport({
        ...outboxTable(),
        emailSender: emailSender(),
        smsTemplates: smsTemplateSettings(),
      }),
  );
  const sms = (): NotificationTransport => {
    switch (smsTransport()) {
      case 'sns':
        return aws();
      case 'outbox':
        return outbox();
      case 'tencent': {
        const settings = tencentSmsSettings();
        const templates = smsTemplateSettings();
        if (!templates)
          throw new ConfigurationError('SMS_TRANSPORT=tencent needs SMS_TEMPLATES and SMS_SIGN_NAME');
        return new TencentSmsTransport({
          ...settings,
          ...templates,
          credentials: async () =>
            parseSecret(
              settings.credentialsSecret,
              await readCountySecret('smsCredentials', settings.credentialsSecret),
              tencentCredentialsSchema,
            ),
        });
      }
    }
  };
  const email = (): NotificationTransport => {
    switch (emailTransport()) {
      case 'ses':
        return aws();
      case 'outbox':
        return outbox();
      case 'smtp': {
        const settings = smtpSettings();
        const secret = settings.passwordSecret;
        return new SmtpTransport({
          ...settings,
          sender: emailSender(),
          ...(secret ? { password: () => readCountySecret('smtpPassword', secret) } : {}),
        });
      }
    }
  };
  // Each channel is set up on its first message: a function that only sends SMS needs no mail settings.
  return new ChannelTransport({ sms: once(sms), email: once(email) });
}
