import * as z from 'zod';
import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { cachedLoader } from '../../adapters/dynamo/dynamo-catalog-store.ts';
import { DynamoNotificationLedger } from '../../adapters/dynamo/dynamo-notification-ledger.ts';
import { AwsTransport } from '../../adapters/notify/aws-transport.ts';
import { ChannelTransport } from '../../adapters/notify/channel-transport.ts';
import { ConsoleNoticeTransport } from '../../adapters/notify/console-notices.ts';
import { OutboxTransport } from '../../adapters/notify/outbox-transport.ts';
import { SmtpTransport } from '../../adapters/notify/smtp-transport.ts';
import { TencentSmsTransport } from '../../adapters/notify/tencent-sms-transport.ts';
import {
  emailSender,
  emailTransport,
  publicBaseUrl,
  smsTemplateSettings,
  smsTransport,
  smtpSettings,
  surveySecret,
  tableName,
  tencentSmsSettings,
} from '../../config/env.ts';
import type { StaffUser } from '../../domain/users/model.ts';
import { ConfigurationError } from '../../errors/index.ts';
import type { NotificationTransport } from '../../ports/notification-transport.ts';
import type { SendNotificationDeps } from '../../use-cases/send-notification.ts';
import { once } from '../once.ts';
import { caseStore } from './case-store.ts';
import { catalog } from './catalog.ts';
import { parseSecret, secretReader } from './secrets.ts';
import { staffRecords } from './staff.ts';

const main = () => ({ client: dynamoDocumentClient(), tableName: tableName('main') });

/** The Tencent Cloud API key pair of a CAM user that may only send SMS. */
const tencentCredentialsSchema = z.object({ secretId: z.string().min(1), secretKey: z.string().min(1) });

export const notificationLedger = /* @__PURE__ */ once(() => new DynamoNotificationLedger(main()));
export const consoleNotices = /* @__PURE__ */ once(() => new ConsoleNoticeTransport(main()));
/**
 * SMS and e-mail, each by its setting (`SMS_TRANSPORT`, `EMAIL_TRANSPORT`, both defaulting from
 * `NOTIFY_TRANSPORT`): SNS and SES in AWS's global regions, Tencent Cloud SMS and the county's SMTP server
 * in AWS China, the outbox on one machine. Provider SDKs load on first use inside each adapter.
 */
export const messageTransport = /* @__PURE__ */ once<NotificationTransport>(() => {
  const aws = once(() => new AwsTransport({ emailSender: emailSender() }));
  const outbox = once(() => new OutboxTransport({ ...main(), smsTemplates: smsTemplateSettings() }));
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
              await secretReader().read(settings.credentialsSecret),
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
          ...(secret ? { password: () => secretReader().read(secret) } : {}),
        });
      }
    }
  };
  return new ChannelTransport({ sms: sms(), email: email() });
});

const staffLoader = /* @__PURE__ */ once(() => cachedLoader(() => staffRecords().list()));
/** Staff records (for e-mail addresses), reloaded every 30 s in a warm function. */
export const staffUsers = (): Promise<StaffUser[]> => staffLoader()();

/** Everything `sendNotification` needs, as one warm-container set (the notifier and unit delivery share it). */
export const notificationDeps = (): SendNotificationDeps => ({
  store: caseStore(),
  catalog,
  staff: staffUsers,
  ledger: notificationLedger(),
  transport: messageTransport(),
  console: consoleNotices(),
  publicBaseUrl,
  surveySecret,
});
