import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { cachedLoader } from '../../adapters/dynamo/dynamo-catalog-store.ts';
import { DynamoNotificationLedger } from '../../adapters/dynamo/dynamo-notification-ledger.ts';
import { AwsTransport } from '../../adapters/notify/aws-transport.ts';
import { ConsoleNoticeTransport } from '../../adapters/notify/console-notices.ts';
import { OutboxTransport } from '../../adapters/notify/outbox-transport.ts';
import { emailSender, notifyTransport, publicBaseUrl, surveySecret, tableName } from '../../config/env.ts';
import type { StaffUser } from '../../domain/users/model.ts';
import type { NotificationTransport } from '../../ports/notification-transport.ts';
import type { SendNotificationDeps } from '../../use-cases/send-notification.ts';
import { once } from '../once.ts';
import { caseStore } from './case-store.ts';
import { catalog } from './catalog.ts';
import { pendingNotices } from './pending-deliveries.ts';
import { staffRecords } from './staff.ts';

const main = () => ({ client: dynamoDocumentClient(), tableName: tableName('main') });

export const notificationLedger = /* @__PURE__ */ once(() => new DynamoNotificationLedger(main()));
export const consoleNotices = /* @__PURE__ */ once(() => new ConsoleNoticeTransport(main()));
export const messageTransport = /* @__PURE__ */ once<NotificationTransport>(() =>
  notifyTransport() === 'aws'
    ? new AwsTransport({ emailSender: emailSender() })
    : new OutboxTransport({ ...main(), emailSender: emailSender() }),
);

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
  pendingNotices: pendingNotices(),
});
