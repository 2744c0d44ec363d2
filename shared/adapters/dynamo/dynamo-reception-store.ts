import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ReceptionDay, receptionDaySchema } from '../../domain/reception/model.ts';
import { type Visit, visitSchema } from '../../domain/reception/visit.ts';
import type { ReceptionRosterStore, VisitStore } from '../../ports/reception-store.ts';
import { isConditionFailure } from './condition-failure.ts';
import { receptionDayKey, studioPartition } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** A visit sorts under its studio by reception day: a day or a month is one `begins_with` Query. */
export const visitKey = (studioId: string, date: string, visitId: string) => ({
  PK: studioPartition(studioId),
  SK: `VISIT#${date}#${visitId}`,
});

abstract class StudioPartitionStore {
  protected readonly client: DynamoDBDocumentClient;
  protected readonly table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.table = options.tableName;
  }

  protected async queryPrefix(studioId: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': studioPartition(studioId), ':prefix': prefix },
      // A liaison lists the visits just recorded: read what was written (one studio's day is a small read).
      ConsistentRead: true,
    })) {
      items.push(...(page.Items ?? []));
    }
    return items;
  }
}

/** Reception days under their studio: a month is one `begins_with` Query. */
export class DynamoReceptionStore extends StudioPartitionStore implements ReceptionRosterStore {
  async save(day: ReceptionDay): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...receptionDayKey(day.studioId, day.date), entity: 'receptionDay', ...day },
      }),
    );
  }

  async byStudioAndMonth(studioId: string, month: string): Promise<ReceptionDay[]> {
    return (await this.queryPrefix(studioId, `RDAY#${month}`)).map((item) => receptionDaySchema.parse(item));
  }

  async get(studioId: string, date: string): Promise<ReceptionDay | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.table, Key: receptionDayKey(studioId, date), ConsistentRead: true }),
    );
    return result.Item ? receptionDaySchema.parse(result.Item) : null;
  }

  async createIfAbsent(day: ReceptionDay): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...receptionDayKey(day.studioId, day.date), entity: 'receptionDay', ...day },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async replace(day: ReceptionDay, expectedUpdatedAt: string | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...receptionDayKey(day.studioId, day.date), entity: 'receptionDay', ...day },
          ...(expectedUpdatedAt
            ? {
                ConditionExpression: 'updatedAt = :expected',
                ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
              }
            : { ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(updatedAt)' }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

export class DynamoVisitStore extends StudioPartitionStore implements VisitStore {
  async create(visit: Visit): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...visitKey(visit.studioId, visit.date, visit.visitId), entity: 'visit', ...visit },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(studioId: string, date: string, visitId: string): Promise<Visit | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.table, Key: visitKey(studioId, date, visitId), ConsistentRead: true }),
    );
    return result.Item ? visitSchema.parse(result.Item) : null;
  }

  async linkCase(visit: Visit, link: { caseId: string; trackingCode: string; at: string }): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: visitKey(visit.studioId, visit.date, visit.visitId),
          UpdateExpression: 'SET caseId = :caseId, trackingCode = :code, updatedAt = :at',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(caseId) OR caseId = :caseId)',
          ExpressionAttributeValues: { ':caseId': link.caseId, ':code': link.trackingCode, ':at': link.at },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new Error(`visit ${visit.visitId} is linked to another case`);
    }
  }

  async byDay(studioId: string, date: string): Promise<Visit[]> {
    return (await this.queryPrefix(studioId, `VISIT#${date}#`)).map((item) => visitSchema.parse(item));
  }

  async byMonth(studioId: string, month: string): Promise<Visit[]> {
    return (await this.queryPrefix(studioId, `VISIT#${month}`)).map((item) => visitSchema.parse(item));
  }

  async byStudio(studioId: string): Promise<Visit[]> {
    return (await this.queryPrefix(studioId, 'VISIT#')).map((item) => visitSchema.parse(item));
  }
}
