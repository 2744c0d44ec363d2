import { createHash, randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TRACKING_LOCK_SECONDS } from '../../domain/case/tracking-unlock.ts';
import type { TrackingGuard, TrackingWindow } from '../../ports/tracking-guard.ts';
import { isConditionFailure } from './condition-failure.ts';

/**
 * Failure counters in the idempotency table (TTL on `expiresAt`), one item per hashed tracking code: the
 * window opens at the first wrong answer and lasts 24 hours. TTL deletes late, so an expired item counts as
 * zero and the next failure starts a new window. Each window gets a random id with its first failure (the
 * unlock code is bound to it) and counts tries at that code in `unlockAttempts`.
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

  async window(code: string, now: Date): Promise<TrackingWindow> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { id: this.#id(code) }, ConsistentRead: true }),
    );
    if (!Item || Number(Item.expiresAt) * 1000 <= now.getTime()) return { failures: 0, window: '' };
    return { failures: Number(Item.failures ?? 0), window: String(Item.windowId ?? '') };
  }

  async recordFailure(code: string, now: Date): Promise<TrackingWindow> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const window = randomBytes(16).toString('base64url');
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id: this.#id(code) },
          UpdateExpression:
            'SET expiresAt = if_not_exists(expiresAt, :expires), windowId = if_not_exists(windowId, :window) ADD failures :one',
          ConditionExpression: 'attribute_not_exists(expiresAt) OR expiresAt > :now',
          ExpressionAttributeValues: {
            ':one': 1,
            ':now': nowSeconds,
            ':expires': nowSeconds + TRACKING_LOCK_SECONDS,
            ':window': window,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { failures: Number(Attributes?.failures ?? 1), window: String(Attributes?.windowId ?? window) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The old window ended (TTL has not removed it yet): this failure opens a new one.
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            id: this.#id(code),
            failures: 1,
            windowId: window,
            expiresAt: nowSeconds + TRACKING_LOCK_SECONDS,
          },
        }),
      );
      return { failures: 1, window };
    }
  }

  async takeUnlockAttempt(code: string, window: string, max: number, now: Date): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id: this.#id(code) },
          UpdateExpression: 'ADD unlockAttempts :one',
          ConditionExpression:
            'windowId = :window AND expiresAt > :now AND (attribute_not_exists(unlockAttempts) OR unlockAttempts < :max)',
          ExpressionAttributeValues: {
            ':one': 1,
            ':window': window,
            ':max': max,
            ':now': Math.floor(now.getTime() / 1000),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async clear(code: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: { id: this.#id(code) } }));
  }
}
