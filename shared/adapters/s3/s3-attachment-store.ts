import type { S3Client } from '@aws-sdk/client-s3';
import type { AttachmentContentType } from '../../domain/attachments/limits.ts';
import type { ScanContentType } from '../../domain/letters/scans.ts';
import {
  type AttachmentStore,
  type PresignedDownload,
  type PresignedUpload,
  type StoredObject,
  TooLargeObjectError,
} from '../../ports/attachment-store.ts';

/**
 * `Content-Disposition` with a non-ASCII file name (RFC 6266 / RFC 8187): an ASCII stand-in for old clients and
 * the UTF-8 name every current browser uses.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Attachments in S3. The S3 SDK and the presigner are imported on first use (they would add ~200 KB to every
 * bundle that merely mentions this class), and the clients are built once per process.
 *
 * `uploadEndpoint` is where browsers send presigned PUTs when that is not S3 itself: locally the gateway's
 * same-origin proxy in front of the emulator (`/_local/s3`), because the emulator answers no CORS preflight.
 */
export class S3AttachmentStore implements AttachmentStore {
  readonly #bucket: string;
  readonly #endpoint: string | undefined;
  readonly #uploadEndpoint: string | undefined;
  #client?: Promise<S3Client>;
  #presignClient?: Promise<S3Client>;

  constructor(options: { bucket: string; endpoint?: string; uploadEndpoint?: string }) {
    this.#bucket = options.bucket;
    this.#endpoint = options.endpoint;
    this.#uploadEndpoint = options.uploadEndpoint;
  }

  #build(endpoint: string | undefined): Promise<S3Client> {
    return import('@aws-sdk/client-s3').then(
      ({ S3Client }) =>
        new S3Client({
          maxAttempts: 2,
          requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
          // Emulators and proxies serve buckets by path; AWS by virtual host.
          ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
          // No flexible checksums: a presigned PUT from a browser cannot add the checksum headers they require.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }),
    );
  }

  #s3(): Promise<S3Client> {
    this.#client ??= this.#build(this.#endpoint);
    return this.#client;
  }

  #presigner(): Promise<S3Client> {
    this.#presignClient ??= this.#uploadEndpoint ? this.#build(this.#uploadEndpoint) : this.#s3();
    return this.#presignClient;
  }

  async presignDownload(input: {
    key: string;
    disposition: 'inline' | 'attachment';
    filename: string;
    expiresInSeconds: number;
  }): Promise<PresignedDownload> {
    const [client, { GetObjectCommand }, { getSignedUrl }] = await Promise.all([
      this.#presigner(),
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/s3-request-presigner'),
    ]);
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: input.key,
        // S3 answers with this header (it is part of the signature): the browser saves under the original name.
        ResponseContentDisposition: contentDisposition(input.disposition, input.filename),
      }),
      { expiresIn: input.expiresInSeconds },
    );
    return { url, expiresAt: new Date(Date.now() + input.expiresInSeconds * 1000).toISOString() };
  }

  async presignUpload(input: {
    key: string;
    contentType: AttachmentContentType | ScanContentType;
    size: number;
    expiresInSeconds: number;
  }): Promise<PresignedUpload> {
    const [client, { PutObjectCommand }, { getSignedUrl }] = await Promise.all([
      this.#presigner(),
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/s3-request-presigner'),
    ]);
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: input.key,
        ContentType: input.contentType,
        ContentLength: input.size,
      }),
      {
        expiresIn: input.expiresInSeconds,
        // Signed: S3 refuses a body of another type or length than the one this URL was made for.
        signableHeaders: new Set(['content-type', 'content-length']),
      },
    );
    return {
      method: 'PUT',
      url,
      headers: { 'content-type': input.contentType },
      expiresAt: new Date(Date.now() + input.expiresInSeconds * 1000).toISOString(),
    };
  }

  async read(key: string, maxBytes: number): Promise<StoredObject | null> {
    const [client, { GetObjectCommand }] = await Promise.all([this.#s3(), import('@aws-sdk/client-s3')]);
    try {
      const result = await client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      if ((result.ContentLength ?? 0) > maxBytes) {
        await result.Body?.transformToByteArray().catch(() => undefined);
        throw new TooLargeObjectError(`${key} is larger than ${maxBytes} bytes`);
      }
      const bytes = (await result.Body?.transformToByteArray()) ?? new Uint8Array();
      if (bytes.length > maxBytes) throw new TooLargeObjectError(`${key} is larger than ${maxBytes} bytes`);
      return { bytes, contentType: result.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      const name = (error as { name?: string })?.name;
      const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return null;
      throw error;
    }
  }

  async write(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const [client, { PutObjectCommand }] = await Promise.all([this.#s3(), import('@aws-sdk/client-s3')]);
    await client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }
}
