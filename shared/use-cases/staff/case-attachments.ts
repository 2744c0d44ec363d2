import type { StaffActor } from '../../auth/claims.ts';
import { isViewableImage } from '../../domain/attachments/image-type.ts';
import { mayReadConfidential } from '../../domain/case/confidential-access.ts';
import { attachmentName } from '../../domain/case/wording.ts';
import { ForbiddenError, NotFoundError } from '../../errors/index.ts';
import type { AttachmentStore } from '../../ports/attachment-store.ts';
import type { CaseStore } from '../../ports/case-store.ts';
import { loadVisibleCase } from './scoped-cases.ts';

/**
 * The files of a case for the console: thumbnails, the viewer and downloads, each through a presigned GET that
 * expires after `ATTACHMENT_URL_TTL_SECONDS` (a copied link stops working within minutes). Every call is a
 * recorded read in the case's audit trail, before any link is handed out. A confidential case's files are for
 * those who may read its content (`mayReadConfidential`, the one rule), like its text.
 */

/** How long a link to an attachment works: long enough to load a page and open a file, short for a leaked link. */
export const ATTACHMENT_URL_TTL_SECONDS = 5 * 60;

export interface AttachmentLink {
  readonly index: number;
  readonly name: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly source: string;
  /** An image the browser can show (thumbnails and the viewer); other files (PDF scans) are only downloaded. */
  readonly image: boolean;
  /** Inline for images (thumbnails), absent for other files in the list. */
  readonly url?: string;
  readonly expiresAt?: string;
}

interface Deps {
  readonly store: CaseStore;
  readonly files: Pick<AttachmentStore, 'presignDownload'>;
  readonly now: Date;
}

async function readableCase(deps: Deps, actor: StaffActor, caseId: string) {
  const found = await loadVisibleCase(deps.store, actor, caseId);
  if (found.confidential && !mayReadConfidential(actor, found)) throw new ForbiddenError();
  return found;
}

/** Every attachment of a case with an inline link for the images (the case page's thumbnails). */
export async function listAttachments(
  deps: Deps,
  actor: StaffActor,
  caseId: string,
): Promise<{ caseId: string; attachments: AttachmentLink[] }> {
  const found = await readableCase(deps, actor, caseId);
  const files = found.attachments ?? [];
  if (files.length > 0)
    await deps.store.recordRead({ caseId, actor, at: deps.now.toISOString(), what: 'attachments' });
  const attachments = await Promise.all(
    files.map(async (file, index): Promise<AttachmentLink> => {
      const name = attachmentName(file, index);
      const image = isViewableImage(file.contentType);
      const link = image
        ? await deps.files.presignDownload({
            key: file.key,
            disposition: 'inline',
            filename: name,
            expiresInSeconds: ATTACHMENT_URL_TTL_SECONDS,
          })
        : undefined;
      const { contentType, bytes, source } = file;
      return { index, name, contentType, bytes, source, image, ...link };
    }),
  );
  return { caseId, attachments };
}

/** One attachment, enlarged in the viewer (`inline`) or saved under its name (`attachment`). */
export async function attachmentLink(
  deps: Deps,
  actor: StaffActor,
  request: { readonly caseId: string; readonly index: number; readonly disposition: 'inline' | 'attachment' },
): Promise<AttachmentLink & { url: string; expiresAt: string }> {
  const found = await readableCase(deps, actor, request.caseId);
  const file = found.attachments?.[request.index];
  if (!file) throw new NotFoundError({ zh: '没有找到这个附件', en: 'Attachment not found' });
  const name = attachmentName(file, request.index);
  await deps.store.recordRead({
    caseId: request.caseId,
    actor,
    at: deps.now.toISOString(),
    what: request.disposition === 'inline' ? 'attachment-view' : 'attachment-download',
    detail: name,
  });
  const link = await deps.files.presignDownload({
    key: file.key,
    disposition: request.disposition,
    filename: name,
    expiresInSeconds: ATTACHMENT_URL_TTL_SECONDS,
  });
  const { contentType, bytes, source } = file;
  return {
    index: request.index,
    name,
    contentType,
    bytes,
    source,
    image: isViewableImage(contentType),
    ...link,
  };
}
