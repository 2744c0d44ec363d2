import * as z from 'zod';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { inboundMailStore } from '../shared/runtime/deps/inbound-mail.ts';

const querySchema = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * Messages the mailbox could not turn into a case (unparseable, no sender, empty, oversized, virus or spam
 * verdict), newest first, for supervisors to review: each names its raw object in the mail bucket.
 */
export const handler = staffHandler(['supervisor'], async (event) => {
  const query = parseWith(querySchema, event.queryStringParameters ?? {});
  return json(200, await inboundMailStore().listQuarantine(query));
});
