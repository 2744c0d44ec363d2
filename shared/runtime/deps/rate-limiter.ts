import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoRateLimiter } from '../../adapters/dynamo/dynamo-rate-limiter.ts';
import { rateLimitSetting, tableName } from '../../config/env.ts';
import { parseRateLimits, type RateLimits } from '../../http/rate-limit-policy.ts';
import type { RateLimiter } from '../../ports/rate-limiter.ts';
import { once } from '../once.ts';

export const rateLimiter = /* @__PURE__ */ once<RateLimiter>(
  () => new DynamoRateLimiter({ client: dynamoDocumentClient(), tableName: tableName('idempotency') }),
);

/** The limits in force, read from `RATE_LIMITS` once per process (cold start). */
export const rateLimits = /* @__PURE__ */ once<RateLimits>(() => parseRateLimits(rateLimitSetting()));
