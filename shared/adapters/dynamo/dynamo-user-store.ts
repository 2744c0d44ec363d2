import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type StaffUser, type StoredStaffUser, staffUserSchema } from '../../domain/users/model.ts';
import type { UserStore } from '../../ports/user-store.ts';
import { USERS_PK, userKey } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** Staff accounts of the local identity provider, in one partition (a county has hundreds, not millions). */
export class DynamoUserStore implements UserStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(username: string): Promise<StoredStaffUser | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: userKey(username), ConsistentRead: true }),
    );
    if (!result.Item) return null;
    return { ...staffUserSchema.parse(result.Item), passwordHash: String(result.Item.passwordHash) };
  }

  async save(user: StoredStaffUser): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...userKey(user.username), entity: 'user', ...user },
      }),
    );
  }

  async list(): Promise<StaffUser[]> {
    const users: StaffUser[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': USERS_PK },
    })) {
      for (const item of page.Items ?? []) users.push(staffUserSchema.parse(item));
    }
    return users;
  }
}
