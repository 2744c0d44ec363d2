import { parseJsonBody } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { similarityStore } from '../shared/runtime/deps/similarity.ts';
import { readWordList, saveWordList, wordListSchema } from '../shared/use-cases/admin/word-list.ts';

/** 500 entries of up to 31 words of up to 20 characters. */
const WORD_LIST_MAX_BYTES = 256 * 1024;

/** The county word list: `GET /api/admin/word-list`, `PUT /api/admin/word-list` (the whole list). */
export const handler = staffHandler(['admin'], async (event) => {
  if (event.requestContext.http.method === 'GET') return json(200, await readWordList(similarityStore()));
  const { entries } = parseJsonBody(event, wordListSchema, WORD_LIST_MAX_BYTES);
  return json(200, await saveWordList(similarityStore(), entries, event.actor.id, new Date()));
});
