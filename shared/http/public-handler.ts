import middy from '@middy/core';
import { originVerifySecret } from '../config/env.ts';
import { rateLimiter, rateLimits } from '../runtime/deps/rate-limiter.ts';
import { type HttpRouteHandler, problemDetails } from './handler.ts';
import { rateLimit } from './rate-limit.ts';
import type { RateClass } from './rate-limit-policy.ts';
import type { HttpEvent, HttpResult } from './types.ts';

/**
 * Every public function is `publicHandler(rateClass, async (event) => …)`: the shared error mapping, then a
 * per-address rate limit (the viewer's, see viewer-address.ts) for its route class (429 problem+json with Retry-After), then the handler.
 * `test/unit/public/public-routes.test.ts` checks that every public route's function uses it.
 */
export function publicHandler(rateClass: RateClass, fn: HttpRouteHandler) {
  return middy<HttpEvent, HttpResult>()
    .use(problemDetails())
    .use(rateLimit(rateClass, { limiter: rateLimiter, limits: rateLimits, originVerifySecret }))
    .handler(fn);
}
