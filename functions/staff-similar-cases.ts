import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { similarityStore } from '../shared/runtime/deps/similarity.ts';
import { caseIdPathSchema } from '../shared/schemas/case-path.ts';
import {
  decideSimilar,
  similarCasesOf,
  similarDecisionBodySchema,
  similarPairPathSchema,
} from '../shared/use-cases/staff/similar.ts';

/**
 * `GET /api/staff/cases/{caseId}/similar`: the case's similar cases and its 可能重复 / 相关诉求 flag;
 * `POST /api/staff/cases/{caseId}/similar/{otherCaseId}`: mark one related, or dismiss it (audited).
 */
export const handler = staffHandler(['liaison', 'handler', 'supervisor'], async (event) => {
  const deps = { cases: caseStore(), similar: similarityStore() };
  if (event.requestContext.http.method === 'GET') {
    const { caseId } = parseWith(caseIdPathSchema, event.pathParameters ?? {});
    return json(200, await similarCasesOf(deps, event.actor, caseId), { 'cache-control': 'no-store' });
  }
  const { caseId, otherCaseId } = parseWith(similarPairPathSchema, event.pathParameters ?? {});
  const { decision } = parseJsonBody(event, similarDecisionBodySchema);
  return json(
    200,
    await decideSimilar(deps, event.actor, { caseId, otherCaseId, decision, now: new Date() }),
  );
});
