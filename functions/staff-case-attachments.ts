import { personalDataRoles } from '../shared/auth/claims.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import {
  attachmentPathSchema,
  attachmentQuerySchema,
  caseIdPathSchema,
} from '../shared/schemas/case-path.ts';
import { attachmentLink, listAttachments } from '../shared/use-cases/staff/case-attachments.ts';

/**
 * A case's files for the console: `GET /api/staff/cases/{caseId}/attachments` (every file, inline links for the
 * thumbnails) and `GET …/attachments/{index}` (one file for the viewer, or `?download=true` to save it). Each
 * answer is a short-lived presigned GET, and each call is recorded in the case's audit trail.
 */
export const handler = staffHandler(personalDataRoles, async (event) => {
  const deps = { store: caseStore(), files: attachmentStore(), now: new Date() };
  const path = event.pathParameters ?? {};
  if (path.index === undefined) {
    const { caseId } = parseWith(caseIdPathSchema, path);
    return json(200, await listAttachments(deps, event.actor, caseId));
  }
  const { caseId, index } = parseWith(attachmentPathSchema, path);
  const { download } = parseWith(attachmentQuerySchema, event.queryStringParameters ?? {});
  const disposition = download === 'true' ? 'attachment' : 'inline';
  return json(200, await attachmentLink(deps, event.actor, { caseId, index, disposition }));
});
