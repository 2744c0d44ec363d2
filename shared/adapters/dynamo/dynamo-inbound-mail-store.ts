import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { InboundMailStore, MailOutcome, QuarantinedMail } from '../../ports/inbound-mail-store.ts';
import { cancellationCodes, isConditionFailure } from './condition-failure.ts';
import { type CursorSecret, cursorKey, decodeCursor, encodeCursor } from './cursor.ts';

/**
 * Keys (main table, see docs/intake-channels.md):
 *   `MAIL#<messageKey>` / `MAIL`                 what became of one message (case or quarantine)
 *   `MAILQ` / `<receivedAt>#<quarantineId>`      the quarantine, newest last: one Query lists it
 */
export const mailOutcomeKey = (messageKey: string) => ({ PK: `MAIL#${messageKey}`, SK: 'MAIL' });
export const QUARANTINE_PK = 'MAILQ';
export const quarantineKey = (receivedAt: string, id: string) => ({
  PK: QUARANTINE_PK,
  SK: `${receivedAt}#${id}`,
});

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, entity: _entity, ...rest } = item;
  return rest as T;
};

export class DynamoInboundMailStore implements InboundMailStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #cursorSecret: CursorSecret;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string; cursorSecret: CursorSecret }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#cursorSecret = options.cursorSecret;
  }

  async outcome(messageKey: string): Promise<MailOutcome | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: mailOutcomeKey(messageKey), ConsistentRead: true }),
    );
    return result.Item ? strip<MailOutcome>(result.Item) : null;
  }

  async recordCase(outcome: MailOutcome): Promise<void> {
    await this.#client
      .send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...mailOutcomeKey(outcome.messageKey), entity: 'mailOutcome', ...outcome },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async quarantine(entry: QuarantinedMail, messageKey: string): Promise<boolean> {
    const outcome: MailOutcome = {
      messageKey,
      outcome: 'quarantined',
      deliveryId: entry.deliveryId,
      at: entry.receivedAt,
    };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...mailOutcomeKey(messageKey), entity: 'mailOutcome', ...outcome },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: {
                  ...quarantineKey(entry.receivedAt, entry.quarantineId),
                  entity: 'quarantinedMail',
                  ...entry,
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async listQuarantine(options: { limit: number; cursor?: string }) {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': QUARANTINE_PK },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor, cursorKey(this.#cursorSecret), 'mail-quarantine'),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => strip<QuarantinedMail>(item)),
      nextCursor: encodeCursor(page.LastEvaluatedKey, cursorKey(this.#cursorSecret), 'mail-quarantine'),
    };
  }
}
