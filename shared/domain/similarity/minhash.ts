/**
 * MinHash over a case's terms (docs/metrics.md, "Finding candidates"). Two term sets with Jaccard similarity s
 * agree on one MinHash value with probability s, so on a band of `ROWS` values with probability s^ROWS, and
 * share at least one of `BANDS` band keys with probability 1 − (1 − s^ROWS)^BANDS. Petitions are short (five to
 * ten terms), so similar ones share few terms in absolute numbers: one row per band finds a pair with s = 0.2
 * with probability 0.97 (two rows: 0.48).
 *
 * Two uses:
 * - `termBandKeys`, the similar-case index: the terms some function ranks lowest, each once. With one row per
 *   band, two cases share band b exactly when they have the same lowest term under function b, so keying by
 *   the term finds every pair the 16 bands find (and pairs whose samples share a term under different
 *   functions), with a quarter of the lookups: the 16 functions mostly pick the same few terms of a short
 *   petition.
 * - `bandKeys`, the hot-topic clustering in memory: the classic 16 bands, where more keys cost nothing.
 *
 * Candidates found through a shared key are then compared exactly, so a key only has to find, never to decide.
 */

export const BANDS = 16;
export const ROWS = 1;
export const SIGNATURE_LENGTH = BANDS * ROWS;
/** MinHash functions, each picking at most one of the similar-case index's keys (`termBandKeys`). */
export const HASH_FUNCTIONS = SIGNATURE_LENGTH;

/** FNV-1a over the UTF-16 code units: a stable 32-bit hash of a term. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit finaliser (murmur3's fmix32): spreads a seeded value evenly, so each seed acts as its own hash. */
function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** One seed per MinHash function, fixed forever: stored band keys must stay comparable with new ones. */
const seeds = Array.from({ length: SIGNATURE_LENGTH }, (_, index) => mix(0x9e3779b9 + index * 0x632be5ab));

/** For each MinHash function, the hash of the term it ranks lowest and that rank; none for an empty set. */
function lowestTerms(terms: readonly string[]): { hash: number; value: number }[] | null {
  if (terms.length === 0) return null;
  const hashes = terms.map(fnv1a);
  return seeds.map((seed) => {
    let lowest = { hash: hashes[0]!, value: mix(hashes[0]! ^ seed) };
    for (const hash of hashes) {
      const value = mix(hash ^ seed);
      if (value < lowest.value) lowest = { hash, value };
    }
    return lowest;
  });
}

/** The MinHash signature of a term set; `null` for an empty set (nothing to compare). */
export function minhashSignature(terms: readonly string[]): number[] | null {
  return lowestTerms(terms)?.map(({ value }) => value) ?? null;
}

/**
 * The similar-case index's keys of a term set: for each function in turn, the term it ranks lowest, as
 * `t:<term hash>` (e.g. `t:9f2c41d0`; the `t:` tells them from the band keys older releases stored), each once;
 * none for an empty set. `mix` is a bijection, so no two different hashes tie for lowest.
 */
export function termBandKeys(terms: readonly string[]): string[] {
  const keys = (lowestTerms(terms) ?? []).map(({ hash }) => `t:${hex8(hash)}`);
  return [...new Set(keys)];
}

const hex8 = (value: number) => value.toString(16).padStart(8, '0');

/** The band keys of a signature: band number and the hash of its rows, e.g. `03:9f2c41d0`. */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let hash = 0x811c9dc5;
    for (let row = 0; row < ROWS; row++) hash = mix(hash ^ signature[band * ROWS + row]!);
    keys.push(`${String(band).padStart(2, '0')}:${hex8(hash)}`);
  }
  return keys;
}
