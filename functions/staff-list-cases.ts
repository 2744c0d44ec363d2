import * as z from 'zod';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { listCases } from '../shared/use-cases/staff/list-cases.ts';
import { listCasesQuerySchema } from '../shared/use-cases/staff/list-query.ts';

/** The same filters as the exports, plus paging. */
const querySchema = listCasesQuerySchema.extend({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const handler = staffHandler(['liaison', 'handler', 'supervisor'], async (event) => {
  const query = parseWith(querySchema, event.queryStringParameters ?? {});
  return json(200, await listCases(caseStore(), event.actor, query, new Date()));
});
