import * as z from 'zod';
import { dynamoDocumentClient } from '../shared/adapters/aws-clients.ts';
import { readNotices } from '../shared/adapters/notify/console-notices.ts';
import { tableName } from '../shared/config/env.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { noticeAudience } from '../shared/use-cases/staff/notices.ts';

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });

/** The console's bell: the newest notices of the caller's unit (or of the supervisors), newest first. */
export const handler = staffHandler(['liaison', 'handler', 'supervisor'], async (event) => {
  const { limit } = parseWith(querySchema, event.queryStringParameters ?? {});
  const audience = noticeAudience(event.actor);
  return json(200, {
    audience,
    items: await readNotices(dynamoDocumentClient(), tableName('main'), audience, limit),
  });
});
