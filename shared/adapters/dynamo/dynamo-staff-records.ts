import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type StaffRecord, staffRecordSchema } from '../../domain/users/model.ts';
import type { StaffRecords } from '../../ports/staff-records.ts';
import { isConditionFailure } from './condition-failure.ts';
import { staffRecordKey, USERS_PK } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** The subject is the key; an item written before the attribute existed still has it in its sort key. */
const recordOf = (item: Record<string, unknown>): StaffRecord =>
  staffRecordSchema.parse({ subject: String(item.SK).replace(/^USER#/, ''), ...item });

/**
 * Staff records in one partition (a county has hundreds of staff, not millions): one GetItem per cache miss
 * of a staff request, one Query for the admin list and the notifier's address book.
 */
export class DynamoStaffRecords implements StaffRecords {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(subject: string): Promise<StaffRecord | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: staffRecordKey(subject), ConsistentRead: true }),
    );
    return result.Item ? recordOf(result.Item) : null;
  }

  async list(): Promise<StaffRecord[]> {
    const records: StaffRecord[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': USERS_PK, ':prefix': 'USER#' },
    })) {
      for (const item of page.Items ?? []) records.push(recordOf(item));
    }
    return records.sort((a, b) => a.username.localeCompare(b.username));
  }

  async put(record: StaffRecord): Promise<void> {
    await this.#client.send(this.#putCommand(record));
  }

  async create(record: StaffRecord): Promise<boolean> {
    try {
      await this.#client.send(this.#putCommand(record, 'attribute_not_exists(PK)'));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  #putCommand(record: StaffRecord, condition?: string): PutCommand {
    const parsed = staffRecordSchema.parse(record);
    return new PutCommand({
      TableName: this.#table,
      Item: {
        ...staffRecordKey(parsed.subject),
        entity: 'staff',
        ...parsed,
        updatedAt: new Date().toISOString(),
      },
      ...(condition ? { ConditionExpression: condition } : {}),
    });
  }
}
