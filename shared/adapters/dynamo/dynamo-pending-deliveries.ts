import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PendingDelivery, PendingDeliveryStore } from '../../ports/pending-deliveries.ts';
import { PENDING_DELIVERY_PK, pendingDeliveryKey, UPPER_BOUND } from './keys.ts';

/** Markers in one partition sorted by due time: the sweep reads only the overdue ones. */
export class DynamoPendingDeliveries implements PendingDeliveryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async put(pending: PendingDelivery): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...pendingDeliveryKey(pending.dueAt, pending.caseId, pending.version),
          entity: 'pendingDelivery',
          ...pending,
          expiresAt: Math.floor(Date.parse(pending.dueAt) / 1000) + 30 * 86_400,
        },
      }),
    );
  }

  async remove(pending: Pick<PendingDelivery, 'caseId' | 'version' | 'dueAt'>): Promise<void> {
    await this.#client.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: pendingDeliveryKey(pending.dueAt, pending.caseId, pending.version),
      }),
    );
  }

  async due(now: Date, limit: number): Promise<PendingDelivery[]> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk AND SK <= :until',
        ExpressionAttributeValues: {
          ':pk': PENDING_DELIVERY_PK,
          ':until': `${now.toISOString()}#${UPPER_BOUND}`,
        },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => ({
      caseId: item.caseId,
      version: item.version,
      unitId: item.unitId,
      dueAt: item.dueAt,
    }));
  }
}
