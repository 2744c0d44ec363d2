import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPut, PK_SK } from '../../shared/adapters/dynamo/batch-put.ts';
import { bandPartition } from '../../shared/adapters/dynamo/dynamo-similarity-store.ts';
import { termBandKeys } from '../../shared/domain/similarity/minhash.ts';
import { ensureMoved, type ItemMove, moveItems } from './move-items.ts';

/**
 * The similar-case index keyed by term, not by MinHash band (docs/metrics.md, "Finding candidates"). Older
 * releases wrote 16 band items per case, `PK SIM#<town>#<band>:<hash>` (`03:9f2c41d0`); this one writes one per
 * term some MinHash function ranks lowest, `PK SIM#<town>#t:<term hash>`, and looks up only those. So the
 * cases indexed before the deployment are indexed again here, from their old band items (each carries the
 * case's terms; the case and its registration are the sort key), and the old items are deleted. Until it has
 * run, a new case's lookup does not find the cases indexed before the deployment.
 *
 * The old layout is written out here as literals on purpose: this step takes it as it was. Safe to run again:
 * a rewrite puts the same items, a delete of a deleted item changes nothing, and a finished run is on record
 * in the similar table and is not repeated.
 */
const OLD_BAND_KEY = /^SIM#(.+)#\d{2}:[0-9a-f]{8}$/;
export const BANDS_REKEYED = { PK: 'MIGRATION', SK: 'SIMILAR_BANDS_KEYED_BY_TERM' } as const;

/** The new band items of the old ones of a page (16 old items of one case give its few new ones once). */
export function rekeyedItems(oldItems: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const items = new Map<string, Record<string, unknown>>();
  for (const old of oldItems) {
    const town = OLD_BAND_KEY.exec(String(old.PK))?.[1];
    if (town === undefined) continue;
    const terms = (old.terms as string[] | undefined) ?? [];
    for (const key of termBandKeys(terms)) {
      const item = { PK: bandPartition(town, key), SK: old.SK, terms, expiresAt: old.expiresAt };
      items.set(`${item.PK}\u0000${String(item.SK)}`, item);
    }
  }
  return [...items.values()];
}

/**
 * The old band items, re-keyed within the similar table: each page's new items are put (16 old items of one
 * case give its few new ones once), then its old ones are deleted (`moveItems`).
 */
export const similarBandsRekey: ItemMove = {
  // New keys (`#t:`) are left alone; `OLD_BAND_KEY` checks the rest exactly.
  filter: 'begins_with(PK, :band) AND NOT contains(PK, :termKey)',
  values: { ':band': 'SIM#', ':termKey': '#t:' },
  selects: (item) => OLD_BAND_KEY.test(String(item.PK)),
  toTarget: (item) => item,
  targetKey: PK_SK,
  doneKey: BANDS_REKEYED,
  write: (client, table, items) => batchPut(client, table, rekeyedItems(items)),
};

/** Re-keys every old band item of `table` (the similar table); returns how many old items it replaced. */
export const rekeySimilarBands = (client: DynamoDBDocumentClient, table: string) =>
  moveItems(client, similarBandsRekey, { from: table, to: table });

/** Re-keys the old band items unless a finished run is on record in `table`, then records it. */
export const ensureSimilarBandsRekeyed = (client: DynamoDBDocumentClient, table: string, now?: Date) =>
  ensureMoved(client, similarBandsRekey, { from: table, to: table }, now);
