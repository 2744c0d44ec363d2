import type { AttachmentContentType } from '../domain/attachments/limits.ts';
import type { ScanContentType } from '../domain/letters/scans.ts';

export interface PresignedUpload {
  readonly method: 'PUT';
  readonly url: string;
  /** Headers the browser must send exactly as given (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface PresignedDownload {
  readonly url: string;
  readonly expiresAt: string;
}

export interface StoredObject {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/** Photos of petitions: S3 in the cloud, the emulator's S3 on one machine. */
export interface AttachmentStore {
  /** A presigned PUT for exactly one object of exactly this type and size. */
  presignUpload(input: {
    readonly key: string;
    /** Photos from the form; staff also upload letters' scanned pages (PDF too, `domain/letters/scans.ts`). */
    readonly contentType: AttachmentContentType | ScanContentType;
    readonly size: number;
    readonly expiresInSeconds: number;
  }): Promise<PresignedUpload>;
  /**
   * A presigned GET of one stored object for staff: `inline` to show it in the page, `attachment` to save it
   * under `filename`. Anyone holding the URL can read the object until it expires, so keep it short.
   */
  presignDownload(input: {
    readonly key: string;
    readonly disposition: 'inline' | 'attachment';
    readonly filename: string;
    readonly expiresInSeconds: number;
  }): Promise<PresignedDownload>;
  /** The object, or null when it does not exist; `TooLargeObjectError` when it is larger than `maxBytes`. */
  read(key: string, maxBytes: number): Promise<StoredObject | null>;
  write(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
}

export class TooLargeObjectError extends Error {
  override readonly name = 'TooLargeObjectError';
}
