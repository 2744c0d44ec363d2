import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { referralItems, toCaseItem, toEventItem } from '../../shared/adapters/dynamo/case-items.ts';
import {
  DynamoCaseStore,
  type DynamoCaseStoreOptions,
} from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import type { Decision } from '../../shared/domain/case/lifecycle.ts';

/**
 * The way changes were written before they became two single-item writes (docs/data-model.md, "Writing a
 * change"): case and event in one `TransactWriteItems`, which DynamoDB bills at twice the write units, index
 * updates included. Kept for the lifecycle bench only, so before and after are measured in the same run.
 */
export class TransactionalCommitStore extends DynamoCaseStore {
  readonly #options: DynamoCaseStoreOptions;

  constructor(options: DynamoCaseStoreOptions) {
    super(options);
    this.#options = options;
  }

  override async commit(decision: Decision): Promise<void> {
    const TableName = this.#options.tableName;
    await this.#options.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName,
              Item: toCaseItem(decision.case),
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': decision.case.version - 1 },
            },
          },
          {
            Put: {
              TableName,
              Item: toEventItem(decision.event, decision.case),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...referralItems(decision).map((Item) => ({ Put: { TableName, Item } })),
        ],
      }),
    );
  }
}
