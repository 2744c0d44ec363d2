import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete, batchPut } from './batch-put.ts';
import { UPPER_BOUND } from './keys.ts';

/**
 * Markers of work handed to a queue and not yet done, in one partition sorted by due time: the sweep reads
 * only the overdue ones. Shared by pending deliveries and pending notices; each says its partition, its key
 * and which fields it keeps.
 */
export class DynamoPendingMarkers<T extends K, K extends { readonly dueAt: string } = T> {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(
    options: { client: DynamoDBDocumentClient; tableName: string },
    readonly shape: {
      readonly partition: string;
      readonly entity: string;
      /** From what names a marker (`K`), which may be less than the whole marker. */
      readonly key: (marker: K) => { PK: string; SK: string };
      readonly read: (item: Record<string, unknown>) => T;
    },
  ) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  #item(marker: T): Record<string, unknown> {
    return {
      ...this.shape.key(marker),
      entity: this.shape.entity,
      ...marker,
      expiresAt: Math.floor(Date.parse(marker.dueAt) / 1000) + 30 * 86_400,
    };
  }

  async put(marker: T): Promise<void> {
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: this.#item(marker) }));
  }

  /** Many markers in batches of 25 (a stream batch's worth in one or two requests). */
  async putAll(markers: readonly T[]): Promise<void> {
    await batchPut(
      this.#client,
      this.#table,
      markers.map((marker) => this.#item(marker)),
    );
  }

  async remove(marker: K): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: this.shape.key(marker) }));
  }

  /** Many markers in batches of 25 (what one consumer invocation cleared). */
  async removeAll(markers: readonly K[]): Promise<void> {
    await batchDelete(
      this.#client,
      this.#table,
      markers.map((marker) => this.shape.key(marker)),
    );
  }

  async due(now: Date, limit: number): Promise<T[]> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk AND SK <= :until',
        ExpressionAttributeValues: {
          ':pk': this.shape.partition,
          ':until': `${now.toISOString()}#${UPPER_BOUND}`,
        },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(this.shape.read);
  }
}
