import { dynamoDocumentClient } from '../shared/adapters/aws-clients.ts';
import { readNotices } from '../shared/adapters/notify/console-notices.ts';
import { tableName } from '../shared/config/env.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { noticeAudience, noticesQuerySchema } from '../shared/use-cases/staff/notices.ts';

/** The console's bell: the newest notices of the caller's unit (or of the supervisors), newest first. */
export const handler = staffHandler(['liaison', 'handler', 'supervisor'], async (event) => {
  const { limit } = parseWith(noticesQuerySchema, event.queryStringParameters ?? {});
  const audience = noticeAudience(event.actor);
  return json(200, {
    audience,
    items: await readNotices(dynamoDocumentClient(), tableName('main'), audience, limit),
  });
});
