import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TRACKING_LOCK_SECONDS } from '../../domain/case/tracking-unlock.ts';
import type { TrackingGuard } from '../../ports/tracking-guard.ts';

/**
 * Failure counters in the idempotency table (TTL on `expiresAt`), one item per hashed tracking code: the
 * window opens at the first wrong answer and lasts 24 hours. TTL deletes late, so an expired item counts as
 * zero and the next failure starts a new window.
 */
export class DynamoTrackingGuard implements TrackingGuard {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  #id(code: string): string {
    return `track-fail#${createHash('sha256').update(code).digest('base64url').slice(0, 22)}`;
  }

  async failures(code: string, now: Date): Promise<number> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { id: this.#id(code) }, ConsistentRead: true }),
    );
    if (!Item || Number(Item.expiresAt) * 1000 <= now.getTime()) return 0;
    return Number(Item.failures ?? 0);
  }

  async recordFailure(code: string, now: Date): Promise<number> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id: this.#id(code) },
          UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expires) ADD failures :one',
          ConditionExpression: 'attribute_not_exists(expiresAt) OR expiresAt > :now',
          ExpressionAttributeValues: {
            ':one': 1,
            ':now': nowSeconds,
            ':expires': nowSeconds + TRACKING_LOCK_SECONDS,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.failures ?? 1);
    } catch (error) {
      if (
        !(error instanceof ConditionalCheckFailedException) &&
        (error as { name?: string })?.name !== 'ConditionalCheckFailedException'
      )
        throw error;
      // The old window ended (TTL has not removed it yet): this failure opens a new one.
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { id: this.#id(code), failures: 1, expiresAt: nowSeconds + TRACKING_LOCK_SECONDS },
        }),
      );
      return 1;
    }
  }

  async clear(code: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: { id: this.#id(code) } }));
  }
}
