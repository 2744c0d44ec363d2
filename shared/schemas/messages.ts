import * as z from 'zod';

/**
 * Queue messages carry ids and versions, never personal data: a consumer reads what it needs from the
 * table, so a message sitting in a DLQ leaks nothing.
 */

export const routeCaseMessageSchema = z.object({
  kind: z.literal('route-case'),
  caseId: z.string().min(1),
  /** The case version that asked for routing; a stale message is recognised and dropped. */
  version: z.number().int().positive(),
});
export type RouteCaseMessage = z.infer<typeof routeCaseMessageSchema>;
