import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER, VIEWER_IP_HEADER } from './edge.ts';
import type { HttpEvent } from './types.ts';

/**
 * The address of the person making a request, for per-address limits. Behind CloudFront the TCP peer API
 * Gateway reports (`requestContext.http.sourceIp`) is an edge server shared by a whole city, so the viewer's own
 * address comes from CloudFront's `CloudFront-Viewer-Address` header; anyone can send that header, so it is
 * believed only together with the origin-verify secret CloudFront adds (compared in constant time). Everything
 * else (no secret configured: the stage does not sit behind CloudFront; wrong or missing secret; a malformed
 * header) falls back to the source IP. One code path for the cloud and the local edge. The china profile's site
 * gateway sends the bare address instead (`x-viewer-ip`), under the same secret.
 */

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `198.51.100.10:46532` → `198.51.100.10`; `2001:db8::1:46532` → `2001:db8::1` (the port is the last part). */
export function viewerIp(headerValue: string): string | undefined {
  const match = /^\[?([0-9A-Fa-f:.]+?)\]?:(\d{1,5})$/.exec(headerValue.trim());
  if (!match) return undefined;
  const ip = match[1]!;
  const ipv4 = /^(\d{1,3})(\.\d{1,3}){3}$/.test(ip);
  const ipv6 = ip.includes(':') && /^[0-9A-Fa-f:.]+$/.test(ip);
  return ipv4 || ipv6 ? ip : undefined;
}

export function viewerAddress(event: HttpEvent, originVerifySecret: string | undefined): string {
  const sourceIp = event.requestContext?.http?.sourceIp ?? 'unknown';
  if (!originVerifySecret) return sourceIp;
  const headers = event.headers ?? {};
  if (!sameSecret(headers[ORIGIN_VERIFY_HEADER], originVerifySecret)) return sourceIp;
  const forwarded = headers[VIEWER_ADDRESS_HEADER];
  const bare = headers[VIEWER_IP_HEADER]?.trim();
  return (forwarded && viewerIp(forwarded)) || (bare && isIP(bare) ? bare : undefined) || sourceIp;
}
