import type { MiddlewareObj } from '@middy/core';
import { HuiyinError } from '../errors/index.ts';
import { logger } from '../logging/logger.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import { isDependencyFailure } from './dependency-failure.ts';
import {
  type RateClass,
  type RateLimit,
  type RateLimits,
  rateWindow,
  retryAfterSeconds,
} from './rate-limit-policy.ts';
import type { HttpEvent, HttpResult } from './types.ts';
import { viewerAddress } from './viewer-address.ts';

/** 429 with `Retry-After` (seconds until the caller's window ends). */
export class TooManyRequestsError extends HuiyinError {
  override readonly name = 'TooManyRequestsError';
  readonly type = 'too-many-requests';
  readonly status = 429;
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super({
      zh: `操作过于频繁，请在 ${retryAfterSeconds} 秒后再试`,
      en: `Too many requests; try again in ${retryAfterSeconds} seconds`,
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface RateLimitDependencies {
  readonly limiter: () => RateLimiter;
  readonly limits: () => RateLimits;
  readonly now?: () => Date;
  /** The origin-verify secret the edge sends, when the stage sits behind CloudFront (see viewer-address.ts). */
  readonly originVerifySecret?: () => string | undefined;
}

/**
 * Counts one request of `subject` in `rateClass` and throws `TooManyRequestsError` when the window is full.
 * Used by the middleware for addresses, and by use cases for other subjects (a phone number for SMS codes).
 * A counter that cannot be reached lets the request through (logged): the limiter protects the service, it
 * must not take the public site down with it.
 */
export async function enforceRateLimit(
  deps: RateLimitDependencies,
  rateClass: RateClass,
  subject: string,
  /** A limit of this subject's own (an Open311 client's), instead of the class's. */
  ownLimit?: RateLimit,
): Promise<RateStatus | null> {
  const limits = deps.limits();
  if (limits === 'off') return null;
  const limit = ownLimit ?? limits[rateClass];
  const now = deps.now?.() ?? new Date();
  const window = rateWindow(rateClass, subject, limit, now);
  let decision: Awaited<ReturnType<RateLimiter['hit']>>;
  try {
    decision = await deps.limiter().hit(window, limit);
  } catch (error) {
    if (!isDependencyFailure(error)) throw error;
    logger.warn('rate limiter unavailable; request let through', { rateClass, error });
    return null;
  }
  const resetSeconds = retryAfterSeconds(window, now);
  if (!decision.allowed) throw new TooManyRequestsError(resetSeconds);
  return { limit, remaining: decision.remaining, resetSeconds };
}

/** Where the caller stands in its window after a request was counted. */
export interface RateStatus {
  readonly limit: RateLimit;
  readonly remaining: number;
  readonly resetSeconds: number;
}

/**
 * The caller's standing as response headers, in the style of the IETF draft "RateLimit header fields for
 * HTTP" (draft-ietf-httpapi-ratelimit-headers, the separate-field form): the limit and its window, what is
 * left, and seconds until the window ends. A 429 carries `Retry-After` instead.
 */
export function rateLimitHeaders(status: RateStatus): Record<string, string> {
  return {
    'ratelimit-policy': `${status.limit.max};w=${status.limit.windowSeconds}`,
    'ratelimit-limit': String(status.limit.max),
    'ratelimit-remaining': String(status.remaining),
    'ratelimit-reset': String(status.resetSeconds),
  };
}

/**
 * middy middleware: a per-address limit for one route class, before the handler runs. The address is the
 * viewer's as CloudFront reports it when the request carries the origin-verify secret, else API Gateway's
 * `requestContext.http.sourceIp` (the TCP peer); never a client-supplied `X-Forwarded-For`.
 */
export function rateLimit(
  rateClass: RateClass,
  deps: RateLimitDependencies,
): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: async (request) => {
      const ip = viewerAddress(request.event, deps.originVerifySecret?.());
      // Kept with this request (the local runtime serves requests concurrently in one process).
      (request.internal as Record<string, unknown>).rateLimit = await enforceRateLimit(
        deps,
        rateClass,
        `ip:${ip}`,
      );
    },
    after: async (request) => {
      const status = (request.internal as Record<string, unknown>).rateLimit as RateStatus | null | undefined;
      if (status && request.response)
        request.response.headers = { ...request.response.headers, ...rateLimitHeaders(status) };
    },
  };
}
