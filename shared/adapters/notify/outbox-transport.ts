import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationTransport, OutgoingNotification } from '../../ports/notification-transport.ts';
import { OUTBOX_PK, outboxKey } from '../dynamo/keys.ts';

/**
 * The local stand-in for SNS (SMS) and SES (e-mail): every message the system would send is kept in the
 * outbox partition and shown on the local runtime's outbox page. Never used in a cloud stage.
 */
export class OutboxTransport implements NotificationTransport {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async send(notification: OutgoingNotification): Promise<void> {
    const at = new Date().toISOString();
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...outboxKey(at, notification.id), entity: 'outbox', at, ...notification },
      }),
    );
  }
}

export interface OutboxEntry extends OutgoingNotification {
  readonly at: string;
}

/** The newest messages first (the outbox page and tests). */
export async function readOutbox(
  client: DynamoDBDocumentClient,
  tableName: string,
  limit = 200,
): Promise<OutboxEntry[]> {
  const page = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': OUTBOX_PK },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map((item) => {
    const { PK: _pk, SK: _sk, entity: _entity, ...entry } = item;
    return entry as OutboxEntry;
  });
}
