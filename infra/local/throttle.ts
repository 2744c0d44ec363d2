import type { ThrottleSettings } from '../cdk/stage-settings.ts';

/**
 * API Gateway's stage throttling as it applies to HTTP APIs: one token bucket per route, `burstLimit` tokens
 * at most, refilled at `rateLimit` per second; a request without a token is refused before any function runs.
 */
export class RouteThrottle {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token for `routeKey`; false when the bucket is empty. */
  take(routeKey: string): boolean {
    const now = this.now();
    const bucket = this.#buckets.get(routeKey) ?? { tokens: this.settings.burstLimit, at: now };
    const refilled = Math.min(
      this.settings.burstLimit,
      bucket.tokens + ((now - bucket.at) / 1000) * this.settings.rateLimit,
    );
    const allowed = refilled >= 1;
    this.#buckets.set(routeKey, { tokens: allowed ? refilled - 1 : refilled, at: now });
    return allowed;
  }
}
