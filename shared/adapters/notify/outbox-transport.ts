import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { notificationMessageId, outgoingMailHeaders } from '../../domain/mail/outgoing-headers.ts';
import {
  type PreparedSms,
  prepareSms,
  type SmsTemplateSettings,
} from '../../domain/notifications/sms-templates.ts';
import type { NotificationTransport, OutgoingNotification } from '../../ports/notification-transport.ts';
import { OUTBOX_PK, outboxKey } from '../dynamo/keys.ts';

/**
 * The local stand-in for the SMS and e-mail transports: every message the system would send is kept in the
 * outbox partition and shown on the local runtime's outbox page. Never used in a cloud stage. With registered
 * SMS templates configured (as a mainland deployment has them), an SMS is kept in the form the provider
 * would receive it (template, parameters, the text the phone shows), and one that could not be sent that way
 * fails here as it would there. An e-mail gets what SES or the SMTP transport would give it: the headers the
 * system sets, and a Message-ID of its own (under the sender's domain, as SES's are under amazonses.com), so
 * a reply to it can be recognised locally too.
 */
export class OutboxTransport implements NotificationTransport {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #senderDomain: string;
  readonly #sms: SmsTemplateSettings | null;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    emailSender?: string;
    smsTemplates?: SmsTemplateSettings | null;
  }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#senderDomain = options.emailSender?.split('@')[1] ?? 'localhost';
    this.#sms = options.smsTemplates ?? null;
  }

  async send(notification: OutgoingNotification): Promise<void> {
    const at = new Date().toISOString();
    const email =
      notification.channel === 'email'
        ? {
            headers: outgoingMailHeaders(notification.template, notification.headers),
            messageId: notificationMessageId(notification.id, this.#senderDomain),
          }
        : {};
    const sms =
      notification.channel === 'sms' && this.#sms
        ? prepareSms(
            this.#sms.templates,
            this.#sms.signName,
            notification.template,
            notification.variables ?? {},
          )
        : undefined;
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...outboxKey(at, notification.id),
          entity: 'outbox',
          at,
          ...notification,
          ...email,
          ...(sms ? { sms } : {}),
        },
      }),
    );
  }
}

export interface OutboxEntry extends OutgoingNotification {
  readonly at: string;
  /** E-mail only: the Message-ID SES or the SMTP transport would give it (its headers are all in `headers`). */
  readonly messageId?: string;
  /** The registered-template form of an SMS, when templates are configured. */
  readonly sms?: PreparedSms;
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
