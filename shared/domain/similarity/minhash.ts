/**
 * MinHash signatures and locality-sensitive-hashing bands (docs/metrics.md, "Finding candidates"). Two term
 * sets with Jaccard similarity s agree on one MinHash value with probability s, so on a band of `ROWS` values
 * with probability s^ROWS, and share at least one of `BANDS` band keys with probability 1 − (1 − s^ROWS)^BANDS.
 * Petitions are short (five to ten terms), so similar ones share few terms in absolute numbers: one row per
 * band finds a pair with s = 0.2 with probability 0.97 (two rows: 0.48). Candidates found through a shared band
 * are then compared exactly, so a band only has to find, never to decide; each band's lookup is capped, so
 * more candidates cost nothing beyond that cap.
 */

export const BANDS = 16;
export const ROWS = 1;
export const SIGNATURE_LENGTH = BANDS * ROWS;

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

/** The MinHash signature of a term set; `null` for an empty set (nothing to compare). */
export function minhashSignature(terms: readonly string[]): number[] | null {
  if (terms.length === 0) return null;
  const hashes = terms.map(fnv1a);
  return seeds.map((seed) => {
    let minimum = 0xffffffff;
    for (const hash of hashes) {
      const value = mix(hash ^ seed);
      if (value < minimum) minimum = value;
    }
    return minimum;
  });
}

/** The band keys of a signature: band number and the hash of its rows, e.g. `03:9f2c41d0`. */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let hash = 0x811c9dc5;
    for (let row = 0; row < ROWS; row++) hash = mix(hash ^ signature[band * ROWS + row]!);
    keys.push(`${String(band).padStart(2, '0')}:${hash.toString(16).padStart(8, '0')}`);
  }
  return keys;
}
