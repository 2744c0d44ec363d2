import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NotificationLedger } from '../../ports/notification-transport.ts';
import { notificationKey } from './keys.ts';

/** A claim older than this is taken to belong to a crashed worker and may be taken over. */
export const STALE_CLAIM_MS = 5 * 60 * 1000;
/** Sent records are kept for a while for audits, then expire (TTL). */
const RETENTION_SECONDS = 180 * 24 * 3600;

export class DynamoNotificationLedger implements NotificationLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async claim(id: string, now: Date): Promise<'claimed' | 'sent' | 'in-progress'> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...notificationKey(id),
            entity: 'notification',
            status: 'sending',
            claimedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':stale': new Date(now.getTime() - STALE_CLAIM_MS).toISOString(),
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: notificationKey(id), ConsistentRead: true }),
      );
      return existing.Item?.status === 'sent' ? 'sent' : 'in-progress';
    }
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

  async release(id: string): Promise<void> {
    await this.#client
      .send(
        new DeleteCommand({
          TableName: this.#table,
          Key: notificationKey(id),
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      )
      .catch(() => undefined);
  }
}
