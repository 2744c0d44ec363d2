import type { SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import type { PendingNotice } from '../shared/ports/pending-notices.ts';
import { accountRequestStore } from '../shared/runtime/deps/account-requests.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import {
  consoleNotices,
  messageTransport,
  notificationDeps,
  notificationLedger,
  staffUsers,
} from '../shared/runtime/deps/notifications.ts';
import { pendingNotices } from '../shared/runtime/deps/pending-deliveries.ts';
import { receptionStore } from '../shared/runtime/deps/reception-store.ts';
import { staffRecords } from '../shared/runtime/deps/staff.ts';
import { type GatheredRemovals, gatheredRemovals } from '../shared/runtime/gathered-removals.ts';
import { sqsHandlerWithBatchEnd } from '../shared/runtime/sqs-batch.ts';
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

type NotifierMessage = z.infer<typeof notifierMessageSchema>;

async function handleMessage(
  message: NotifierMessage,
  record: SQSRecord,
  clears: GatheredRemovals<PendingNotice>,
): Promise<void> {
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
  await sendNotification({ ...notificationDeps(), pendingNotices: clears }, message, new Date(), attempt);
}

/**
 * Notifications queue → SMS / e-mail / console notices, each sent once however often SQS delivers it. The
 * pending markers of the notices a batch sent are deleted together at its end.
 */
export const handler = sqsHandlerWithBatchEnd(notifierMessageSchema, () => {
  const clears = gatheredRemovals<PendingNotice>('pending notices', (markers) =>
    pendingNotices().removeAll(markers),
  );
  return { handleMessage: (message, record) => handleMessage(message, record, clears), end: clears.flush };
});
