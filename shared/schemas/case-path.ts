import * as z from 'zod';

/** `{caseId}` in staff paths: a case id (ULID); anything else is refused before the store is asked. */
export const caseIdPathSchema = z.object({ caseId: z.string().regex(/^[0-9A-Z]{26}$/, 'a case id') });
