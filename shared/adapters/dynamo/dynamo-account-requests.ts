import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AccountAuditEntry,
  type AccountRequest,
  accountAuditEntrySchema,
  accountRequestSchema,
  auditEntryOf,
} from '../../domain/users/separation-of-duties.ts';
import type { AccountRequestStore } from '../../ports/account-requests.ts';
import { cancellationCodes } from './condition-failure.ts';
import {
  ACCOUNT_AUDIT_PK,
  ACCOUNT_REQUESTS_PK,
  accountAuditKey,
  accountRequestKey,
  pendingAccountRequestKey,
} from './keys.ts';

const cancelled = (error: unknown) => cancellationCodes(error) !== null;

/** Only what the schema knows leaves the table (keys and bookkeeping attributes stay behind). */
const requestOf = (item: Record<string, unknown>) => accountRequestSchema.parse(item);

/**
 * Requests under `ACCOUNT_REQUESTS` (`REQUEST#<ulid>`, so newest last), each account's guard `PENDING#<username>`
 * naming its pending request, and the audit under `ACCOUNT_AUDIT` (`<at>#<requestId>#<step>`). Every request and
 * every decision is one transaction with its audit entry; the guard makes a second pending request for the same
 * account fail its condition instead of racing the first.
 */
export class DynamoAccountRequestStore implements AccountRequestStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  #auditPut(entry: AccountAuditEntry) {
    return {
      Put: {
        TableName: this.#table,
        Item: {
          ...accountAuditKey(entry.at, entry.requestId, entry.step),
          entity: 'accountAudit',
          ...accountAuditEntrySchema.parse(entry),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  async open(request: AccountRequest, now: Date): Promise<{ opened: AccountRequest; isNew: boolean }> {
    const parsed = accountRequestSchema.parse(request);
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  ...pendingAccountRequestKey(parsed.username),
                  entity: 'accountRequestGuard',
                  requestId: parsed.requestId,
                  expiresAt: parsed.expiresAt,
                },
                // An expired request no longer holds the account.
                ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
                ExpressionAttributeValues: { ':now': now.toISOString() },
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: { ...accountRequestKey(parsed.requestId), entity: 'accountRequest', ...parsed },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            this.#auditPut(auditEntryOf(parsed)),
          ],
        }),
      );
      return { opened: parsed, isNew: true };
    } catch (error) {
      if (!cancelled(error)) throw error;
      const guard = await this.#client.send(
        new GetCommand({
          TableName: this.#table,
          Key: pendingAccountRequestKey(parsed.username),
          ConsistentRead: true,
        }),
      );
      const pending = guard.Item ? await this.get(String(guard.Item.requestId)) : null;
      if (!pending) throw error;
      return { opened: pending, isNew: false };
    }
  }

  async get(requestId: string): Promise<AccountRequest | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: accountRequestKey(requestId), ConsistentRead: true }),
    );
    return result.Item ? requestOf(result.Item) : null;
  }

  async recent(limit: number): Promise<AccountRequest[]> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': ACCOUNT_REQUESTS_PK, ':prefix': 'REQUEST#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(requestOf);
  }

  async decide(decided: AccountRequest, now: Date): Promise<boolean> {
    const parsed = accountRequestSchema.parse(decided);
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: accountRequestKey(parsed.requestId),
                UpdateExpression: 'SET #status = :status, decidedBy = :by, decidedAt = :at',
                ConditionExpression: '#status = :pending AND expiresAt > :now',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':status': parsed.status,
                  ':by': parsed.decidedBy,
                  ':at': parsed.decidedAt,
                  ':pending': 'pending',
                  ':now': now.toISOString(),
                },
              },
            },
            {
              Delete: {
                TableName: this.#table,
                Key: pendingAccountRequestKey(parsed.username),
                ConditionExpression: 'attribute_not_exists(PK) OR requestId = :id',
                ExpressionAttributeValues: { ':id': parsed.requestId },
              },
            },
            this.#auditPut(auditEntryOf(parsed)),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancelled(error)) return false;
      throw error;
    }
  }

  async markApplied(requestId: string, at: string): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: accountRequestKey(requestId),
        UpdateExpression: 'SET appliedAt = if_not_exists(appliedAt, :at)',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async audit(limit: number): Promise<AccountAuditEntry[]> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': ACCOUNT_AUDIT_PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => accountAuditEntrySchema.parse(item));
  }
}
