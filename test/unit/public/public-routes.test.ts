import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functions, routeKey, routes } from '../../../shared/topology.ts';

/**
 * Every public route is rate-limited (DESIGN §6): its function is built with `publicHandler` (problem+json) or,
 * under `/open311/`, `open311Handler` (the spec's error format), and may write the counters (they live in the
 * idempotency table). A public route added without either fails here.
 */

const publicRoutes = routes.filter((route) => route.auth === 'public');

describe.each(publicRoutes.map((route) => [routeKey(route), route] as const))('%s', (_key, route) => {
  const definition = functions[route.fn];
  const source = readFileSync(
    resolve(import.meta.dirname, '../../../functions', `${definition.entry}.ts`),
    'utf8',
  );

  it('is built with publicHandler, or open311Handler under /open311/ (per-IP rate limit)', () => {
    const builder = route.path.startsWith('/open311/') ? 'open311Handler' : 'publicHandler';
    expect(source).toMatch(new RegExp(`export const handler = ${builder}\\('(read|submit|upload|verify)'`));
  });

  it('may write the rate-limit counters', () => {
    const uses = definition.uses as { tables?: Record<string, string> };
    expect(uses.tables?.idempotency).toBe('readWrite');
  });
});
