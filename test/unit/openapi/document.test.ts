import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../shared/openapi/document.ts';
import { routeKey, routes } from '../../../shared/topology.ts';

/**
 * The generated document against the topology: every route is an operation, with what its kind shares (the
 * bearer scheme and 401/403 for staff routes, rate-limit headers and 429 for public ones, problem+json or
 * Open311's error format for refusals). The contract test checks real answers against it.
 */

type Operation = {
  operationId: string;
  security: unknown[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};

const document = buildOpenApiDocument() as unknown as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};
const operationOf = (method: string, path: string) => document.paths[path]?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the staff bearer scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.staffBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every route of the topology, and no other', () => {
    const missing = routes.filter((route) => !operationOf(route.method, route.path)).map(routeKey);
    expect(missing).toEqual([]);
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map(routeKey).sort());
  });

  it('gives each operation a unique id', () => {
    const ids = routes.map((route) => operationOf(route.method, route.path)!.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts staff routes behind the bearer scheme, with 401 and 403', () => {
    for (const route of routes.filter((candidate) => candidate.auth === 'staff')) {
      const operation = operationOf(route.method, route.path)!;
      expect(operation.security, routeKey(route)).toEqual([{ staffBearer: [] }]);
      expect(Object.keys(operation.responses), routeKey(route)).toEqual(
        expect.arrayContaining(['401', '403']),
      );
    }
  });

  it('shows the rate limit on public routes: RateLimit headers on success, 429 with Retry-After', () => {
    for (const route of routes.filter((candidate) => candidate.auth === 'public')) {
      const operation = operationOf(route.method, route.path)!;
      expect(operation.security, routeKey(route)).toEqual([]);
      for (const [status, response] of Object.entries(operation.responses).filter(([code]) => code < '300'))
        expect(Object.keys(response.headers ?? {}), `${routeKey(route)} ${status}`).toEqual(
          expect.arrayContaining([
            'RateLimit-Limit',
            'RateLimit-Remaining',
            'RateLimit-Reset',
            'RateLimit-Policy',
          ]),
        );
      expect(Object.keys(operation.responses['429']?.headers ?? {}), routeKey(route)).toContain(
        'Retry-After',
      );
    }
  });

  it('answers refused input with problem+json, and with Open311’s own format under /open311/', () => {
    for (const route of routes) {
      const operation = operationOf(route.method, route.path)!;
      const refusal = operation.responses['400'] ?? operation.responses['404'];
      if (!refusal) continue;
      const types = Object.keys(refusal.content ?? {});
      if (route.path.startsWith('/open311/')) {
        expect(types, routeKey(route)).toEqual(['application/json', 'text/xml']);
        expect(types, routeKey(route)).not.toContain('application/problem+json');
      } else expect(types, routeKey(route)).toContain('application/problem+json');
    }
  });

  it('documents the Idempotency-Key header where a replay is recognised', () => {
    const withKey = [
      'POST /api/petitions',
      'POST /api/staff/cases',
      'POST /open311/v2/requests.json',
      'POST /api/help-mailbox/letters',
    ];
    const header = (key: string) => {
      const [method, path] = key.split(' ') as [string, string];
      return (operationOf(method, path)!.parameters ?? []).find(
        (parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
      );
    };
    for (const key of withKey) expect(header(key), key).toBeDefined();
    // The help mailbox derives the letter code from the key, so it takes the handler's own stricter rule.
    expect(header('POST /api/help-mailbox/letters')).toMatchObject({
      schema: expect.objectContaining({ pattern: '^[A-Za-z0-9_-]{32,128}$' }),
    });
  });

  it('takes path parameters from the same zod schemas the handlers parse with', () => {
    const parameters = operationOf('GET', '/api/staff/cases/{caseId}')!.parameters ?? [];
    expect(parameters).toContainEqual(
      expect.objectContaining({
        in: 'path',
        name: 'caseId',
        required: true,
        schema: expect.objectContaining({ pattern: '^[0-9A-Z]{26}$' }),
      }),
    );
    const form = operationOf('POST', '/open311/v2/requests.xml')!.requestBody!.content;
    expect(Object.keys(form)).toEqual(['application/x-www-form-urlencoded']);
  });
});
