import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarOverride } from '../../domain/calendar/index.ts';
import type { CalendarSettings, CalendarStore } from '../../ports/calendar-store.ts';
import { CALENDAR_PK, calendarDayKey, calendarYearKey } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** The chinese-days years the open deadlines follow (see `recomputeForCalendarData`). */
const CALENDAR_DATA_SK = 'DATA';

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
    let dataYears: number[] | undefined;
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
        } else if (item.SK === CALENDAR_DATA_SK && Array.isArray(item.years)) {
          dataYears = item.years.map(Number);
        }
      }
    }
    return { overrides, officialYears, ...(dataYears ? { dataYears } : {}) };
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

  async recordDataYears(years: readonly number[]): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          PK: CALENDAR_PK,
          SK: CALENDAR_DATA_SK,
          entity: 'calendarData',
          years: [...years],
          recordedAt: new Date().toISOString(),
        },
      }),
    );
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
