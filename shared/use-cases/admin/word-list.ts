import {
  builtInComplaintTerms,
  type WordListEntry,
  wordListSchema,
} from '../../domain/similarity/lexicon.ts';
import type { SimilarityStore } from '../../ports/similarity-store.ts';

/**
 * The county word list for similar cases and hot topics (docs/metrics.md, "Terms"): admins add places,
 * local names and complaint terms; built-in complaint terms and reference data (towns, units) come with it.
 * A change applies to cases indexed from then on (within 30 s, the lexicon's cache).
 */

export { wordListSchema };

export interface WordListView {
  readonly entries: readonly WordListEntry[];
  /** Read-only: the built-in complaint terms the admins' entries extend. */
  readonly builtIn: readonly WordListEntry[];
}

export async function readWordList(store: SimilarityStore): Promise<WordListView> {
  return { entries: await store.wordList(), builtIn: builtInComplaintTerms };
}

export async function saveWordList(
  store: SimilarityStore,
  entries: readonly WordListEntry[],
  by: string,
  now: Date,
): Promise<WordListView> {
  await store.saveWordList(entries, by, now.toISOString());
  return { entries, builtIn: builtInComplaintTerms };
}
