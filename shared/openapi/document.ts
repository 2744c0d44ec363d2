import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { idempotencyKeySchema } from '../schemas/idempotency-key.ts';
import { type RouteDef, type RouteKey, routeKey, routes } from '../topology.ts';
import {
  apiGatewayErrorSchema,
  open311ErrorListSchema,
  optionalHeaders,
  problemSchema,
  type ResponseHeaderName,
  responseHeaders,
  xmlDocumentSchema,
} from './components.ts';
import { operations } from './registry.ts';
import { type OperationSpec, tags } from './spec.ts';

/**
 * The OpenAPI 3.1 document of the whole topology, generated from the registry (`registry.ts`) with
 * `zod-openapi`, which renders the zod schemas through zod's own JSON Schema output (draft 2020-12, what
 * OpenAPI 3.1 uses). Request schemas render as their input, response schemas as their output.
 *
 * Besides each operation's own answers, the builder documents what every route of a kind shares: staff routes
 * carry the bearer scheme and may answer 401 and 403; public routes count requests per address (RateLimit-*
 * headers; 429 with Retry-After); input can be refused with field errors (400), a JSON body of another type
 * (415) or one that is too large (413); every route may answer 500 and 503. API Gateway's own answers
 * (`ApiGatewayError`: no authorizer pass 401, throttling 429, payload too large 413, integration failure 500,
 * 503, timeout 504) are listed with them. Under `/open311/` the function's errors are Open311's format.
 */

export const API_VERSION = '1.0.0';

const problemJson = { 'application/problem+json': { schema: problemSchema } } as const;
const gatewayJson = { schema: apiGatewayErrorSchema } as const;

const statusText: Record<number, string> = {
  400: 'The request was refused: field errors say what to change',
  401: 'No valid staff token (the JWT authorizer or the function refused it)',
  403: 'The caller may not do this',
  404: 'Not found',
  409: 'Conflict: somebody changed the resource first, or it is in a state that does not allow this',
  410: 'Gone: the link has expired or its survey is over',
  413: 'The body is too large (64 KB for the function, 10 MB for API Gateway)',
  415: 'The body must be application/json',
  422: 'Understood but refused by a business rule',
  423: 'Locked after too many wrong attempts: it lifts itself after 24 hours, or with the unlock code or link sent to its owner',
  429: 'Too many requests: wait Retry-After seconds (API Gateway throttling answers without it)',
  500: 'Internal error (details are logged, never returned)',
  503: 'A dependency is unavailable: retry after Retry-After seconds',
  504: 'API Gateway timed out waiting for the function',
};

function headersObject(names: readonly ResponseHeaderName[]) {
  if (names.length === 0) return undefined;
  return z.object(
    Object.fromEntries(
      names.map((name) => [
        name,
        optionalHeaders.has(name) ? responseHeaders[name].optional() : responseHeaders[name],
      ]),
    ),
  );
}

/** Which statuses the function itself may answer with an error, beyond the operation's own. */
function functionErrors(route: RouteDef, spec: OperationSpec): number[] {
  const statuses = new Set<number>([500, 503, ...(spec.problems ?? [])]);
  const takesInput = spec.path || spec.query || spec.body || spec.idempotencyKey;
  if (takesInput) statuses.add(400);
  if (spec.body) statuses.add(413);
  if (spec.body && !spec.body.form) statuses.add(415);
  if (route.auth === 'staff') {
    statuses.add(401);
    statuses.add(403);
  } else {
    statuses.add(429);
  }
  return [...statuses];
}

/** What API Gateway itself may answer for this route. */
function gatewayErrors(route: RouteDef, spec: OperationSpec): number[] {
  return [429, 500, 503, 504, ...(route.auth === 'staff' ? [401] : []), ...(spec.body ? [413] : [])];
}

function errorResponse(route: RouteDef, status: number, fromFunction: boolean, fromGateway: boolean) {
  const open311 = route.path.startsWith('/open311/');
  const content: Record<string, { schema: z.ZodType }> = {};
  if (fromFunction && open311) {
    content['application/json'] = {
      schema: fromGateway ? z.union([open311ErrorListSchema, apiGatewayErrorSchema]) : open311ErrorListSchema,
    };
    content['text/xml'] = { schema: xmlDocumentSchema };
  } else {
    if (fromFunction) Object.assign(content, problemJson);
    if (fromGateway) content['application/json'] = gatewayJson;
  }
  const retryAfter = fromFunction && (status === 429 || status === 503);
  return {
    description: statusText[status] ?? `HTTP ${status}`,
    content,
    ...(retryAfter ? { headers: headersObject(['Retry-After'])! } : {}),
  } satisfies ZodOpenApiResponseObject;
}

function operationId(route: RouteDef): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) =>
      segment.startsWith('{')
        ? `By-${segment.slice(1, -1)}`
        : segment.replace(/\./g, '-').replace(/^v\d+$/, ''),
    )
    .filter(Boolean)
    .join('-');
  return `${route.method.toLowerCase()}-${words}`.replace(/-([a-z0-9])/gi, (_, letter: string) =>
    letter.toUpperCase(),
  );
}

function operationFor(route: RouteDef, spec: OperationSpec): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    if (!response) continue;
    const extra: ResponseHeaderName[] =
      route.auth === 'public'
        ? ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy']
        : [];
    const headers = headersObject([...(response.headers ?? []), ...extra]);
    responses[status] = {
      description: response.description,
      ...(response.content
        ? {
            content: Object.fromEntries(
              Object.entries(response.content).map(([type, schema]) => [
                type,
                { schema: schema as z.ZodType },
              ]),
            ),
          }
        : {}),
      ...(headers ? { headers } : {}),
    };
  }
  const fromFunction = new Set(functionErrors(route, spec));
  const fromGateway = new Set(gatewayErrors(route, spec));
  for (const status of [...new Set([...fromFunction, ...fromGateway])].sort((a, b) => a - b))
    responses[String(status)] = errorResponse(
      route,
      status,
      fromFunction.has(status),
      fromGateway.has(status),
    );

  const roles = spec.roles ? `\n\nRoles: ${spec.roles.join(', ')}.` : '';
  const parameters = {
    ...(spec.path ? { path: spec.path } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.idempotencyKey
      ? {
          header: z.object({
            'Idempotency-Key': (spec.idempotencyKey === true
              ? idempotencyKeySchema
              : spec.idempotencyKey
            ).meta({
              description:
                'Names this request: a replay with the same key answers with what the first one created (petitions, registrations and Open311 keep keys for a day)',
            }),
          }),
        }
      : {}),
  };
  return {
    operationId: operationId(route),
    summary: spec.summary,
    description: `${spec.description ?? spec.summary}${roles}`,
    tags: [spec.tag],
    security: route.auth === 'staff' ? [{ staffBearer: [] }] : [],
    ...(Object.keys(parameters).length > 0 ? { requestParams: parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: !spec.body.optional,
            content: {
              [spec.body.form ? 'application/x-www-form-urlencoded' : 'application/json']: {
                schema: spec.body.schema,
              },
            },
          },
        }
      : {}),
    responses,
  };
}

export interface DocumentOptions {
  /** Where the API is served; relative by default (site and API share one origin). */
  readonly serverUrl?: string;
}

/** The whole document; throws when a topology route has no entry in the registry. */
export function buildOpenApiDocument(options: DocumentOptions = {}) {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const route of routes) {
    const key = routeKey(route) as RouteKey;
    const spec: OperationSpec | undefined = operations[key];
    if (!spec) throw new Error(`${key} is not documented: add it to shared/openapi/registry.ts`);
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operationFor(route, spec);
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Huiyin (回音) API',
        version: API_VERSION,
        description:
          'Generated from the zod schemas the handlers parse with (never written by hand). Public routes need no login and are rate-limited per address; staff routes need a Bearer JWT from the county’s OpenID Connect provider; Open311 routes follow GeoReport v2. Errors are `application/problem+json` (RFC 9457) with field errors, Open311’s own format under `/open311/`, or API Gateway’s `{"message"}` when the gateway answers before the function.',
      },
      servers: [
        {
          url: options.serverUrl ?? '/',
          description: 'This deployment (the site and the API share one origin)',
        },
      ],
      tags: Object.entries(tags).map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: {
          staffBearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'An access token from the stage’s OpenID Connect issuer (Cognito, the county’s own provider, or the local provider), verified by API Gateway’s JWT authorizer; roles come from its claims',
          },
        },
      },
      paths,
    },
    { reused: 'inline' },
  );
}
