import { imageContentTypes } from '../attachments/image-type.ts';
import { INCOMING_PREFIX } from '../attachments/limits.ts';

/**
 * Scanned pages of a letter (来信) registered by staff: where they are uploaded and what is accepted
 * (docs/intake-channels.md). Checked by their bytes when claimed (`shared/use-cases/letters.ts`).
 */

export const MAX_SCANNED_PAGES = 20;
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;
/** All pages of one letter together; keeps one registration within one function's memory and time. */
export const MAX_SCANS_TOTAL_BYTES = 40 * 1024 * 1024;
/** Under `incoming/`, so unclaimed uploads expire after a day like the public form's photos. */
export const SCAN_PREFIX = `${INCOMING_PREFIX}scans/`;
export const scanContentTypes = [...imageContentTypes, 'application/pdf'] as const;
export type ScanContentType = (typeof scanContentTypes)[number];

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
export const scanKeyPattern = new RegExp(`^${SCAN_PREFIX}${uuid}$`);
