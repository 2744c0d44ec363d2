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
  const found = await Promise.all(caseIds.map((caseId) => caseStore().get(caseId)));
  for (const [index, item] of found.entries())
    if (!item) logger.warn('case to index not found', { caseId: caseIds[index] });
  const outcomes = await indexNewCases(
    similarDeps(),
    found.filter((item) => item !== null),
  );
  for (const { caseId, indexed, matches } of outcomes)
    logger.info('similar cases', { caseId, indexed, matches: matches.length });
});
