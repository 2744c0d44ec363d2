import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryRecord, DeliveryStore } from '../../ports/delivery-store.ts';
import { isConditionFailure } from './condition-failure.ts';
import { casePartition, deliveryKey } from './keys.ts';

export class DynamoDeliveryStore implements DeliveryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(caseId: string, version: number): Promise<DeliveryRecord | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: deliveryKey(caseId, version), ConsistentRead: true }),
    );
    return result.Item ? strip(result.Item) : null;
  }

  async put(record: DeliveryRecord): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: item(record),
      }),
    );
  }

  async putDelivered(record: DeliveryRecord & { readonly status: 'delivered' }): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: item(record),
          ConditionExpression: 'attribute_not_exists(PK) OR #status <> :delivered',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':delivered': 'delivered' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async forCase(caseId: string): Promise<DeliveryRecord[]> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': casePartition(caseId), ':prefix': 'DELIVERY#' },
      }),
    );
    return (page.Items ?? []).map(strip);
  }
}

const item = (record: DeliveryRecord) => ({
  ...deliveryKey(record.caseId, record.version),
  entity: 'delivery',
  ...record,
});

function strip(item: Record<string, unknown>): DeliveryRecord {
  const { PK: _pk, SK: _sk, entity: _entity, ...record } = item;
  return record as unknown as DeliveryRecord;
}
