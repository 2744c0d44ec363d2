import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseSummary } from '../../ports/case-store.ts';
import type { Open311Store } from '../../ports/open311-store.ts';
import { OPEN311_CASES_PARTITION, UPPER_BOUND } from './keys.ts';

/** `GET /open311/v2/requests`: one Query on GSI5 (`OPEN311`), which projects only summary attributes. */
export class DynamoOpen311Store implements Open311Store {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async requests(range: { from: Date; to: Date }, limit: number): Promise<CaseSummary[]> {
    const items: CaseSummary[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'GSI5',
          KeyConditionExpression: 'GSI5PK = :pk AND GSI5SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': OPEN311_CASES_PARTITION,
            ':from': range.from.toISOString(),
            ':to': `${range.to.toISOString()}#${UPPER_BOUND}`,
          },
          ScanIndexForward: false,
          Limit: limit - items.length,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) {
        const { GSI5PK: _pk, GSI5SK: _sk, PK: _p, SK: _s, ...summary } = item;
        items.push(summary as CaseSummary);
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor && items.length < limit);
    return items;
  }
}
