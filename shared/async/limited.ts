/**
 * Runs `work` on every item with at most `limit` running at once, and resolves when all have finished; the
 * first failure rejects (work already started still runs to its end). For requests that are independent of
 * each other: one after another, each would wait a whole round trip, and on a busy event loop a round trip is
 * a whole lap of it.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let index = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (index < items.length) {
      const item = items[index++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/** `items` in consecutive chunks of `size` (the last may be shorter). */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
