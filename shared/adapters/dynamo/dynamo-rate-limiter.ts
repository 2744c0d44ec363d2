import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimit, RateWindow } from '../../http/rate-limit-policy.ts';
import type { RateDecision, RateLimiter } from '../../ports/rate-limiter.ts';
import { isConditionFailure } from './condition-failure.ts';

/** How long a counter outlives its window before TTL may remove it. */
const TTL_GRACE_SECONDS = 60;

/**
 * Fixed-window counters in the idempotency table (no stream, TTL on `expiresAt`): one `UpdateItem` per check,
 * `ADD hits 1` only while `hits < max`. A refused check fails its condition, writes nothing and costs one
 * write unit like the others. DynamoDB applies the update atomically, so parallel requests never overshoot.
 */
export class DynamoRateLimiter implements RateLimiter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async hit(window: RateWindow, limit: RateLimit): Promise<RateDecision> {
    try {
      const result = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id: window.id },
          UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expires) ADD hits :one',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :max',
          ExpressionAttributeValues: {
            ':one': 1,
            ':max': limit.max,
            ':expires': Math.ceil(window.endsAt.getTime() / 1000) + TTL_GRACE_SECONDS,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const hits = Number(result.Attributes?.hits ?? limit.max);
      return { allowed: true, remaining: Math.max(0, limit.max - hits) };
    } catch (error) {
      if (isConditionFailure(error)) return { allowed: false };
      throw error;
    }
  }
}
