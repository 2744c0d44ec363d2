import { logger } from '../shared/logging/logger.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { deliveryRecords, pendingDeliveries } from '../shared/runtime/deps/pending-deliveries.ts';
import { queuePublisher } from '../shared/runtime/deps/queue-publisher.ts';
import { redriveStuckCases, redriveUndelivered } from '../shared/use-cases/redrive-stuck-cases.ts';

/**
 * Scheduled safety net: cases still `registered` past their stuck-after time get a fresh routing message,
 * and assignments whose delivery message was lost are delivered again. Reads only what is overdue.
 */
export const handler = async (): Promise<{ redriven: number; redelivered: number }> => {
  const now = new Date();
  const redriven = await redriveStuckCases({ store: caseStore(), publisher: queuePublisher() }, now);
  const redelivered = await redriveUndelivered(
    { pendingDeliveries: pendingDeliveries(), deliveries: deliveryRecords(), publisher: queuePublisher() },
    now,
  );
  if (redriven + redelivered > 0) logger.warn('re-drove stuck work', { redriven, redelivered });
  return { redriven, redelivered };
};
