import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  isPublicAddress,
  type TargetPolicy,
  type TargetProblem,
  targetProblem,
} from '../../domain/net/address-policy.ts';

/**
 * Outbound HTTP to addresses other people chose (a unit's webhook, an Open311 `media_url`), safe against
 * server-side request forgery:
 *
 * 1. the URL is checked on its own (scheme, credentials, literal internal addresses);
 * 2. the name is resolved once, and the request is refused if **any** of its addresses is not public;
 * 3. the connection goes to the address just checked (a `lookup` that answers with it), so a name that
 *    resolves to a public address for the check and to 169.254.169.254 a moment later (DNS rebinding)
 *    cannot redirect it. TLS still verifies the certificate against the name (SNI and host check);
 * 4. redirects are never followed (a 3xx is just a status), the whole exchange has one deadline, and a
 *    response body is read only up to a limit.
 *
 * Plain `node:http`/`node:https`: global `fetch` (undici) offers no way to pin the address without a
 * dispatcher from the separate `undici` package.
 */

export class BlockedTargetError extends Error {
  override readonly name = 'BlockedTargetError';
  constructor(readonly problem: TargetProblem) {
    super(`outbound request refused: ${problem}`);
  }
}

export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`response larger than ${limitBytes} bytes`);
  }
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

export interface GuardedRequestOptions {
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly policy: TargetPolicy;
  /** For the whole exchange: connect, send, and read the body. */
  readonly timeoutMs: number;
  /** Read the body up to this many bytes (more is an error); without it the body is discarded unread. */
  readonly maxResponseBytes?: number;
  /** Tests resolve names themselves; production uses the system resolver. */
  readonly resolve?: Resolver;
}

export interface GuardedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body?: Buffer;
  /** The address the request went to (the one that was checked). */
  readonly address: string;
}

/** Resolves the URL's host and checks every address; returns the one to connect to. */
export async function resolvePermittedAddress(
  url: URL,
  policy: TargetPolicy,
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = /^[\d.]+$|:/.test(host);
  const addresses: readonly ResolvedAddress[] = literal
    ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
    : await resolve(host);
  if (addresses.length === 0) throw new Error(`no address for ${host}`);
  if (!policy.allowPrivate && addresses.some((entry) => !isPublicAddress(entry.address)))
    throw new BlockedTargetError('private-address');
  return addresses[0]!;
}

export async function guardedRequest(url: string, options: GuardedRequestOptions): Promise<GuardedResponse> {
  const problem = targetProblem(url, options.policy);
  if (problem) throw new BlockedTargetError(problem);
  const target = new URL(url);
  const pinned = await resolvePermittedAddress(target, options.policy, options.resolve);
  // Every connection of this request goes to the checked address, whatever DNS says by then.
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as unknown as (error: null, addresses: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<GuardedResponse>((resolve, reject) => {
    const request = send(
      target,
      {
        method: options.method,
        headers: {
          ...options.headers,
          ...(options.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
        },
        lookup,
        // The certificate is checked against the name, never against the pinned address.
        servername: target.hostname.replace(/^\[|\]$/g, ''),
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (options.maxResponseBytes === undefined) {
          // The status is all a webhook needs; nothing more is read from a server we do not control.
          response.destroy();
          resolve({ status, headers: response.headers, address: pinned.address });
          return;
        }
        const limit = options.maxResponseBytes;
        const declared = Number(response.headers['content-length'] ?? '0');
        if (declared > limit) {
          response.destroy();
          reject(new ResponseTooLargeError(limit));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > limit) {
            response.destroy();
            reject(new ResponseTooLargeError(limit));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status,
            headers: response.headers,
            body: Buffer.concat(chunks),
            address: pinned.address,
          }),
        );
      },
    );
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('close', () => clearTimeout(deadline));
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(options.body);
  });
}
