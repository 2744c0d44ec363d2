/**
 * Exact similarity of two petitions' terms (docs/metrics.md, "Similarity"): a weighted Jaccard index of their
 * term sets, except that two petitions naming different places, or different problems, are not similar at all
 * (the same broken streetlight on two different roads is two problems; a road's lights and its potholes too). Above `DUPLICATE_THRESHOLD` a pair is flagged 可能重复 (possible
 * duplicate), above `RELATED_THRESHOLD` 相关诉求 (related); "similar" means either.
 */

/** Chosen on the labelled set in test/fixtures/similar-petitions (docs/metrics.md has the figures). */
export const RELATED_THRESHOLD = 0.25;
export const DUPLICATE_THRESHOLD = 0.5;

export type SimilarKind = 'duplicate' | 'related';

export interface Comparison {
  readonly score: number;
  /** Terms both petitions share, sorted. */
  readonly matched: readonly string[];
}

/** Each side names a place the other does not mention, and neither's places include the other's. */
export function differentPlaces(
  a: readonly string[],
  b: readonly string[],
  isPlace: (term: string) => boolean,
): boolean {
  const placesA = a.filter(isPlace);
  const placesB = new Set(b.filter(isPlace));
  if (placesA.length === 0 || placesB.size === 0) return false;
  const inB = placesA.filter((term) => placesB.has(term)).length;
  return inB < placesA.length && inB < placesB.size;
}

/** Both name what they are about (complaint terms of the word list), and nothing in common: two problems. */
export function differentProblems(
  a: readonly string[],
  b: readonly string[],
  complaints: ReadonlySet<string>,
): boolean {
  const problemsA = a.filter((term) => complaints.has(term));
  const problemsB = new Set(b.filter((term) => complaints.has(term)));
  return problemsA.length > 0 && problemsB.size > 0 && !problemsA.some((term) => problemsB.has(term));
}

/** Complaint terms say what a petition is about: they weigh this much more than other words. */
export const COMPLAINT_WEIGHT = 3;

export interface TermKinds {
  readonly complaints: ReadonlySet<string>;
  readonly isPlace: (term: string) => boolean;
}

/**
 * Weighted Jaccard: shared weight over the union's weight, complaint terms weighing `COMPLAINT_WEIGHT` and
 * every other term 1; zero for different places or different problems.
 */
export function compareTerms(a: readonly string[], b: readonly string[], kinds: TermKinds): Comparison {
  const setA = new Set(a);
  const setB = new Set(b);
  const matched = [...setA].filter((term) => setB.has(term)).sort();
  const weight = (term: string) => (kinds.complaints.has(term) ? COMPLAINT_WEIGHT : 1);
  let union = 0;
  for (const term of new Set([...setA, ...setB])) union += weight(term);
  if (union === 0 || differentPlaces(a, b, kinds.isPlace) || differentProblems(a, b, kinds.complaints))
    return { score: 0, matched };
  const shared = matched.reduce((sum, term) => sum + weight(term), 0);
  return { score: shared / union, matched };
}

/** What a score means: a possible duplicate, a related petition, or nothing. */
export function similarKind(score: number): SimilarKind | null {
  if (score >= DUPLICATE_THRESHOLD) return 'duplicate';
  if (score >= RELATED_THRESHOLD) return 'related';
  return null;
}
