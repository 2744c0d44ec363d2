import { describe, expect, it } from 'vitest';
import {
  compileRoute,
  fromHandlerResult,
  matchRoute,
  toHttpEvent,
} from '../../../infra/local/gateway-events.ts';
import { routes } from '../../../shared/topology.ts';

const compiled = routes.map(compileRoute);

describe('route matching like API Gateway', () => {
  it('finds a route and decodes its path parameters', () => {
    const match = matchRoute(compiled, 'GET', '/api/petitions/HY-7K3Q-9MXD');

    expect(match.kind).toBe('found');
    if (match.kind === 'found') {
      expect(match.compiled.routeKey).toBe('GET /api/petitions/{trackingCode}');
      expect(match.pathParameters).toEqual({ trackingCode: 'HY-7K3Q-9MXD' });
    }
  });

  it('answers method-not-allowed with the allowed methods for a known path', () => {
    expect(matchRoute(compiled, 'PUT', '/api/petitions')).toEqual({
      kind: 'methodNotAllowed',
      allow: ['POST'],
    });
  });

  it('answers not-found for unknown paths', () => {
    expect(matchRoute(compiled, 'GET', '/api/petitions/a/b')).toEqual({ kind: 'notFound' });
  });

  it('prefers a literal route over a parameterised one', () => {
    const table = [
      compileRoute({ method: 'GET', path: '/x/{id}', fn: 'apiHealth', auth: 'public' }),
      compileRoute({ method: 'GET', path: '/x/special', fn: 'apiCatalog', auth: 'public' }),
    ];
    const match = matchRoute(table, 'GET', '/x/special');

    expect(match.kind === 'found' && match.compiled.route.fn).toBe('apiCatalog');
  });
});

describe('payload v2 events', () => {
  it('carries route key, lower-case headers, cookies, query, body and request context', () => {
    const [route] = compiled.filter((entry) => entry.routeKey === 'POST /api/petitions');
    const event = toHttpEvent(
      {
        method: 'POST',
        url: new URL('http://localhost/api/petitions?a=1&a=2&b=x'),
        headers: {
          'content-type': 'application/json',
          'x-custom': 'v',
          cookie: 'a=1; b=2',
          host: 'localhost:3000',
        },
        body: Buffer.from('{"k":"值"}'),
        sourceIp: '10.0.0.7',
      },
      route!,
      {},
      null,
    );

    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /api/petitions');
    expect(event.rawQueryString).toBe('a=1&a=2&b=x');
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x' });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers['x-custom']).toBe('v');
    expect(event.body).toBe('{"k":"值"}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.http).toMatchObject({
      method: 'POST',
      path: '/api/petitions',
      sourceIp: '10.0.0.7',
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('base64-encodes binary bodies', () => {
    const event = toHttpEvent(
      {
        method: 'POST',
        url: new URL('http://localhost/api/petitions'),
        headers: { 'content-type': 'image/png' },
        body: Buffer.from([0, 1, 2, 255]),
        sourceIp: '::1',
      },
      compiled[0]!,
      {},
      null,
    );

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64')).toEqual(Buffer.from([0, 1, 2, 255]));
  });
});

describe('mapping results back', () => {
  it('passes a structured response through', () => {
    const reply = fromHandlerResult({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json' },
      body: '{"ok":true}',
    });

    expect(reply.statusCode).toBe(201);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.body.toString()).toBe('{"ok":true}');
  });

  it('turns a bare object into a 200 JSON response, as API Gateway does', () => {
    const reply = fromHandlerResult({ ok: true });

    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body.toString())).toEqual({ ok: true });
  });
});
