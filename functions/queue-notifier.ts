import { publicBaseUrl, surveySecret } from '../shared/config/env.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import {
  consoleNotices,
  messageTransport,
  notificationLedger,
  staffUsers,
} from '../shared/runtime/deps/notifications.ts';
import { sqsHandler } from '../shared/runtime/sqs-batch.ts';
import { notifyMessageSchema } from '../shared/schemas/messages.ts';
import { sendNotification } from '../shared/use-cases/send-notification.ts';

/** Notifications queue → SMS / e-mail / console notices, each sent once however often SQS delivers it. */
export const handler = sqsHandler(notifyMessageSchema, async (message) => {
  await sendNotification(
    {
      store: caseStore(),
      catalog,
      staff: staffUsers,
      ledger: notificationLedger(),
      transport: messageTransport(),
      console: consoleNotices(),
      publicBaseUrl,
      surveySecret,
    },
    message,
    new Date(),
  );
});
