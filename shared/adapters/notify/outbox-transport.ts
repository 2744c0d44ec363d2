import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type MailHeader, outgoingMailHeaders } from '../../domain/mail/outgoing-headers.ts';
import type { NotificationTransport, OutgoingNotification } from '../../ports/notification-transport.ts';
import { OUTBOX_PK, outboxKey } from '../dynamo/keys.ts';

/**
 * The local stand-in for SNS (SMS) and SES (e-mail): every message the system would send is kept in the
 * outbox partition and shown on the local runtime's outbox page. Never used in a cloud stage. An e-mail gets
 * what SES would give it: the headers the system sets, and a Message-ID of its own (under the sender's
 * domain, as SES's are under amazonses.com), so a reply to it can be recognised locally too.
 */
export class OutboxTransport implements NotificationTransport {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #senderDomain: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string; emailSender?: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#senderDomain = options.emailSender?.split('@')[1] ?? 'localhost';
  }

  async send(notification: OutgoingNotification): Promise<void> {
    const at = new Date().toISOString();
    const email =
      notification.channel === 'email'
        ? {
            headers: outgoingMailHeaders(notification.template),
            messageId: `${createHash('sha256').update(notification.id).digest('hex').slice(0, 32)}@${this.#senderDomain}`,
          }
        : {};
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...outboxKey(at, notification.id), entity: 'outbox', at, ...notification, ...email },
      }),
    );
  }
}

export interface OutboxEntry extends OutgoingNotification {
  readonly at: string;
  /** E-mail only: what SES would send with it. */
  readonly headers?: readonly MailHeader[];
  readonly messageId?: string;
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
