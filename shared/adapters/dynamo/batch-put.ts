import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem's limit per request. */
export const BATCH_WRITE_LIMIT = 25;

/**
 * Puts `items` (keyed by `PK` and `SK`) into `table` in batches of 25. Unprocessed items (throttling) are sent
 * again, with backoff, until written; items are keyed, so a put repeated after a failure rewrites the same
 * item. BatchWriteItem refuses a request naming one key twice, so an item given twice is put once, as last
 * given (what two puts in a row would leave).
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  table: string,
  given: readonly Record<string, unknown>[],
): Promise<void> {
  const items = [
    ...new Map(given.map((item) => [`${String(item.PK)}\u0000${String(item.SK)}`, item])).values(),
  ];
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let pending = items.slice(start, start + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}
