import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete, batchPut } from '../../shared/adapters/dynamo/batch-put.ts';

/**
 * Moving a kind of item from the main table to the table it lives in since a release that gave it one, or to
 * the keys it has since a release that changed them (then within one table). Each move is one-time: it scans
 * the source table (the only scans outside tests, allowed for migrations), copies each item it selects,
 * deletes it, and records in the target table that it finished. Safe to run again: a copy rewrites the same
 * item, a delete of a moved item changes nothing, and a recorded move costs one read.
 */
export interface ItemMove {
  /** Which items of the main table move: a filter expression and its values, as the stores key them. */
  readonly filter: string;
  readonly values: Readonly<Record<string, string>>;
  /** Of what the filter lets through, the items that move, where a filter expression cannot say it exactly. */
  readonly selects?: (item: Record<string, unknown>) => boolean;
  /** The item as the target table keys it (main-table items have `PK` and `SK`). */
  readonly toTarget: (item: Record<string, unknown>) => Record<string, unknown>;
  /** The target table's key attributes. */
  readonly targetKey: readonly string[];
  /** The key of the record, in the target table, that the move finished. */
  readonly doneKey: Readonly<Record<string, string>>;
  /**
   * How the moved items land in the target, when a plain put could overwrite something newer: between a
   * cloud stage's deployment and its move, the new release already writes there. Batched puts without it.
   */
  readonly write?: (
    client: DynamoDBDocumentClient,
    table: string,
    items: readonly Record<string, unknown>[],
  ) => Promise<void>;
}

export interface MoveTables {
  readonly from: string;
  readonly to: string;
}

/** Moves every item `move` selects from `from` to `to`; returns how many were moved. */
export async function moveItems(
  client: DynamoDBDocumentClient,
  move: ItemMove,
  tables: MoveTables,
): Promise<number> {
  let moved = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tables.from,
        FilterExpression: move.filter,
        ExpressionAttributeValues: move.values,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const items = (page.Items ?? []).filter((item) => move.selects?.(item) ?? true);
    // Copied before deleted: an interrupted move leaves an item in both tables, never in neither.
    const targets = items.map(move.toTarget);
    await (move.write
      ? move.write(client, tables.to, targets)
      : batchPut(client, tables.to, targets, move.targetKey));
    await batchDelete(client, tables.from, items as { PK: unknown; SK: unknown }[]);
    moved += items.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return moved;
}

/**
 * Moves the items unless a finished move is on record, then records it. A move interrupted by a crash is
 * finished on the next call (what it had copied is copied again, harmlessly).
 */
export async function ensureMoved(
  client: DynamoDBDocumentClient,
  move: ItemMove,
  tables: MoveTables,
  now: Date = new Date(),
): Promise<number> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tables.to, Key: move.doneKey, ConsistentRead: true }),
  );
  if (Item) return 0;
  const moved = await moveItems(client, move, tables);
  await client.send(
    new PutCommand({
      TableName: tables.to,
      Item: { ...move.doneKey, entity: 'migration', moved, at: now.toISOString() },
    }),
  );
  return moved;
}
