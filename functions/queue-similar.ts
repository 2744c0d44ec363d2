import { logger } from '../shared/logging/logger.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { similarDeps } from '../shared/runtime/deps/segmenter.ts';
import { sqsBatchHandler } from '../shared/runtime/sqs-batch.ts';
import { indexSimilarMessageSchema } from '../shared/schemas/messages.ts';
import { indexNewCases } from '../shared/use-cases/similar-cases.ts';

/**
 * Similar cases on arrival (docs/metrics.md, "Similar cases"): the dispatcher sends one message per registered
 * case; the cases of a batch are read, indexed together, and their similar cases recorded on both sides. Every
 * write is keyed by the case, so a redelivered message rewrites the same items.
 */
export const handler = sqsBatchHandler(indexSimilarMessageSchema, async (messages) => {
  const caseIds = [...new Set(messages.map((message) => message.caseId))];
  const found = await caseStore().getMany(caseIds);
  for (const caseId of caseIds) if (!found.has(caseId)) logger.warn('case to index not found', { caseId });
  const outcomes = await indexNewCases(similarDeps(), [...found.values()]);
  for (const { caseId, indexed, matches } of outcomes)
    logger.info('similar cases', { caseId, indexed, matches: matches.length });
});
