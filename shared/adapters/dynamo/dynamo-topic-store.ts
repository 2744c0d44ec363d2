import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HotTopic, TopicCase } from '../../domain/similarity/topics.ts';
import type { StoredTopics, TopicFocus, TopicStore } from '../../ports/topic-store.ts';
import { topicTermsPartition } from './dynamo-similarity-store.ts';
import { queryPages } from './query-pages.ts';

/**
 * Hot-topic items in the similar table (docs/data-model.md, "Hot topics"):
 *   month terms  PK `TOPICTERMS#<YYYY-MM>`  SK `CASE#<caseId>`   written when a case is indexed (similar cases)
 *   topics       PK `TOPICS#<YYYY-MM>`      SK `RUN`             the month's clusters, replaced by every run
 *   每月一题      PK `TOPICS#FOCUS`          SK `<topicId>`       one per topic taken up
 */

const topicsKey = (month: string) => ({ PK: `TOPICS#${month}`, SK: 'RUN' });
const FOCUS_PK = 'TOPICS#FOCUS';

export class DynamoTopicStore implements TopicStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async monthCases(month: string): Promise<TopicCase[]> {
    const cases: TopicCase[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': topicTermsPartition(month) },
      ProjectionExpression: 'caseId, terms, jurisdictionCode, categoryCode, createdAt',
    }))
      for (const item of page.Items ?? [])
        cases.push({
          caseId: String(item.caseId),
          terms: (item.terms as string[] | undefined) ?? [],
          jurisdictionCode: String(item.jurisdictionCode),
          ...(item.categoryCode ? { categoryCode: String(item.categoryCode) } : {}),
          createdAt: String(item.createdAt),
        });
    return cases;
  }

  async saveTopics(topics: StoredTopics): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...topicsKey(topics.month), entity: 'topics', ...topics },
      }),
    );
  }

  async topics(month: string): Promise<StoredTopics | null> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: topicsKey(month) }),
    );
    if (!Item) return null;
    return {
      month: String(Item.month),
      computedAt: String(Item.computedAt),
      topics: (Item.topics as HotTopic[] | undefined) ?? [],
    };
  }

  async saveFocus(focus: TopicFocus): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { PK: FOCUS_PK, SK: focus.topicId, entity: 'topicFocus', ...focus },
      }),
    );
  }

  async focuses(): Promise<TopicFocus[]> {
    const found: TopicFocus[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': FOCUS_PK },
    }))
      for (const item of page.Items ?? []) {
        const { PK: _pk, SK: _sk, entity: _entity, ...focus } = item;
        found.push(focus as TopicFocus);
      }
    return found;
  }
}
