import * as z from 'zod';
import { caseStatuses } from '../shared/domain/case/model.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { listCases } from '../shared/use-cases/staff/list-cases.ts';

const querySchema = z.object({
  status: z.enum(caseStatuses).default('assigned'),
  unitId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/)
    .optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
  q: z.string().trim().min(1).max(40).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  scope: z.enum(['unit', 'studio']).optional(),
  flag: z.enum(['extension', 'review']).optional(),
});

export const handler = staffHandler(['liaison', 'handler', 'supervisor'], async (event) => {
  const query = parseWith(querySchema, event.queryStringParameters ?? {});
  return json(200, await listCases(caseStore(), event.actor, query, new Date()));
});
