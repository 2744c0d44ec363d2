import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem's limit per request. */
export const BATCH_WRITE_LIMIT = 25;

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/** The key attributes of the main-shaped tables (the idempotency table's is `id`). */
export const PK_SK = ['PK', 'SK'] as const;

const keyOf = (item: Record<string, unknown>, attributes: readonly string[] = PK_SK) =>
  attributes.map((attribute) => String(item[attribute])).join('\u0000');

/**
 * Sends `requests` to `table` in batches of 25. Unprocessed requests (throttling) are sent again, with backoff,
 * until done; they are keyed, so a request repeated after a failure has the same effect.
 */
async function batchWrite(
  client: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
    let pending = requests.slice(start, start + BATCH_WRITE_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
}

/**
 * Puts `items` (keyed by `keyAttributes`, `PK` and `SK` unless told) into `table` in batches of 25, unprocessed
 * ones again until written.
 * BatchWriteItem refuses a request naming one key twice, so an item given twice is put once, as last given
 * (what two puts in a row would leave).
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  table: string,
  given: readonly Record<string, unknown>[],
  keyAttributes: readonly string[] = PK_SK,
): Promise<void> {
  const items = [...new Map(given.map((item) => [keyOf(item, keyAttributes), item])).values()];
  await batchWrite(
    client,
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
}

/** Deletes the items keyed `{ PK, SK }` from `table` in batches of 25 (a key given twice is deleted once). */
export async function batchDelete(
  client: DynamoDBDocumentClient,
  table: string,
  given: readonly { PK: unknown; SK: unknown }[],
): Promise<void> {
  const keys = [...new Map(given.map(({ PK, SK }) => [keyOf({ PK, SK }), { PK, SK }])).values()];
  await batchWrite(
    client,
    table,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
  );
}
