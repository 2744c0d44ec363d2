import type { RateLimit, RateWindow } from '../http/rate-limit-policy.ts';

export type RateDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false };

/** Counts requests per fixed window; one conditional write per check. */
export interface RateLimiter {
  /** Counts one request in `window` unless `limit.max` were counted already. */
  hit(window: RateWindow, limit: RateLimit): Promise<RateDecision>;
}
