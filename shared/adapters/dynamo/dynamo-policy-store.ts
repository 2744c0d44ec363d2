import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type SlaPolicy, slaPolicySchema } from '../../domain/policy/sla-policy.ts';
import type { PolicyStore } from '../../ports/policy-store.ts';
import { batchPut } from './batch-put.ts';
import { queryPages } from './query-pages.ts';

/** SLA policies, one partition per county (`PK = POLICIES`, `SK = POLICY#<policyId>`): one Query loads them. */
export const POLICIES_PK = 'POLICIES';
export const policyKey = (policyId: string) => ({ PK: POLICIES_PK, SK: `POLICY#${policyId}` });

export class DynamoPolicyStore implements PolicyStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async list(): Promise<SlaPolicy[]> {
    const policies: SlaPolicy[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': POLICIES_PK },
    })) {
      // Validated on the way out too: a corrupt policy must fail loudly, not compute wrong deadlines.
      for (const item of page.Items ?? []) policies.push(slaPolicySchema.parse(item.data));
    }
    return policies;
  }

  async save(policies: readonly SlaPolicy[], by: string): Promise<void> {
    const at = new Date().toISOString();
    await batchPut(
      this.#client,
      this.#table,
      policies.map((policy) => ({
        ...policyKey(policy.policyId),
        entity: 'policy',
        data: policy,
        updatedBy: by,
        updatedAt: at,
      })),
    );
  }

  async delete(policyId: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: policyKey(policyId) }));
  }
}
