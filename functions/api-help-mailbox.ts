import {
  idempotencyKeySchema,
  readLetterSchema,
  writeLetterSchema,
} from '../shared/domain/help-mailbox/model.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { enforceRateLimit } from '../shared/http/rate-limit.ts';
import { json } from '../shared/http/responses.ts';
import { calendar } from '../shared/runtime/deps/calendar.ts';
import { helpMailboxStore, readFailureCounter } from '../shared/runtime/deps/help-mailbox.ts';
import { rateLimiter, rateLimits } from '../shared/runtime/deps/rate-limiter.ts';
import { readLetter, writeLetter } from '../shared/use-cases/help-mailbox.ts';

/**
 * The confidential help mailbox, public side: `POST /api/help-mailbox/letters` writes a letter (no name, no
 * phone; a passphrase the writer chooses; answers the letter code), `POST /api/help-mailbox/read` reads it
 * back with code + passphrase. Both secrets travel in the body, never in a URL.
 *
 * The per-address limit is the one every public page view shares (`read`): it cannot tell a letter from a
 * look at the calendar. Letters themselves are capped county-wide (`helpLetters`), with no address at all.
 */
export const handler = publicHandler('read', async (event) => {
  const now = new Date();
  const deps = { store: helpMailboxStore(), failures: readFailureCounter(), calendar };
  if (event.routeKey === 'POST /api/help-mailbox/read') {
    return json(200, await readLetter(deps, parseJsonBody(event, readLetterSchema), now), {
      'cache-control': 'no-store',
    });
  }
  const request = parseJsonBody(event, writeLetterSchema);
  const idempotencyKey = parseWith(idempotencyKeySchema, event.headers['idempotency-key']);
  await enforceRateLimit({ limiter: rateLimiter, limits: rateLimits }, 'helpLetters', 'county');
  const written = await writeLetter(deps, request, { now, ...(idempotencyKey ? { idempotencyKey } : {}) });
  const { replayed, ...body } = written;
  return json(replayed ? 200 : 201, body, {
    'cache-control': 'no-store',
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
});
