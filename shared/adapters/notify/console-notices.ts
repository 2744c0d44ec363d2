import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationTransport, OutgoingNotification } from '../../ports/notification-transport.ts';
import { noticeKey, noticePartition } from '../dynamo/keys.ts';

/** Notices shown in the console to a unit (or to supervisors): the default delivery, in every stage. */
export class ConsoleNoticeTransport implements NotificationTransport {
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
        Item: {
          ...noticeKey(notification.to, at, notification.id),
          entity: 'notice',
          at,
          caseId: notification.caseId,
          trackingCode: notification.trackingCode,
          template: notification.template,
          text: notification.subject ?? notification.body,
          expiresAt: Math.floor(Date.now() / 1000) + 90 * 24 * 3600,
        },
      }),
    );
  }
}

export interface ConsoleNotice {
  readonly at: string;
  readonly caseId: string;
  readonly trackingCode: string;
  readonly template: string;
  readonly text: string;
}

export async function readNotices(
  client: DynamoDBDocumentClient,
  tableName: string,
  audience: string,
  limit = 50,
): Promise<ConsoleNotice[]> {
  const page = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': noticePartition(audience) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map((item) => ({
    at: item.at,
    caseId: item.caseId,
    trackingCode: item.trackingCode,
    template: item.template,
    text: item.text,
  }));
}
