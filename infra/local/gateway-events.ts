import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpEvent, HttpResult } from '../../shared/http/types.ts';
import type { RouteDef } from '../../shared/topology.ts';

/**
 * Faithful API Gateway HTTP API (payload format 2.0) events, and the mapping of handler results back to
 * HTTP, including API Gateway's rules for results that are not a structured response.
 */

export interface CompiledRoute {
  readonly route: RouteDef;
  readonly routeKey: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
}

export function compileRoute(route: RouteDef): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        parameterNames.push(greedy[1]!);
        return '(.+)';
      }
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter) {
        parameterNames.push(parameter[1]!);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return {
    route,
    routeKey: `${route.method} ${route.path}`,
    pattern: new RegExp(`^${source}$`),
    parameterNames,
  };
}

export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly compiled: CompiledRoute;
      readonly pathParameters: Record<string, string>;
    }
  | { readonly kind: 'methodNotAllowed'; readonly allow: readonly string[] }
  | { readonly kind: 'notFound' };

/** A malformed escape (`%E0%A4%A`) is passed on as written, for the function to refuse, never a gateway 500. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Literal paths win over parameterised ones, as in API Gateway. */
export function matchRoute(routes: readonly CompiledRoute[], method: string, path: string): RouteMatch {
  const candidates = routes
    .map((compiled) => ({ compiled, match: compiled.pattern.exec(path) }))
    .filter((candidate) => candidate.match !== null)
    .sort((a, b) => a.compiled.parameterNames.length - b.compiled.parameterNames.length);
  if (candidates.length === 0) return { kind: 'notFound' };
  const hit = candidates.find((candidate) => candidate.compiled.route.method === method);
  if (!hit)
    return {
      kind: 'methodNotAllowed',
      allow: [...new Set(candidates.map((candidate) => candidate.compiled.route.method))],
    };
  const pathParameters: Record<string, string> = {};
  hit.compiled.parameterNames.forEach((name, index) => {
    pathParameters[name] = safeDecode(hit.match![index + 1]!);
  });
  return { kind: 'found', compiled: hit.compiled, pathParameters };
}

const textualContentType =
  /^(text\/|application\/(json|.*\+json|x-www-form-urlencoded|xml|.*\+xml|javascript)|multipart\/form-data)/i;

export interface RawRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
}

export function toHttpEvent(
  request: RawRequest,
  compiled: CompiledRoute,
  pathParameters: Record<string, string>,
  claims: Record<string, string | number | boolean | string[]> | null,
): HttpEvent {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies.push(...String(value).split(/;\s*/).filter(Boolean));
      continue;
    }
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of request.url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  const isBase64Encoded = request.body.length > 0 && !textualContentType.test(contentType);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: compiled.routeKey,
    rawPath: request.url.pathname,
    rawQueryString: request.url.search.replace(/^\?/, ''),
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: request.method,
        path: request.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: compiled.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(request.body.length > 0
      ? {
          body: isBase64Encoded ? request.body.toString('base64') : request.body.toString('utf8'),
          isBase64Encoded,
        }
      : { isBase64Encoded: false }),
  } as HttpEvent;
}

export interface HttpReply {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

/** API Gateway v2: a result without `statusCode` is a 200 whose JSON body is the result itself. */
export function fromHandlerResult(result: unknown): HttpReply {
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const structured = result as HttpResult;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    const body =
      structured.body === undefined
        ? Buffer.alloc(0)
        : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
    return { statusCode: structured.statusCode ?? 200, headers, cookies: structured.cookies ?? [], body };
  }
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(body),
  };
}
