import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  AttemptOutcome,
  PhoneVerification,
  PhoneVerificationStore,
} from '../../ports/phone-verification-store.ts';
import { isConditionFailure } from './condition-failure.ts';
import { idempotencyKey } from './keys.ts';

const SCOPE = 'phone-verification';
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Verifications live in the idempotency table (no stream; TTL on `expiresAt` removes them after their ten
 * minutes). Each attempt is one conditional `UpdateItem`: parallel guesses cannot exceed the attempt limit.
 */
export class DynamoPhoneVerificationStore implements PhoneVerificationStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async create(verification: PhoneVerification): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...idempotencyKey(SCOPE, verification.id),
          phoneHash: verification.phoneHash,
          codeHash: verification.codeHash,
          attempts: verification.attempts,
          expiresAt: seconds(verification.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  }

  async countAttempt(id: string, phoneHash: string, now: Date, maxAttempts: number): Promise<AttemptOutcome> {
    try {
      const result = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: idempotencyKey(SCOPE, id),
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression:
            'attribute_exists(id) AND phoneHash = :phone AND expiresAt > :now AND attempts < :max',
          ExpressionAttributeValues: {
            ':one': 1,
            ':phone': phoneHash,
            ':now': seconds(now),
            ':max': maxAttempts,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const item = result.Attributes ?? {};
      return {
        kind: 'counted',
        verification: {
          id,
          phoneHash: String(item.phoneHash),
          codeHash: String(item.codeHash),
          attempts: Number(item.attempts),
          expiresAt: new Date(Number(item.expiresAt) * 1000),
        },
      };
    } catch (error) {
      const failed = isConditionFailure(error);
      if (!failed) throw error;
      // Why it failed: the stored item comes back with the error, marshalled (the document client leaves it so).
      const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
      const old = raw ? unmarshall(raw) : undefined;
      if (
        old &&
        old.phoneHash === phoneHash &&
        Number(old.expiresAt) > seconds(now) &&
        Number(old.attempts) >= maxAttempts
      )
        return { kind: 'exhausted' };
      return { kind: 'unknown' };
    }
  }
}
