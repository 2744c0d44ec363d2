/** Photos attached to a petition (DESIGN §5, issue #9): what the public form and the API accept. */

export const MAX_ATTACHMENTS = 3;
/** Per photo, after the browser re-encoded it (it usually shrinks a phone photo to well under 2 MB). */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;

export const attachmentContentTypes = ['image/jpeg', 'image/png', 'image/heic', 'image/heif'] as const;
export type AttachmentContentType = (typeof attachmentContentTypes)[number];

/** How long a presigned upload stays usable. */
export const UPLOAD_URL_TTL_SECONDS = 10 * 60;

/** Browsers upload under `incoming/`; checked photos (location removed) move to `attachments/`. */
export const INCOMING_PREFIX = 'incoming/';
export const ATTACHMENTS_PREFIX = 'attachments/';

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
export const incomingKeyPattern = new RegExp(`^${INCOMING_PREFIX}${uuid}$`);

export const extensionOf: Record<AttachmentContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/heif': 'heif',
};
