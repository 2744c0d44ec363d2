import {
  ATTACHMENTS_PREFIX,
  attachmentContentTypes,
  INCOMING_PREFIX,
  MAX_ATTACHMENT_BYTES,
} from '../../shared/domain/attachments/limits.ts';
import { MAX_SCAN_BYTES, SCAN_PREFIX, scanContentTypes } from '../../shared/domain/letters/scans.ts';
import type { LocalRoute } from './gateway.ts';
import type { HttpReply } from './gateway-events.ts';

/**
 * `/_local/s3/<bucket>/incoming/<uuid>?X-Amz-…`: where browsers send presigned photo uploads on one machine.
 * The emulator serves S3 on the SQS port and answers no CORS preflight, so uploads go through the gateway,
 * which answers the preflight as the bucket's CORS rule does in the cloud and forwards the PUT.
 *
 * The emulator does not verify signatures. This proxy enforces what the signature binds in the cloud as far
 * as it can without the secret: only presigned PUTs into `incoming/`, not expired, of an accepted image type,
 * at most 8 MB. The petition claims every photo again by its bytes (`claim-attachments.ts`).
 *
 * It also serves the staff console's presigned GETs of kept attachments (`attachments/…`, not expired), and
 * answers with the `Content-Disposition` the URL asks for (`response-content-disposition`), as S3 does.
 */

export const S3_PROXY_PREFIX = '/_local/s3';

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'PUT',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

function reply(statusCode: number, message = ''): HttpReply {
  return {
    statusCode,
    headers: { ...cors, 'content-type': 'application/xml' },
    cookies: [],
    body: Buffer.from(message ? `<?xml version="1.0"?><Error><Message>${message}</Message></Error>` : ''),
  };
}

function expired(query: URLSearchParams, now: Date): boolean {
  const signedAt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
  const expiresIn = Number(query.get('X-Amz-Expires'));
  if (!signedAt || !Number.isInteger(expiresIn)) return true;
  const [, year, month, day, hour, minute, second] = signedAt.map(Number) as number[];
  const at = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  return now.getTime() > at + expiresIn * 1000;
}

export function s3ProxyRoute(options: { readonly s3Endpoint: string }): LocalRoute {
  return async (request, url, body) => {
    if (!url.pathname.startsWith(`${S3_PROXY_PREFIX}/`)) return null;
    if (request.method === 'OPTIONS') return { ...reply(204), headers: cors };
    if (request.method === 'GET') return download(options.s3Endpoint, url);
    if (request.method !== 'PUT') return reply(405, 'Only presigned PUT uploads and GET downloads');
    const path = url.pathname.slice(S3_PROXY_PREFIX.length);
    const [, bucket, ...rest] = path.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const contentType = String(request.headers['content-type'] ?? '');
    if (!bucket || !key.startsWith(INCOMING_PREFIX) || !url.searchParams.has('X-Amz-Signature'))
      return reply(403, 'AccessDenied');
    if (expired(url.searchParams, new Date())) return reply(403, 'Request has expired');
    // Staff upload letters' scanned pages under incoming/scans/: PDF too, up to 10 MB (letters.ts).
    const scan = key.startsWith(SCAN_PREFIX);
    const types: readonly string[] = scan ? scanContentTypes : attachmentContentTypes;
    if (!types.includes(contentType)) return reply(403, 'SignatureDoesNotMatch (content-type)');
    if (body.length === 0 || body.length > (scan ? MAX_SCAN_BYTES : MAX_ATTACHMENT_BYTES))
      return reply(400, 'EntityTooLarge');
    const response = await fetch(`${options.s3Endpoint}${path}`, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    });
    return {
      statusCode: response.status,
      headers: { ...cors, ...(response.headers.get('etag') ? { etag: response.headers.get('etag')! } : {}) },
      cookies: [],
      body: Buffer.from(await response.arrayBuffer()),
    };
  };
}

/** A presigned GET of a kept attachment: forwarded to the emulator, with the signed response headers. */
async function download(s3Endpoint: string, url: URL): Promise<HttpReply> {
  const path = url.pathname.slice(S3_PROXY_PREFIX.length);
  const [, bucket, ...rest] = path.split('/');
  const key = decodeURIComponent(rest.join('/'));
  if (!bucket || !key.startsWith(ATTACHMENTS_PREFIX) || !url.searchParams.has('X-Amz-Signature'))
    return reply(403, 'AccessDenied');
  if (expired(url.searchParams, new Date())) return reply(403, 'Request has expired');
  const response = await fetch(`${s3Endpoint}${path}`);
  if (!response.ok) return reply(response.status === 404 ? 404 : 502, 'NoSuchKey');
  const disposition = url.searchParams.get('response-content-disposition');
  return {
    statusCode: 200,
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'cache-control': 'private, max-age=300',
      ...(disposition ? { 'content-disposition': disposition } : {}),
    },
    cookies: [],
    body: Buffer.from(await response.arrayBuffer()),
  };
}
