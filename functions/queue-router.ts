import { logger } from '../shared/logging/logger.ts';
import { calendar, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { sqsHandler } from '../shared/runtime/sqs-batch.ts';
import { routeCaseMessageSchema } from '../shared/schemas/messages.ts';
import { routeRegisteredCase } from '../shared/use-cases/route-case.ts';

export const handler = sqsHandler(routeCaseMessageSchema, async (message) => {
  const outcome = await routeRegisteredCase(
    { store: caseStore(), catalog, calendar, policies },
    message.caseId,
    new Date(),
  );
  logger.info('routed', { caseId: message.caseId, outcome });
});
