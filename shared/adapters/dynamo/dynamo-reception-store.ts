import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ReceptionDay, receptionDaySchema } from '../../domain/reception/model.ts';
import type { ReceptionStore } from '../../ports/reception-store.ts';
import { receptionDayKey, studioPartition } from './keys.ts';

/** Reception days under their studio: a month is one `begins_with` Query. */
export class DynamoReceptionStore implements ReceptionStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async save(day: ReceptionDay): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...receptionDayKey(day.studioId, day.date), entity: 'receptionDay', ...day },
      }),
    );
  }

  async byStudioAndMonth(studioId: string, month: string): Promise<ReceptionDay[]> {
    const days: ReceptionDay[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :month)',
          ExpressionAttributeValues: { ':pk': studioPartition(studioId), ':month': `RDAY#${month}` },
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) days.push(receptionDaySchema.parse(item));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return days;
  }
}
