import { logger } from '../shared/logging/logger.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { similarDeps } from '../shared/runtime/deps/segmenter.ts';
import { sqsHandler } from '../shared/runtime/sqs-batch.ts';
import { indexSimilarMessageSchema } from '../shared/schemas/messages.ts';
import { indexNewCase } from '../shared/use-cases/similar-cases.ts';

/**
 * Similar cases on arrival (docs/metrics.md, "Similar cases"): the dispatcher sends one message per registered
 * case; the case is read, indexed, and its similar cases recorded on both sides. Every write is keyed by the
 * case, so a redelivered message rewrites the same items.
 */
export const handler = sqsHandler(indexSimilarMessageSchema, async (message) => {
  const item = await caseStore().get(message.caseId);
  if (!item) {
    logger.warn('case to index not found', { caseId: message.caseId });
    return;
  }
  const { indexed, matches } = await indexNewCase(similarDeps(), item);
  logger.info('similar cases', { caseId: message.caseId, indexed, matches: matches.length });
});
