import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Open311Client } from '../../domain/open311/clients.ts';
import { ConflictError } from '../../errors/index.ts';
import type { Open311ClientStore } from '../../ports/open311-client-store.ts';
import { isConditionFailure } from './condition-failure.ts';
import { OPEN311_CLIENTS_PK, open311ClientKey } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** One partition (`OPEN311CLIENTS`): a county has a handful of client systems, listed with one Query. */
export class DynamoOpen311ClientStore implements Open311ClientStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(clientId: string): Promise<Open311Client | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: open311ClientKey(clientId) }),
    );
    return result.Item ? strip(result.Item) : null;
  }

  async list(): Promise<Open311Client[]> {
    const clients: Open311Client[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': OPEN311_CLIENTS_PK },
    }))
      clients.push(...(page.Items ?? []).map(strip));
    return clients;
  }

  async create(client: Open311Client): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...open311ClientKey(client.clientId), entity: 'open311Client', ...client },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new ConflictError(
        { zh: '该接入系统标识已被使用', en: `Open311 client ${client.clientId} already exists` },
        { clientId: client.clientId },
      );
    }
  }

  async replace(client: Open311Client, expectedUpdatedAt: string): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...open311ClientKey(client.clientId), entity: 'open311Client', ...client },
          ConditionExpression: 'attribute_exists(PK) AND updatedAt = :expected',
          ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new ConflictError(
        {
          zh: '该接入系统刚被他人修改，请刷新后重试',
          en: 'The Open311 client was changed meanwhile; reload',
        },
        { clientId: client.clientId },
      );
    }
  }
}

function strip(item: Record<string, unknown>): Open311Client {
  const { PK: _pk, SK: _sk, entity: _entity, ...client } = item;
  return client as unknown as Open311Client;
}
