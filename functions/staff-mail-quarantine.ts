import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { inboundMailStore } from '../shared/runtime/deps/inbound-mail.ts';
import { pageQuerySchema } from '../shared/schemas/page-query.ts';

/**
 * Messages the mailbox could not turn into a case (unparseable, no sender, empty, oversized, virus or spam
 * verdict), newest first, for supervisors to review: each names its raw object in the mail bucket.
 */
export const handler = staffHandler(['supervisor'], async (event) => {
  const query = parseWith(pageQuerySchema, event.queryStringParameters ?? {});
  return json(200, await inboundMailStore().listQuarantine(query));
});
