import * as z from 'zod';

/** `{caseId}` in staff paths: a case id (ULID); anything else is refused before the store is asked. */
export const caseIdPathSchema = z.object({ caseId: z.string().regex(/^[0-9A-Z]{26}$/, 'a case id') });

/** `{caseId}/attachments/{index}`: the attachment's position on the case, from 0. */
export const attachmentPathSchema = caseIdPathSchema.extend({
  index: z.coerce.number().int().min(0).max(99),
});

/** `?download=true` saves the file under its name; without it the viewer shows it. */
export const attachmentQuerySchema = z.strictObject({
  download: z.enum(['true', 'false']).optional(),
});
