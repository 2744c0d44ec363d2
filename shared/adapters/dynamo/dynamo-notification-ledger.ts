import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationLedger } from '../../ports/notification-transport.ts';
import { isConditionFailure } from './condition-failure.ts';
import { notificationKey } from './keys.ts';

/** A claim older than this is taken to belong to a crashed worker and may be taken over. */
export const STALE_CLAIM_MS = 5 * 60 * 1000;
/** Sent and failed records are kept for a while for audits, then expire (TTL). */
const RETENTION_SECONDS = 180 * 24 * 3600;

/**
 * Who may send a notice: nobody has yet, its last attempt failed, or the worker that claimed it has not been
 * heard of for `STALE_CLAIM_MS` (crashed). One rule for a claim and for a send with its entry in one step.
 */
function claimRule(now: Date) {
  return {
    condition:
      'attribute_not_exists(id) OR #status IN (:retrying, :failed) OR (#status = :sending AND claimedAt < :stale)',
    names: { '#entity': 'entity', '#status': 'status' },
    values: {
      ':entity': 'notification',
      ':sending': 'sending',
      ':retrying': 'retrying',
      ':failed': 'failed',
      ':now': now.toISOString(),
      ':expires': Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
      ':stale': new Date(now.getTime() - STALE_CLAIM_MS).toISOString(),
    },
  };
}

/** In the idempotency table (`notificationKey`): a claim is a guard, like a request key, not case data. */
export class DynamoNotificationLedger implements NotificationLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async claim(id: string, now: Date): Promise<'claimed' | 'sent' | 'in-progress'> {
    const rule = claimRule(now);
    try {
      // An update, not a put: a claim after failed attempts keeps their record (attempts, last error).
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: notificationKey(id),
          UpdateExpression:
            'SET #entity = :entity, #status = :sending, claimedAt = :now, expiresAt = :expires',
          ConditionExpression: rule.condition,
          ExpressionAttributeNames: rule.names,
          ExpressionAttributeValues: rule.values,
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return this.refusedClaim(id);
    }
  }

  /** What a claim refused by its condition found: the notice sent, or another worker sending it. */
  async refusedClaim(id: string): Promise<'sent' | 'in-progress'> {
    const existing = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: notificationKey(id), ConsistentRead: true }),
    );
    return existing.Item?.status === 'sent' ? 'sent' : 'in-progress';
  }

  /**
   * The entry of a notice sent together with it in one transaction (the console's bell): claimed under the same
   * rule as `claim` and sent at once. The item for `TransactWriteItems`.
   */
  sentInTransaction(id: string, now: Date) {
    const rule = claimRule(now);
    return {
      Update: {
        TableName: this.#table,
        Key: notificationKey(id),
        UpdateExpression:
          'SET #entity = :entity, #status = :sent, claimedAt = :now, sentAt = :now, expiresAt = :expires',
        ConditionExpression: rule.condition,
        ExpressionAttributeNames: rule.names,
        ExpressionAttributeValues: { ...rule.values, ':sent': 'sent' },
      },
    };
  }

  async markSent(id: string, now: Date): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: notificationKey(id),
        UpdateExpression: 'SET #status = :sent, sentAt = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':now': now.toISOString() },
      }),
    );
  }

  async markFailed(
    id: string,
    failure: { readonly code: string; readonly attempt: number; readonly final: boolean },
    now: Date,
  ): Promise<void> {
    await this.#client
      .send(
        new UpdateCommand({
          TableName: this.#table,
          Key: notificationKey(id),
          UpdateExpression:
            'SET #status = :status, lastError = :code, lastAttempt = :attempt, failedAt = :now ADD failures :one',
          // Only the worker holding the claim records its failure (a stale claim may have been taken over).
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': failure.final ? 'failed' : 'retrying',
            ':code': failure.code.slice(0, 100),
            ':attempt': failure.attempt,
            ':now': now.toISOString(),
            ':one': 1,
            ':sending': 'sending',
          },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
