import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/adapters/dynamo/query-pages.ts';

/**
 * oidc-provider's storage (sessions, interactions, grants, codes, refresh tokens) in the main table, so
 * sign-ins survive a restart of `npm start` like the rest of the local data. Items expire through the table's
 * TTL attribute; reads ignore expired items themselves (DynamoDB deletes them late, DynamoDB Local not at all).
 * Two small index partitions answer the adapter's other lookups without reading the whole table: a grant's members (revoked
 * together at sign-out) and a session by its uid.
 */

/** Models whose items belong to a grant (revoked with it). */
const grantable = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; consumed?: number };

const itemKey = (model: string, id: string) => ({ PK: `OIDC#${model}#${id}`, SK: 'OIDC' });
const grantPartition = (grantId: string) => `OIDC#GRANT#${grantId}`;
const uidKey = (uid: string) => ({ PK: `OIDC#SESSIONUID#${uid}`, SK: 'OIDC' });
const epoch = () => Math.floor(Date.now() / 1000);

export interface OidcAdapterOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

class DynamoOidcAdapter {
  readonly #model: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(model: string, options: OidcAdapterOptions) {
    this.#model = model;
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const expiresAt = typeof expiresIn === 'number' ? epoch() + expiresIn : undefined;
    const expiry = expiresAt === undefined ? {} : { expiresAt };
    const writes: Promise<unknown>[] = [
      this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...itemKey(this.#model, id), entity: 'oidc', payload: JSON.stringify(payload), ...expiry },
        }),
      ),
    ];
    if (grantable.has(this.#model) && payload.grantId) {
      writes.push(
        this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              PK: grantPartition(payload.grantId),
              SK: `${this.#model}#${id}`,
              entity: 'oidc',
              ...expiry,
            },
          }),
        ),
      );
    }
    if (this.#model === 'Session' && payload.uid) {
      writes.push(
        this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...uidKey(payload.uid), entity: 'oidc', id, ...expiry },
          }),
        ),
      );
    }
    await Promise.all(writes);
  }

  async find(id: string): Promise<Payload | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: itemKey(this.#model, id), ConsistentRead: true }),
    );
    if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt <= epoch())) return undefined;
    const payload = JSON.parse(String(Item.payload)) as Payload;
    return typeof Item.consumed === 'number' ? { ...payload, consumed: Item.consumed } : payload;
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: uidKey(uid), ConsistentRead: true }),
    );
    return Item ? this.find(String(Item.id)) : undefined;
  }

  /** The device flow is off: there are no user codes. */
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: itemKey(this.#model, id),
        UpdateExpression: 'SET #consumed = :now',
        ExpressionAttributeNames: { '#consumed': 'consumed' },
        ExpressionAttributeValues: { ':now': epoch() },
      }),
    );
  }

  async destroy(id: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: itemKey(this.#model, id) }));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const deletes: Promise<unknown>[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': grantPartition(grantId) },
    })) {
      for (const member of page.Items ?? []) {
        const sortKey = String(member.SK);
        const separator = sortKey.indexOf('#');
        deletes.push(
          this.#client.send(
            new DeleteCommand({
              TableName: this.#table,
              Key: itemKey(sortKey.slice(0, separator), sortKey.slice(separator + 1)),
            }),
          ),
          this.#client.send(
            new DeleteCommand({ TableName: this.#table, Key: { PK: member.PK, SK: member.SK } }),
          ),
        );
      }
    }
    await Promise.all(deletes);
  }
}

/** The factory oidc-provider calls once per model name. */
export function dynamoOidcAdapter(options: OidcAdapterOptions) {
  return (model: string) => new DynamoOidcAdapter(model, options);
}
