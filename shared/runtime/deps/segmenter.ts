import type { Segmenter } from '../../domain/similarity/terms.ts';
import type { SimilarDeps } from '../../use-cases/similar-cases.ts';
import { lexicon, similarityStore } from './similarity.ts';

/**
 * jieba, loaded on the first text a function segments (a lazy chunk: the native addon is not in the bundle).
 * A module of its own: esbuild emits the lazy chunk of every `import()` in a module it bundles, even when the
 * function calling it is shaken out, and the build ships jieba (11 MB) beside every bundle with that chunk.
 * Only the functions that segment import this module.
 */
export async function segmenter(words: readonly string[]): Promise<Segmenter> {
  const { jiebaSegmenter } = await import('../../adapters/jieba-segmenter.ts');
  return jiebaSegmenter(words);
}

export const similarDeps = (): SimilarDeps => ({ store: similarityStore(), lexicon, segmenter });
