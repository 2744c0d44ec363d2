import { monthOf, type ReportMonth } from '../shared/domain/metrics/facts.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { topicDeps } from '../shared/runtime/deps/topics.ts';
import {
  focusBodySchema,
  markFocus,
  readTopics,
  runTopics,
  runTopicsBodySchema,
  topicPathSchema,
  topicsQuerySchema,
} from '../shared/use-cases/hot-topics.ts';

/**
 * Hot topics for supervisors: `GET /api/staff/topics?month`, `POST /api/staff/topics/run` (on demand),
 * `PUT /api/staff/topics/{topicId}/focus` (每月一题: owner and deadline).
 */
export const handler = staffHandler(['supervisor'], async (event) => {
  const now = new Date();
  const method = event.requestContext.http.method;
  if (method === 'GET') {
    const { month } = parseWith(topicsQuerySchema, event.queryStringParameters ?? {});
    return json(
      200,
      await readTopics(topicDeps(), event.actor, (month ?? monthOf(now)) as ReportMonth, now),
      {
        'cache-control': 'no-store',
      },
    );
  }
  if (method === 'PUT') {
    const { topicId } = parseWith(topicPathSchema, event.pathParameters ?? {});
    return json(
      200,
      await markFocus(topicDeps(), event.actor, topicId, parseJsonBody(event, focusBodySchema), now),
    );
  }
  const { month } = parseJsonBody(event, runTopicsBodySchema);
  return json(200, await runTopics(topicDeps(), event.actor, month as ReportMonth, now));
});
