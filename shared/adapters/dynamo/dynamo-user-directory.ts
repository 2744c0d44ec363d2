import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type StaffUser, staffUserSchema } from '../../domain/users/model.ts';
import { hashPassword } from '../../domain/users/password.ts';
import { ConflictError, NotFoundError } from '../../errors/index.ts';
import type { UserDirectory } from '../../ports/user-directory.ts';
import { USERS_PK, userKey } from './keys.ts';
import { queryPages } from './query-pages.ts';

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string })?.name === 'ConditionalCheckFailedException';

/** Only the profile leaves this adapter: the hash is dropped by the schema on every read. */
const profile = (item: Record<string, unknown>): StaffUser => staffUserSchema.parse(item);

const userNotFound = () => new NotFoundError({ zh: '没有这个用户', en: 'No such user' });

/**
 * The local identity provider's accounts (the same items `DynamoUserStore` and the login read), managed by
 * admins: conditional writes so a create never overwrites an account and an update never resurrects one.
 */
export class DynamoUserDirectory implements UserDirectory {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async list(): Promise<StaffUser[]> {
    const users: StaffUser[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': USERS_PK },
    })) {
      for (const item of page.Items ?? []) users.push(profile(item));
    }
    return users.sort((a, b) => a.username.localeCompare(b.username));
  }

  async get(username: string): Promise<StaffUser | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: userKey(username), ConsistentRead: true }),
    );
    return result.Item ? profile(result.Item) : null;
  }

  async create(user: StaffUser, temporaryPassword: string): Promise<StaffUser> {
    const passwordHash = await hashPassword(temporaryPassword);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...userKey(user.username),
            entity: 'user',
            ...user,
            passwordHash,
            passwordChangedAt: new Date().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError(
          { zh: '用户名已存在', en: 'That username is taken' },
          { field: 'username', username: user.username },
        );
      throw error;
    }
    return user;
  }

  async update(user: StaffUser): Promise<StaffUser> {
    // Every profile attribute is written; absent optional ones are removed, the password hash is left alone.
    const optional = ['unitId', 'studioId', 'email'] as const;
    const set: Record<string, unknown> = {
      displayName: user.displayName,
      role: user.role,
      disabled: user.disabled,
    };
    for (const name of optional) if (user[name] !== undefined) set[name] = user[name];
    const removed = optional.filter((name) => user[name] === undefined);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const assignments = Object.entries(set).map(([name, value], index) => {
      names[`#s${index}`] = name;
      values[`:s${index}`] = value;
      return `#s${index} = :s${index}`;
    });
    removed.forEach((name, index) => {
      names[`#r${index}`] = name;
    });
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: userKey(user.username),
          UpdateExpression: `SET ${assignments.join(', ')}${removed.length > 0 ? ` REMOVE ${removed.map((_, index) => `#r${index}`).join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw userNotFound();
      throw error;
    }
    return user;
  }

  async setPassword(username: string, temporaryPassword: string): Promise<void> {
    const passwordHash = await hashPassword(temporaryPassword);
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: userKey(username),
          UpdateExpression: 'SET passwordHash = :hash, passwordChangedAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':hash': passwordHash, ':at': new Date().toISOString() },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw userNotFound();
      throw error;
    }
  }
}
