import { logger } from '../shared/logging/logger.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { queuePublisher } from '../shared/runtime/deps/queue-publisher.ts';
import { redriveStuckCases } from '../shared/use-cases/redrive-stuck-cases.ts';

/** Scheduled: any case still in `registered` past its stuck-after time gets a fresh routing message. */
export const handler = async (): Promise<{ redriven: number }> => {
  const redriven = await redriveStuckCases({ store: caseStore(), publisher: queuePublisher() }, new Date());
  if (redriven > 0) logger.warn('re-drove stuck cases', { redriven });
  return { redriven };
};
