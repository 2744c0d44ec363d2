import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent } from '../../domain/case/model.ts';
import type { CaseSummary } from '../../ports/case-store.ts';
import type { Open311CaseFacts, Open311Store, TimeRange } from '../../ports/open311-store.ts';
import { fromEventItem } from './case-items.ts';
import { caseKey, OPEN311_CASES_PARTITION, OPEN311_UPDATES_PARTITION, UPPER_BOUND } from './keys.ts';

/** DynamoDB's limit of keys in one BatchGetItem. */
const BATCH_GET_MAX = 100;

const factAttributes = [
  'caseId',
  'status',
  'channel',
  'confidential',
  'categoryCode',
  'unitId',
  'deadlines',
  'reply',
  'rejection',
  'duplicateOf',
  'open311ClientId',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Open311CaseFacts)[];

/**
 * `GET requests` and `servicerequestupdates`: Queries on the sparse GSI5 partitions `OPEN311` (cases by
 * registration time) and `OPEN311#UPDATES` (their update events by time), and BatchGetItem for cases by id
 * and for the events the index points at (it projects only summary attributes).
 */
export class DynamoOpen311Store implements Open311Store {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async #queryIndex(
    partition: string,
    range: TimeRange,
    limit: number,
    newestFirst: boolean,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'GSI5',
          KeyConditionExpression: 'GSI5PK = :pk AND GSI5SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': partition,
            ':from': range.from.toISOString(),
            ':to': `${range.to.toISOString()}#${UPPER_BOUND}`,
          },
          ScanIndexForward: !newestFirst,
          Limit: limit - items.length,
          ExclusiveStartKey: cursor,
        }),
      );
      items.push(...(page.Items ?? []));
      cursor = page.LastEvaluatedKey;
    } while (cursor && items.length < limit);
    return items;
  }

  async requests(range: TimeRange, limit: number): Promise<CaseSummary[]> {
    const items = await this.#queryIndex(OPEN311_CASES_PARTITION, range, limit, true);
    return items.map(({ GSI5PK: _pk, GSI5SK: _sk, PK: _p, SK: _s, ...summary }) => summary as CaseSummary);
  }

  /** BatchGetItem in chunks of 100, retrying unprocessed keys (throttling hands some back). */
  async #batchGet(
    keys: readonly Record<string, unknown>[],
    projection?: readonly string[],
  ): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_MAX) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + BATCH_GET_MAX);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)));
        const names = projection
          ? Object.fromEntries(projection.map((name) => [`#${name}`, name]))
          : undefined;
        const result = await this.#client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.#table]: {
                Keys: pending,
                ...(names
                  ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names }
                  : {}),
              },
            },
          }),
        );
        found.push(...(result.Responses?.[this.#table] ?? []));
        pending = result.UnprocessedKeys?.[this.#table]?.Keys as Record<string, unknown>[] | undefined;
        if (attempt > 8 && pending?.length) throw new Error('BatchGetItem kept returning unprocessed keys');
      }
    }
    return found;
  }

  async cases(caseIds: readonly string[]): Promise<Open311CaseFacts[]> {
    const unique = [...new Set(caseIds)];
    const items = await this.#batchGet(
      unique.map((caseId) => caseKey(caseId)),
      factAttributes,
    );
    return items as Open311CaseFacts[];
  }

  async updates(range: TimeRange, limit: number): Promise<CaseEvent[]> {
    const entries = await this.#queryIndex(OPEN311_UPDATES_PARTITION, range, limit, false);
    const events = await this.#batchGet(entries.map((entry) => ({ PK: entry.PK, SK: entry.SK })));
    return events
      .map(fromEventItem)
      .sort((a, b) => a.at.localeCompare(b.at) || a.caseId.localeCompare(b.caseId) || a.version - b.version);
  }
}
