import * as z from 'zod';
import { caseStatuses } from '../../domain/case/model.ts';
import { pageQuerySchema } from '../../schemas/page-query.ts';

/** The query of `GET /api/staff/cases` and of its exports (same filters, same scoping). */
export const listCasesQuerySchema = z.object({
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
  scope: z.enum(['unit', 'studio']).optional(),
  flag: z.enum(['extension', 'review']).optional(),
  /** Handlers: the unit's open cases they work (`mine`) or that nobody works yet (`unassigned`); ignores `status`. */
  owner: z.enum(['mine', 'unassigned']).optional(),
});

/** `GET /api/staff/cases`: the same filters as the exports, plus paging. */
export const listCasesPageQuerySchema = listCasesQuerySchema.extend(pageQuerySchema.shape);

export const exportQuerySchema = listCasesQuerySchema.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;
