import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Segmenter } from '../domain/similarity/terms.ts';

/**
 * Chinese segmentation with `@node-rs/jieba` (jieba-rs behind N-API: prebuilt binaries for linux x64 and
 * arm64 from the npm registry, its dictionary inside the package). Native code cannot be bundled: the build
 * keeps the package external and ships it, with Lambda's linux-arm64-gnu binary, in the `node_modules/` of
 * the functions that segment (scripts/build.ts, docs/metrics.md "Terms").
 *
 * Loaded on first use, never at import: the package and its 5 MB dictionary take about half a second to load,
 * which a function's cold start must not pay unless it segments. One instance per process; county words are
 * added to it as they appear (jieba keeps added words whole; `frequency` makes it prefer them).
 */

type JiebaInstance = {
  cut(sentence: string, hmm?: boolean | null): string[];
  loadDict(dict: Uint8Array): void;
};

/** High enough that jieba prefers a county word over splitting it (its own dictionary's top words are ~1e5). */
const COUNTY_WORD_FREQUENCY = 200_000;

let loading: Promise<JiebaInstance> | undefined;
const added = new Set<string>();

async function loadJieba(): Promise<JiebaInstance> {
  const { Jieba } = (await import('@node-rs/jieba')) as unknown as {
    Jieba: { withDict(dict: Uint8Array): JiebaInstance };
  };
  // Only the segmentation dictionary: the package's `dict` export also reads the 6 MB IDF table we never use.
  const dictPath = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
  return Jieba.withDict(await readFile(dictPath));
}

/** The process's segmenter, with `words` kept whole (added once each). */
export async function jiebaSegmenter(words: readonly string[]): Promise<Segmenter> {
  loading ??= loadJieba();
  const jieba = await loading.catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  const fresh = words.filter((word) => !added.has(word));
  if (fresh.length > 0) {
    jieba.loadDict(Buffer.from(fresh.map((word) => `${word} ${COUNTY_WORD_FREQUENCY} n`).join('\n')));
    for (const word of fresh) added.add(word);
  }
  // Without HMM: unknown words fall apart into characters (dropped as too short) instead of into guessed
  // words that differ between two wordings of the same thing.
  return { cut: (text) => jieba.cut(text, false) };
}
