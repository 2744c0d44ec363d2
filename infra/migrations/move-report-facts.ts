import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PK_SK } from '../../shared/adapters/dynamo/batch-put.ts';
import { isConditionFailure } from '../../shared/adapters/dynamo/condition-failure.ts';
import type { ItemMove } from './move-items.ts';

/**
 * Lands one fact from the main table in the facts table unless the facts table holds a newer one (the new
 * release's stream consumer writes there from its deployment on, before the move has run). A newer fact is
 * kept, and still gets the old one's sticky parts, as the store's own write would have kept them: once
 * carded, always counted, and the first reply's duration survives a review's second reply.
 */
async function landFact(client: DynamoDBDocumentClient, table: string, fact: Record<string, unknown>) {
  try {
    // Whole, as it was: the main table's fact already carries every sticky part its case ever showed.
    await client.send(
      new PutCommand({
        TableName: table,
        Item: fact,
        ConditionExpression: 'attribute_not_exists(PK) OR #version < :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': fact.version },
      }),
    );
    return;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  // The facts table's is newer (or the same): kept, with this one's sticky parts added.
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const set: string[] = [];
  if (fact.carded === true) {
    names['#carded'] = 'carded';
    values[':carded'] = true;
    set.push('#carded = :carded');
  }
  if (typeof fact.workingDaysToReply === 'number') {
    names['#days'] = 'workingDaysToReply';
    values[':days'] = fact.workingDaysToReply;
    set.push('#days = if_not_exists(#days, :days)');
  }
  if (set.length === 0) return;
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: { PK: fact.PK, SK: fact.SK },
      UpdateExpression: `SET ${set.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * The per-case report facts, out of the main table into the facts table, keyed as before (`METRICS#<month>`,
 * `FACT#<caseId>`). Moved, not rebuilt: a fact keeps what its case no longer shows (a card, the first reply's
 * duration) (docs/data-model.md, "Report facts").
 *
 * Literals on purpose: the move takes the layout as it was, which must not follow later store changes.
 */
export const reportFactsMove: ItemMove = {
  filter: 'begins_with(PK, :metrics) AND begins_with(SK, :fact)',
  values: { ':metrics': 'METRICS#', ':fact': 'FACT#' },
  toTarget: (item) => item,
  targetKey: PK_SK,
  doneKey: { PK: 'MIGRATION', SK: 'REPORT_FACTS_MOVED' },
  write: async (client, table, facts) => {
    for (const fact of facts) await landFact(client, table, fact);
  },
};
