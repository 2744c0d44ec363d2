import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunksOf, forEachLimited } from '../../async/limited.ts';

/** BatchWriteItem's limit per request. */
export const BATCH_WRITE_LIMIT = 25;
/** Batches written at once: enough for a stream batch's markers or a case's band items in one round trip. */
const BATCHES_IN_FLIGHT = 8;

/**
 * Puts `items` (keyed by `PK` and `SK`) into `table` in batches of 25, several in flight at once. Unprocessed items (throttling) are sent
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
  // The batches are independent (distinct keys), so several are in flight at once.
  await forEachLimited(chunksOf(items, BATCH_WRITE_LIMIT), BATCHES_IN_FLIGHT, async (chunk) => {
    let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  });
}
