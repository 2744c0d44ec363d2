import {
  helpMailboxCountsQuerySchema,
  letterIdPathSchema,
  replyLetterSchema,
} from '../shared/domain/help-mailbox/model.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { helpMailboxStore } from '../shared/runtime/deps/help-mailbox.ts';
import {
  helpMailboxCounts,
  listLetters,
  openLetter,
  replyToLetter,
} from '../shared/use-cases/help-mailbox.ts';

/**
 * The help mailbox for staff. Letters (list, open, reply) only for the organisation department's designated
 * officers; counts for them and the county's supervisors. Everyone else gets 403 from the use case.
 */
export const handler = staffHandler(['liaison', 'handler', 'supervisor', 'admin'], async (event) => {
  const deps = { store: helpMailboxStore(), catalog };
  const now = new Date();
  const headers = { 'cache-control': 'no-store' };
  switch (event.routeKey) {
    case 'GET /api/staff/help-mailbox/letters':
      return json(200, { items: await listLetters(deps, event.actor, now) }, headers);
    case 'GET /api/staff/help-mailbox/counts': {
      const { month } = parseWith(helpMailboxCountsQuerySchema, event.queryStringParameters ?? {});
      return json(200, await helpMailboxCounts(deps, event.actor, month, now), headers);
    }
    case 'GET /api/staff/help-mailbox/letters/{letterId}': {
      const { letterId } = parseWith(letterIdPathSchema, event.pathParameters ?? {});
      return json(200, await openLetter(deps, event.actor, letterId, now), headers);
    }
    default: {
      const { letterId } = parseWith(letterIdPathSchema, event.pathParameters ?? {});
      const { text } = parseJsonBody(event, replyLetterSchema);
      return json(200, await replyToLetter(deps, event.actor, letterId, text, now), headers);
    }
  }
});
