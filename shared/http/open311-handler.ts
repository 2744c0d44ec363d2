import middy, { type MiddlewareObj } from '@middy/core';
import type * as z from 'zod';
import { formatOf, Open311Error } from '../domain/open311/model.ts';
import { errorFromException } from '../domain/open311/render.ts';
import { logger } from '../logging/logger.ts';
import { rateLimiter, rateLimits } from '../runtime/deps/rate-limiter.ts';
import { isDependencyFailure } from './dependency-failure.ts';
import type { HttpRouteHandler } from './handler.ts';
import { rateLimit } from './rate-limit.ts';
import type { RateClass } from './rate-limit-policy.ts';
import type { HttpEvent, HttpResult } from './types.ts';

/**
 * Every failure under `/open311/` in the spec's error format, in the format the path asks for (`….xml` → XML,
 * else JSON): refused input, unknown ids, a spent rate limit (429 with Retry-After), an outage (503), a bug
 * (500, logged). Never problem+json: 311 clients parse only their own format.
 */
export function open311Errors(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      const segment = request.event.rawPath?.split('/').at(-1);
      const { result, unexpected } = await errorFromException(formatOf(segment), request.error, {
        isDependencyFailure,
      });
      if (unexpected) logger.error('open311 request failed', { error: request.error });
      request.response = result;
    },
  };
}

/**
 * Every Open311 function is `open311Handler(rateClass, async (event) => …)`: the Open311 error mapping, then
 * the per-IP rate limit of its route class, then the handler (which counts a client's key against its own
 * limit). `test/unit/public/public-routes.test.ts` checks that every public route uses this or `publicHandler`.
 */
export function open311Handler(rateClass: RateClass, fn: HttpRouteHandler) {
  return middy<HttpEvent, HttpResult>()
    .use(open311Errors())
    .use(rateLimit(rateClass, { limiter: rateLimiter, limits: rateLimits }))
    .handler(fn);
}

/** Parameters checked by their schema; a failure is a 400 in the spec's format naming the parameter. */
export function parseOpen311<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Open311Error(400, `${issue.path.map(String).join('.') || 'request'}: ${issue.message}`);
}
