import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarOverride } from '../../domain/calendar/index.ts';
import type { CalendarSettings, CalendarStore } from '../../ports/calendar-store.ts';
import { CALENDAR_PK, calendarDayKey, calendarYearKey } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** The admin-editable calendar: day overrides and "official schedule entered" marks, one partition. */
export class DynamoCalendarStore implements CalendarStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async load(): Promise<CalendarSettings> {
    const overrides: CalendarOverride[] = [];
    const officialYears: number[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': CALENDAR_PK },
    })) {
      for (const item of page.Items ?? []) {
        if (String(item.SK).startsWith('DAY#')) {
          overrides.push({
            date: item.date,
            kind: item.kind,
            ...(item.name ? { name: item.name } : {}),
          } as CalendarOverride);
        } else if (String(item.SK).startsWith('YEAR#')) {
          officialYears.push(Number(item.year));
        }
      }
    }
    return { overrides, officialYears };
  }

  async saveOverride(override: CalendarOverride, by: string): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...calendarDayKey(override.date),
          entity: 'calendarOverride',
          ...override,
          updatedBy: by,
          updatedAt: new Date().toISOString(),
        },
      }),
    );
  }

  async deleteOverride(date: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: calendarDayKey(date) }));
  }

  async markOfficialYear(year: number, by: string): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...calendarYearKey(year),
          entity: 'officialYear',
          year,
          enteredBy: by,
          enteredAt: new Date().toISOString(),
        },
      }),
    );
  }
}
