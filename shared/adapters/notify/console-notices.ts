import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OnceTransport, OutgoingNotification } from '../../ports/notification-transport.ts';
import { cancellationCodes } from '../dynamo/condition-failure.ts';
import type { DynamoNotificationLedger } from '../dynamo/dynamo-notification-ledger.ts';
import { noticeKey, noticePartition } from '../dynamo/keys.ts';

/** Notices shown in the console to a unit (or to supervisors): the default delivery, in every stage. */
export class ConsoleNoticeTransport implements OnceTransport {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ledger: DynamoNotificationLedger;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    /** The ledger whose entry a notice is written with (`sendOnce`). */
    ledger: DynamoNotificationLedger;
  }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#ledger = options.ledger;
  }

  #put(notification: OutgoingNotification) {
    const at = new Date().toISOString();
    return {
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
    };
  }

  async send(notification: OutgoingNotification): Promise<void> {
    await this.#client.send(new PutCommand(this.#put(notification)));
  }

  /**
   * The notice and its ledger entry in one transaction: one request instead of a claim, a put and a mark. A
   * notice is a write like its entry, so both land or neither, and the entry's condition is the claim's.
   */
  async sendOnce(
    notification: OutgoingNotification,
    now: Date,
  ): Promise<'sent-now' | 'sent' | 'in-progress'> {
    const ledger = this.#ledger;
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: this.#put(notification) }, ledger.sentInTransaction(notification.id, now)],
        }),
      );
      return 'sent-now';
    } catch (error) {
      if (cancellationCodes(error)?.[1] !== 'ConditionalCheckFailed') throw error;
      return ledger.refusedClaim(notification.id);
    }
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
