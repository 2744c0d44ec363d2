import { imageContentTypes } from './image-type.ts';

/** Photos attached to a petition (DESIGN §5): what the public form and the API accept. */

export const MAX_ATTACHMENTS = 3;
/** Per photo, after the browser re-encoded it (it usually shrinks a phone photo to well under 2 MB). */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;

/** Declared types a browser may upload; what a photo really is is decided from its bytes when it is claimed. */
export const attachmentContentTypes = imageContentTypes;
export type AttachmentContentType = (typeof attachmentContentTypes)[number];

/** How long a presigned upload stays usable. */
export const UPLOAD_URL_TTL_SECONDS = 10 * 60;

/** Browsers upload under `incoming/`; checked photos (rebuilt from their pixels) move to `attachments/`. */
export const INCOMING_PREFIX = 'incoming/';
export const ATTACHMENTS_PREFIX = 'attachments/';

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
export const incomingKeyPattern = new RegExp(`^${INCOMING_PREFIX}${uuid}$`);
