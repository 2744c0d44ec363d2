import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type HelpLetter,
  helpLetterSchema,
  READ_FAILURE_WINDOW_SECONDS,
} from '../../domain/help-mailbox/model.ts';
import type { HelpMailboxStore, ReadFailureCounter } from '../../ports/help-mailbox-store.ts';
import { isConditionFailure } from './condition-failure.ts';
import { queryPages } from './query-pages.ts';

/**
 * Letters under one partition `HELPBOX` (sort key `LETTER#<letterId>`), staff reads under `HELPBOX#<letterId>`.
 * No index attribute is ever set on these items, so no case index, stream consumer or export can list them.
 */
export const HELPBOX_PK = 'HELPBOX';
export const letterKey = (letterId: string) => ({ PK: HELPBOX_PK, SK: `LETTER#${letterId}` });

export class DynamoHelpMailboxStore implements HelpMailboxStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async create(letter: HelpLetter): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...letterKey(letter.letterId), entity: 'helpLetter', ...letter },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(letterId: string): Promise<HelpLetter | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: letterKey(letterId), ConsistentRead: true }),
    );
    return result.Item ? helpLetterSchema.parse(result.Item) : null;
  }

  async list(): Promise<HelpLetter[]> {
    const letters: HelpLetter[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': HELPBOX_PK, ':prefix': 'LETTER#' },
    })) {
      for (const item of page.Items ?? []) letters.push(helpLetterSchema.parse(item));
    }
    return letters;
  }

  async reply(letterId: string, reply: NonNullable<HelpLetter['reply']>): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: letterKey(letterId),
          UpdateExpression: 'SET #reply = :reply, #status = :replied',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#reply)',
          ExpressionAttributeNames: { '#reply': 'reply', '#status': 'status' },
          ExpressionAttributeValues: { ':reply': reply, ':replied': 'replied' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async recordRead(letterId: string, read: { actorId: string; at: string }): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          PK: `${HELPBOX_PK}#${letterId}`,
          SK: `READ#${read.at}#${read.actorId}`,
          entity: 'helpRead',
          ...read,
        },
      }),
    );
  }

  async reads(letterId: string): Promise<{ actorId: string; at: string }[]> {
    const reads: { actorId: string; at: string }[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `${HELPBOX_PK}#${letterId}`, ':prefix': 'READ#' },
    })) {
      for (const item of page.Items ?? []) reads.push({ actorId: String(item.actorId), at: String(item.at) });
    }
    return reads;
  }
}

/**
 * Failed reads per letter id in the idempotency table (TTL on `expiresAt`), in fixed 24-hour windows: one
 * counter per id and window, nothing else. The current and the previous window are added up, so a code is
 * locked for at least a day after five failures.
 */
export class DynamoReadFailureCounter implements ReadFailureCounter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  #window(now: Date, offset = 0): number {
    return Math.floor(now.getTime() / 1000 / READ_FAILURE_WINDOW_SECONDS) + offset;
  }

  #id(key: string, window: number): string {
    return `helpread#${key}#${window}`;
  }

  async failures(key: string, now: Date): Promise<number> {
    const ids = [this.#window(now), this.#window(now, -1)].map((window) => ({ id: this.#id(key, window) }));
    const result = await this.#client.send(
      new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: ids, ConsistentRead: true } } }),
    );
    return (result.Responses?.[this.#table] ?? []).reduce((sum, item) => sum + Number(item.failures ?? 0), 0);
  }

  async recordFailure(key: string, now: Date): Promise<void> {
    const window = this.#window(now);
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { id: this.#id(key, window) },
        UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expires) ADD failures :one',
        ExpressionAttributeValues: {
          ':one': 1,
          // Kept through the next window too (it is added up there), then TTL removes it.
          ':expires': (window + 2) * READ_FAILURE_WINDOW_SECONDS + 60,
        },
      }),
    );
  }
}
