import { httpHandler } from '../shared/http/handler.ts';
import { json } from '../shared/http/responses.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';

/** Public reference data for the form: categories (with one-line descriptions), towns/streets, studios. */
export const handler = httpHandler(async () => {
  const { categories, jurisdictions, studios } = await catalog();
  return json(200, { categories, jurisdictions, studios }, { 'cache-control': 'public, max-age=60' });
});
