import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import {
  cacheKeyHeaders,
  forwardedViewerHeaders,
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
} from '../../shared/http/edge.ts';

/**
 * The local edge, CloudFront's part of the path to the API: the origin sees only the viewer headers the origin
 * request and cache policies forward (shared/http/edge.ts), cookies and the compression CloudFront negotiates,
 * plus the headers CloudFront adds: the viewer's address and port, and the origin-verify custom header. A viewer
 * cannot smuggle either in: CloudFront's values replace whatever the viewer sent.
 */
export function edgeForwardedHeaders(
  request: IncomingMessage,
  originVerifySecret: string,
): IncomingHttpHeaders {
  const forwarded: IncomingHttpHeaders = {};
  for (const name of [...forwardedViewerHeaders, ...cacheKeyHeaders, 'cookie', 'accept-encoding', 'host']) {
    const value = request.headers[name];
    if (value !== undefined) forwarded[name] = value;
  }
  const ip = request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  forwarded[VIEWER_ADDRESS_HEADER] = `${ip}:${request.socket.remotePort ?? 0}`;
  forwarded[ORIGIN_VERIFY_HEADER] = originVerifySecret;
  return forwarded;
}
