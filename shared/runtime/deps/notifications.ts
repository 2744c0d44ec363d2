import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoNotificationLedger } from '../../adapters/dynamo/dynamo-notification-ledger.ts';
import { ConsoleNoticeTransport } from '../../adapters/notify/console-notices.ts';
import { localOutboxTable, publicBaseUrl, surveySecret, tableName } from '../../config/env.ts';
import type { NotificationTransport } from '../../ports/notification-transport.ts';
import type { SendNotificationDeps } from '../../use-cases/send-notification.ts';
import { once } from '../once.ts';
import { caseStore } from './case-store.ts';
import { catalog } from './catalog.ts';
import { pendingNotices } from './pending-deliveries.ts';
import { staffUsers } from './staff.ts';

export { staffUsers };

const main = () => ({ client: dynamoDocumentClient(), tableName: tableName('main') });

export const notificationLedger = /* @__PURE__ */ once(
  () => new DynamoNotificationLedger({ client: dynamoDocumentClient(), tableName: tableName('idempotency') }),
);
export const consoleNotices = /* @__PURE__ */ once(
  () => new ConsoleNoticeTransport({ ...main(), ledger: notificationLedger() }),
);
/**
 * SMS and e-mail (`message-transports.ts` picks them per channel from the settings). That module and the
 * adapters it builds load on the first message sent, so a function that never sends one never loads them,
 * and each cold start loads only the provider SDKs its deployment uses.
 */
export const messageTransport = /* @__PURE__ */ once<NotificationTransport>(() => {
  let loading: Promise<NotificationTransport> | undefined;
  return {
    send: async (notification) => {
      if (!loading) {
        // The table is the outbox's (the local stand-in for the providers), which the cloud never builds.
        loading = import('./message-transports.ts').then((module) =>
          module.messageTransportFor(() => ({
            client: dynamoDocumentClient(),
            tableName: localOutboxTable(),
          })),
        );
        // A failed set-up (a setting missing) is reported to this sender and tried again by the next.
        loading.catch(() => {
          loading = undefined;
        });
      }
      return (await loading).send(notification);
    },
  };
});

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
