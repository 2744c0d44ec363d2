import { logger } from '../shared/logging/logger.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import {
  deliveryRecords,
  pendingDeliveries,
  pendingNotices,
} from '../shared/runtime/deps/pending-deliveries.ts';
import { queuePublisher } from '../shared/runtime/deps/queue-publisher.ts';
import {
  redriveStuckCases,
  redriveUndelivered,
  redriveUnnotified,
} from '../shared/use-cases/redrive-stuck-cases.ts';

/**
 * Scheduled safety net: cases still `registered` past their stuck-after time get a fresh routing message,
 * assignments whose delivery message was lost are delivered again, and notices whose message was lost are
 * sent again (once per recipient, through the ledger). Reads only what is overdue.
 */
export const handler = async (): Promise<{ redriven: number; redelivered: number; renotified: number }> => {
  const now = new Date();
  const redriven = await redriveStuckCases({ store: caseStore(), publisher: queuePublisher() }, now);
  const redelivered = await redriveUndelivered(
    { pendingDeliveries: pendingDeliveries(), deliveries: deliveryRecords(), publisher: queuePublisher() },
    now,
  );
  const renotified = await redriveUnnotified(
    { pendingNotices: pendingNotices(), publisher: queuePublisher() },
    now,
  );
  if (redriven + redelivered + renotified > 0)
    logger.warn('re-drove stuck work', { redriven, redelivered, renotified });
  return { redriven, redelivered, renotified };
};
