import { parseJsonBody } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { similarDeps } from '../shared/runtime/deps/segmenter.ts';
import { similarDraftSchema, similarToDraft } from '../shared/use-cases/public-similar.ts';

/** `POST /api/petitions/similar`: 附近已有类似诉求 for the draft on the public form (titles and status only). */
export const handler = publicHandler('read', async (event) => {
  const draft = parseJsonBody(event, similarDraftSchema);
  return json(
    200,
    await similarToDraft({ ...similarDeps(), cases: caseStore(), catalog }, draft, new Date()),
    { 'cache-control': 'no-store' },
  );
});
