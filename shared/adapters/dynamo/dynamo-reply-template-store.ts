import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReplyTemplate, ReplyTemplateStore } from '../../ports/reply-template-store.ts';
import { queryPages } from './query-pages.ts';

/**
 * One partition per county (`PK = REPLY_TEMPLATES`); a unit's templates sort under `UNIT#<unitId>#`, the
 * county-wide ones under `COUNTY#`, so a handler's list is two `begins_with` Queries and the admin's one Query.
 */
export const REPLY_TEMPLATES_PK = 'REPLY_TEMPLATES';
const scopePrefix = (unitId: string | null) => (unitId ? `UNIT#${unitId}#` : 'COUNTY#');
export const replyTemplateKey = (unitId: string | null, templateId: string) => ({
  PK: REPLY_TEMPLATES_PK,
  SK: `${scopePrefix(unitId)}${templateId}`,
});

function fromItem(item: Record<string, unknown>): ReplyTemplate {
  return {
    templateId: String(item.templateId),
    unitId: typeof item.unitId === 'string' ? item.unitId : null,
    title: String(item.title),
    text: String(item.text),
    updatedBy: String(item.updatedBy),
    updatedAt: String(item.updatedAt),
  };
}

export class DynamoReplyTemplateStore implements ReplyTemplateStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async #query(prefix?: string): Promise<ReplyTemplate[]> {
    const templates: ReplyTemplate[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
      ExpressionAttributeValues: { ':pk': REPLY_TEMPLATES_PK, ...(prefix ? { ':prefix': prefix } : {}) },
    })) {
      for (const item of page.Items ?? []) templates.push(fromItem(item));
    }
    return templates;
  }

  async forUnit(unitId: string): Promise<ReplyTemplate[]> {
    const [own, county] = await Promise.all([
      this.#query(scopePrefix(unitId)),
      this.#query(scopePrefix(null)),
    ]);
    return [...own, ...county];
  }

  all(): Promise<ReplyTemplate[]> {
    return this.#query();
  }

  async get(unitId: string | null, templateId: string): Promise<ReplyTemplate | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: replyTemplateKey(unitId, templateId) }),
    );
    return result.Item ? fromItem(result.Item) : null;
  }

  async put(template: ReplyTemplate): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...replyTemplateKey(template.unitId, template.templateId),
          entity: 'replyTemplate',
          ...template,
        },
      }),
    );
  }

  async delete(unitId: string | null, templateId: string): Promise<void> {
    await this.#client.send(
      new DeleteCommand({ TableName: this.#table, Key: replyTemplateKey(unitId, templateId) }),
    );
  }
}
