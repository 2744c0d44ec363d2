import * as z from 'zod';

/** `?cursor&limit` of a paged list: the cursor is opaque and signed, at most 100 items a page. */
export const pageQuerySchema = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
