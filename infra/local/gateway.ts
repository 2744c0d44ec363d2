import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { problem, problemTypeUri } from '../../shared/http/responses.ts';
import type { HttpResult } from '../../shared/http/types.ts';
import { routeKey, routes } from '../../shared/topology.ts';
import type { ThrottleSettings } from '../cdk/stage-settings.ts';
import {
  forbidden,
  INTEGRATION_TIMEOUT_MS,
  internalServerError,
  MAX_PAYLOAD_BYTES as MAX_API_PAYLOAD_BYTES,
  notFound,
  payloadTooLarge,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
} from './api-gateway-answers.ts';
import { edgeForwardedHeaders } from './edge.ts';
import type { ForegroundGate } from './foreground.ts';
import { invoke } from './functions.ts';
import {
  compileRoute,
  fromHandlerResult,
  type HttpReply,
  matchRoute,
  toHttpEvent,
} from './gateway-events.ts';
import { serveStatic } from './static-files.ts';
import { RouteThrottle } from './throttle.ts';

/**
 * The local stand-in for CloudFront + API Gateway (HTTP API): routes from the topology, payload v2 events for the
 * real handlers, API Gateway's own answers (api-gateway-answers.ts) where it answers itself, the stage's
 * throttle, JWT claims for staff routes, and the built site for everything else. Behind CloudFront (`edge`),
 * API requests pass the local edge first, which forwards what the origin request policy forwards and adds the
 * viewer's address with the origin-verify secret; the API's own endpoint (`apiEndpointUrl`) is then disabled.
 */

/** API Gateway HTTP API refuses payloads above 10 MB before any function runs. */
export const MAX_PAYLOAD_BYTES = MAX_API_PAYLOAD_BYTES;

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
  /** The stage sits behind CloudFront: the local edge adds the viewer address and this origin-verify secret. */
  readonly edge?: { readonly originVerifySecret: string } | null;
  /** The stage's throttle (per route); `off` for tools that must not be throttled. */
  readonly throttle?: ThrottleSettings | 'off';
  /** API Gateway's integration timeout (30 s); tests shorten it. */
  readonly integrationTimeoutMs?: number;
  /** Counts the API's invocations in flight, so the pipeline's pollers let them go first (foreground.ts). */
  readonly foreground?: ForegroundGate;
}

export interface Gateway {
  readonly url: string;
  /** The API's own endpoint (execute-api): the same as `url` without an edge, disabled (403) behind one. */
  readonly apiEndpointUrl: string;
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

/** Paths CloudFront sends to the API (web-stack.ts `apiPathPatterns`); everything else is the site. */
export function isApiPath(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname.startsWith('/open311/');
}

function peerAddress(request: IncomingMessage): string {
  return request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
}

/** What API Gateway receives: through the local edge when the stage sits behind CloudFront. */
function apiRequest(request: IncomingMessage, edge: GatewayOptions['edge']) {
  if (!edge) return { headers: request.headers, sourceIp: peerAddress(request) };
  return {
    headers: edgeForwardedHeaders(request, edge.originVerifySecret),
    // API Gateway sees the edge server as the TCP peer, as it sees a CloudFront edge.
    sourceIp: request.socket.localAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
  };
}

/** API Gateway with a Lambda proxy integration: route, throttle, authorizer, then the function. */
async function serveApi(
  options: GatewayOptions,
  throttle: RouteThrottle | null,
  request: IncomingMessage,
  url: URL,
  method: string,
  body: Buffer,
): Promise<HttpReply> {
  const match = matchRoute(compiledRoutes, method, url.pathname);
  if (match.kind !== 'found') return notFound();
  if (throttle && !throttle.take(match.compiled.routeKey)) return tooManyRequests();
  const { headers, sourceIp } = apiRequest(request, options.edge);
  let claims: Record<string, string | number | boolean | string[]> | null = null;
  if (match.compiled.route.auth === 'staff') {
    const header = headers.authorization;
    const token = bearerToken(Array.isArray(header) ? header[0] : header);
    if (!token) return unauthorized();
    claims = options.verifyJwt ? await options.verifyJwt(token) : null;
    if (!claims) return unauthorized('the token is not valid');
  }
  const event = toHttpEvent(
    { method, url, headers, body, sourceIp },
    match.compiled,
    match.pathParameters,
    claims,
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS);
  });
  const leave = options.foreground?.enter();
  try {
    const result = await Promise.race([invoke(match.compiled.route.fn, event), timedOut]);
    if (result === 'timeout') {
      console.error(`[gateway] ${match.compiled.routeKey}: integration timed out`);
      return serviceUnavailable();
    }
    return fromHandlerResult(result);
  } catch (error) {
    // A function that throws or exceeds its own timeout: Lambda reports a function error, API Gateway a 500.
    console.error(`[gateway] ${match.compiled.routeKey} failed:`, (error as Error).message);
    return internalServerError();
  } finally {
    clearTimeout(timer);
    leave?.();
  }
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const throttle =
    options.throttle && options.throttle !== 'off' ? new RouteThrottle(options.throttle) : null;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const raw = options.rawRoutes?.find(
      (route) => url.pathname === route.prefix || url.pathname.startsWith(`${route.prefix}/`),
    );
    if (raw) return raw.handle(request, response);
    const body = await readBody(request);
    if (body === null) return send(response, payloadTooLarge(), acceptsGzip);
    for (const localRoute of options.localRoutes ?? []) {
      const reply = await localRoute(request, url, body);
      if (reply) return send(response, reply, acceptsGzip);
    }
    if (isApiPath(url.pathname)) {
      return send(response, await serveApi(options, throttle, request, url, method, body), acceptsGzip);
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
  };
  const host = options.host ?? '127.0.0.1';
  const server = await listen(options.port, host, (request, response) =>
    handle(request, response).catch((error: unknown) => {
      console.error('[gateway] unexpected failure:', (error as Error).message);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    }),
  );
  const urlOf = (listening: Server) => {
    const address = listening.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  };
  // Behind CloudFront the execute-api endpoint is disabled: it still accepts connections and answers 403.
  const disabledEndpoint = options.edge
    ? await listen(0, host, (_request, response) => send(response, forbidden(), false))
    : null;
  const close = (listening: Server) =>
    new Promise<void>((resolve) => {
      listening.closeAllConnections();
      listening.close(() => resolve());
    });
  return {
    url: urlOf(server),
    apiEndpointUrl: urlOf(disabledEndpoint ?? server),
    server,
    routeKeys: compiledRoutes.map((compiled) => routeKey(compiled.route)),
    close: async () => {
      await Promise.all([close(server), ...(disabledEndpoint ? [close(disabledEndpoint)] : [])]);
    },
  };
}

async function listen(
  port: number,
  host: string,
  handler: (request: IncomingMessage, response: ServerResponse) => unknown,
): Promise<Server> {
  const server = createServer((request, response) => {
    handler(request, response);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
