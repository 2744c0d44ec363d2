/**
 * One page out of several index partitions that share a sort order, as if they were one partition: the
 * county's cases in one state are the union of every unit's inbox partition for that state
 * (docs/data-model.md, "County-wide lists"). Each partition was read up to some sort key; only what lies at or
 * below the lowest of those is known completely, so only that may be handed out, in order.
 */

/** What one Query of a partition returned. */
export interface PartitionRead<T> {
  /** The matching items, in sort-key order. */
  readonly items: readonly T[];
  /** The sort key DynamoDB stopped at (its `LastEvaluatedKey`); absent when it read to the partition's end. */
  readonly readUpTo?: string;
}

export interface MergedPage<T> {
  readonly items: readonly T[];
  /** Where the next page starts (exclusive); null when every partition has been read to its end. */
  readonly resumeAfter: string | null;
}

export function mergePartitionReads<T>(
  reads: readonly PartitionRead<T>[],
  sortKeyOf: (item: T) => string,
  limit: number,
): MergedPage<T> {
  const stops = reads.flatMap((read) => (read.readUpTo === undefined ? [] : [read.readUpTo]));
  // Below this key every partition has been read; above it, one that stopped early may hold items still unseen.
  const knownUpTo = stops.sort(compare)[0];
  const known = reads
    .flatMap((read) => read.items)
    .filter((item) => knownUpTo === undefined || sortKeyOf(item) <= knownUpTo)
    .sort((a, b) => compare(sortKeyOf(a), sortKeyOf(b)));
  const items = known.slice(0, limit);
  if (known.length > limit) return { items, resumeAfter: sortKeyOf(items.at(-1) as T) };
  // Everything known is handed out: the next page starts where the knowledge ends (null: nothing left anywhere).
  return { items, resumeAfter: knownUpTo ?? null };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
