import { accountRequestStore } from '../shared/runtime/deps/account-requests.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import {
  consoleNotices,
  messageTransport,
  notificationDeps,
  notificationLedger,
  staffUsers,
} from '../shared/runtime/deps/notifications.ts';
import { receptionStore } from '../shared/runtime/deps/reception-store.ts';
import { staffRecords } from '../shared/runtime/deps/staff.ts';
import { sqsHandler } from '../shared/runtime/sqs-batch.ts';
import { notifierMessageSchema } from '../shared/schemas/messages.ts';
import { queues } from '../shared/topology.ts';
import { sendAccountNotice } from '../shared/use-cases/admin/account-notice.ts';
import { sendReceptionReminder } from '../shared/use-cases/reception-reminders.ts';
import { sendNotification } from '../shared/use-cases/send-notification.ts';

/** The ledger and the two ways out (SMS and e-mail; the console's bell) every kind of notice sends through. */
const senders = () => ({
  ledger: notificationLedger(),
  transport: messageTransport(),
  console: consoleNotices(),
});

/** Notifications queue → SMS / e-mail / console notices, each sent once however often SQS delivers it. */
export const handler = sqsHandler(notifierMessageSchema, async (message, record) => {
  // The receive that reaches the queue's maxReceiveCount is the last: its failure is recorded as final.
  const attempt = {
    number: Number(record.attributes.ApproximateReceiveCount ?? '1'),
    of: queues.notifications.maxReceiveCount,
  };
  if (message.kind === 'remind-reception') {
    // A reminder about a reception day, not a case (reception-roster job).
    await sendReceptionReminder(
      {
        store: receptionStore(),
        catalog,
        staff: staffUsers,
        ...senders(),
      },
      message,
      new Date(),
      attempt,
    );
    return;
  }
  if (message.kind === 'account-request-notice') {
    // A step of a staff account change, for the supervisors (separation of duties).
    await sendAccountNotice(
      {
        requests: accountRequestStore(),
        // Read fresh, not from the 30-second cache: the notice is about staff changes, possibly to supervisors.
        staff: () => staffRecords().list(),
        ...senders(),
      },
      message,
      new Date(),
      attempt,
    );
    return;
  }
  await sendNotification(notificationDeps(), message, new Date(), attempt);
});
