import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { problem, problemTypeUri } from '../../shared/http/responses.ts';
import type { HttpResult } from '../../shared/http/types.ts';
import { routeKey, routes } from '../../shared/topology.ts';
import { invoke } from './functions.ts';
import {
  compileRoute,
  fromHandlerResult,
  type HttpReply,
  matchRoute,
  toHttpEvent,
} from './gateway-events.ts';
import { serveStatic } from './static-files.ts';

/**
 * The local stand-in for API Gateway (HTTP API): routes from the topology, payload v2 events for the real
 * handlers, 404/405 like API Gateway, JWT claims for staff routes, and the built site for everything else.
 */

/** API Gateway HTTP API refuses payloads above 10 MB before any function runs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export type JwtVerifier = (
  token: string,
) => Promise<Record<string, string | number | boolean | string[]> | null>;

/** Extra handlers mounted by the local runtime only (dev tools under `/_local/`). */
export type LocalRoute = (request: IncomingMessage, url: URL, body: Buffer) => Promise<HttpReply | null>;

/**
 * A whole Node request handler mounted under a path prefix, before the gateway reads the body (the local OIDC
 * provider under `/oidc`, which parses its own requests and writes its own responses).
 */
export interface RawRoute {
  readonly prefix: string;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

export interface GatewayOptions {
  readonly port: number;
  readonly host?: string;
  readonly staticRoot: string;
  readonly verifyJwt?: JwtVerifier;
  readonly localRoutes?: readonly LocalRoute[];
  readonly rawRoutes?: readonly RawRoute[];
  /** Origins browsers upload photos to, added to the pages' CSP `connect-src` (CloudFront adds the bucket's). */
  readonly uploadOrigins?: readonly string[];
}

export interface Gateway {
  readonly url: string;
  readonly server: Server;
  /** Route keys this gateway serves, for the topology parity test. */
  readonly routeKeys: readonly string[];
  close(): Promise<void>;
}

const compiledRoutes = routes.map(compileRoute);

function send(response: ServerResponse, reply: HttpReply, acceptsGzip: boolean): void {
  let body = reply.body;
  const headers: Record<string, string | string[]> = { ...reply.headers };
  if (reply.cookies.length > 0) headers['set-cookie'] = [...reply.cookies];
  const compressible = /^(text\/|application\/(json|problem\+json|javascript|xml))|image\/svg/.test(
    reply.headers['content-type'] ?? '',
  );
  if (acceptsGzip && compressible && body.length > 1024 && !headers['content-encoding']) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
    headers.vary = 'accept-encoding';
  }
  headers['content-length'] = String(body.length);
  response.writeHead(reply.statusCode, headers);
  response.end(body);
}

/** The site's CSP with extra `connect-src` origins. */
function withConnectSources(
  headers: Record<string, string>,
  origins: readonly string[],
): Record<string, string> {
  const policy = headers['content-security-policy'];
  if (!policy || origins.length === 0) return headers;
  return {
    ...headers,
    'content-security-policy': policy.replace(
      /connect-src ([^;]*)/,
      (directive) => `${directive} ${origins.join(' ')}`,
    ),
  };
}

function problemReply(result: HttpResult): HttpReply {
  return fromHandlerResult(result);
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const raw = options.rawRoutes?.find(
      (route) => url.pathname === route.prefix || url.pathname.startsWith(`${route.prefix}/`),
    );
    if (raw) return raw.handle(request, response);
    const body = await readBody(request);
    if (body === null) {
      send(
        response,
        problemReply(
          problem({
            type: problemTypeUri('payload-too-large'),
            title: 'Request Entity Too Large',
            status: 413,
          }),
        ),
        acceptsGzip,
      );
      return;
    }
    for (const localRoute of options.localRoutes ?? []) {
      const reply = await localRoute(request, url, body);
      if (reply) return send(response, reply, acceptsGzip);
    }
    const match = matchRoute(compiledRoutes, method, url.pathname);
    if (match.kind === 'notFound') {
      if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/open311/')) {
        return send(
          response,
          problemReply(problem({ type: problemTypeUri('not-found'), title: 'Not Found', status: 404 })),
          acceptsGzip,
        );
      }
      if (method !== 'GET' && method !== 'HEAD') {
        return send(
          response,
          problemReply(
            problem(
              { type: problemTypeUri('method-not-allowed'), title: 'Method Not Allowed', status: 405 },
              { allow: 'GET, HEAD' },
            ),
          ),
          acceptsGzip,
        );
      }
      const file = await serveStatic(options.staticRoot, url.pathname);
      return send(
        response,
        {
          statusCode: file.status,
          headers: withConnectSources(file.headers, options.uploadOrigins ?? []),
          cookies: [],
          body: method === 'HEAD' ? Buffer.alloc(0) : file.body,
        },
        acceptsGzip,
      );
    }
    if (match.kind === 'methodNotAllowed') {
      return send(
        response,
        problemReply(
          problem(
            { type: problemTypeUri('method-not-allowed'), title: 'Method Not Allowed', status: 405 },
            { allow: match.allow.join(', ') },
          ),
        ),
        acceptsGzip,
      );
    }
    let claims: Record<string, string | number | boolean | string[]> | null = null;
    if (match.compiled.route.auth === 'staff') {
      const token = bearerToken(request.headers.authorization);
      claims = token && options.verifyJwt ? await options.verifyJwt(token) : null;
      if (!claims) {
        // API Gateway's JWT authorizer answers 401 before the function runs.
        return send(
          response,
          problemReply(
            problem(
              { type: problemTypeUri('unauthorized'), title: 'Unauthorized', status: 401 },
              { 'www-authenticate': 'Bearer' },
            ),
          ),
          acceptsGzip,
        );
      }
    }
    const event = toHttpEvent(
      {
        method,
        url,
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      },
      match.compiled,
      match.pathParameters,
      claims,
    );
    try {
      const result = await invoke(match.compiled.route.fn, event);
      send(response, fromHandlerResult(result), acceptsGzip);
    } catch (error) {
      // A function that throws or times out: API Gateway answers a bare 500 (its own format, not ours).
      console.error(`[gateway] ${match.compiled.routeKey} failed:`, (error as Error).message);
      send(
        response,
        {
          statusCode: 500,
          headers: { 'content-type': 'application/json' },
          cookies: [],
          body: Buffer.from('{"message":"Internal Server Error"}'),
        },
        acceptsGzip,
      );
    }
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[gateway] unexpected failure:', (error as Error).message);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    server,
    routeKeys: compiledRoutes.map((compiled) => routeKey(compiled.route)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
