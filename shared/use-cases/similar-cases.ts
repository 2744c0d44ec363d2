import type { Case } from '../domain/case/model.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { buildLexicon, type Lexicon, type WordListEntry } from '../domain/similarity/lexicon.ts';
import { bandKeys, minhashSignature } from '../domain/similarity/minhash.ts';
import { compareTerms, type SimilarKind, similarKind } from '../domain/similarity/similarity.ts';
import { extractTerms, isPlace, type Segmenter } from '../domain/similarity/terms.ts';
import type { LookupCost, SimilarityStore, SimilarMatch } from '../ports/similarity-store.ts';

/**
 * Similar cases on arrival (docs/metrics.md, "Similar cases"): a new case's terms, its MinHash band keys
 * written as index items, one Query per band for candidates of the same town in the last 90 days, exact
 * similarity on those, and the matches recorded on both cases. Confidential cases are never indexed, looked
 * up or shown; help-mailbox letters are not cases and never reach this code.
 */

export const LOOKBACK_DAYS = 90;
/** Matches kept per case: the strongest first. */
export const MAX_MATCHES = 10;
const DAY_MS = 86_400_000;

export interface TermDeps {
  readonly lexicon: () => Promise<Lexicon>;
  /** The segmenter, with the lexicon's words kept whole. */
  readonly segmenter: (words: readonly string[]) => Promise<Segmenter>;
}

export interface SimilarDeps extends TermDeps {
  readonly store: SimilarityStore;
}

/** The lexicon of a county: built-in complaint terms, its towns and units, and its admins' words. */
export function countyLexicon(catalog: Catalog, adminWords: readonly WordListEntry[]): Lexicon {
  return buildLexicon({
    towns: catalog.jurisdictions.map((town) => town.nameZh),
    units: catalog.units.map((unit) => unit.nameZh),
    admin: adminWords,
  });
}

export async function termsOf(
  deps: TermDeps,
  input: { readonly title: string; readonly content: string; readonly names?: readonly string[] },
): Promise<{ terms: string[]; lexicon: Lexicon }> {
  const lexicon = await deps.lexicon();
  const segmenter = await deps.segmenter(lexicon.words);
  return { terms: extractTerms(input, segmenter, lexicon), lexicon };
}

/** How the lexicon sorts terms for comparison. */
export function termKinds(lexicon: Lexicon) {
  return { complaints: lexicon.complaints, isPlace: (term: string) => isPlace(term, lexicon) };
}

export function indexable(item: Pick<Case, 'confidential'>): boolean {
  return !item.confidential;
}

export interface Found {
  readonly caseId: string;
  readonly kind: SimilarKind;
  readonly score: number;
  readonly matched: readonly string[];
}

/** Indexed cases of the town similar to `terms`, strongest first; `cost` counts what the lookup read. */
export async function findSimilar(
  store: SimilarityStore,
  request: {
    readonly jurisdictionCode: string;
    readonly terms: readonly string[];
    readonly lexicon: Lexicon;
    /** The lookback window ends here (the new case's registration, so a replay finds the same). */
    readonly at: Date;
    readonly excludeCaseId?: string;
  },
  cost?: LookupCost,
): Promise<Found[]> {
  const signature = minhashSignature(request.terms);
  if (!signature) return [];
  const since = new Date(request.at.getTime() - LOOKBACK_DAYS * DAY_MS).toISOString();
  const candidates = await store.candidates(request.jurisdictionCode, bandKeys(signature), since, cost);
  const found: Found[] = [];
  for (const candidate of candidates) {
    if (candidate.caseId === request.excludeCaseId) continue;
    const { score, matched } = compareTerms(request.terms, candidate.terms, termKinds(request.lexicon));
    const kind = similarKind(score);
    if (kind) found.push({ caseId: candidate.caseId, kind, score: Math.round(score * 1000) / 1000, matched });
  }
  return found.sort((a, b) => b.score - a.score || a.caseId.localeCompare(b.caseId)).slice(0, MAX_MATCHES);
}

/**
 * Stream side, on a new case: index it, then look up (write first: of two similar cases indexed at the same
 * moment, at least one sees the other, and the match is recorded on both). Every write is keyed, so a replayed
 * stream record rewrites the same items.
 */
export async function indexNewCase(
  deps: SimilarDeps,
  item: Case,
  cost?: LookupCost,
): Promise<{ indexed: boolean; matches: Found[] }> {
  if (!indexable(item)) return { indexed: false, matches: [] };
  const names = item.petitioner.name ? [item.petitioner.name] : [];
  const { terms, lexicon } = await termsOf(deps, { title: item.title, content: item.content, names });
  const signature = minhashSignature(terms);
  if (!signature) return { indexed: false, matches: [] };
  const registeredAt = new Date(item.createdAt);
  await deps.store.index(
    {
      caseId: item.caseId,
      createdAt: item.createdAt,
      terms,
      jurisdictionCode: item.jurisdictionCode,
      ...(item.categoryCode ? { categoryCode: item.categoryCode } : {}),
      bandKeys: bandKeys(signature),
    },
    new Date(registeredAt.getTime() + LOOKBACK_DAYS * DAY_MS),
  );
  const found = await findSimilar(
    deps.store,
    { jurisdictionCode: item.jurisdictionCode, terms, lexicon, at: registeredAt, excludeCaseId: item.caseId },
    cost,
  );
  // The same text from someone else, linked at registration by the double-submit guard (which leaves
  // confidential petitions out as this code does): a possible duplicate here too, even where the index
  // cannot see it (another town), so the case page shows one flag and one decision for the pair.
  const sameText = item.possibleDuplicateOf;
  const matches: Found[] =
    sameText && !found.some((match) => match.caseId === sameText)
      ? [{ caseId: sameText, kind: 'duplicate', score: 1, matched: terms }, ...found]
      : found;
  const foundAt = item.createdAt;
  const toMatch = (found: Found, caseId: string): SimilarMatch => ({
    caseId,
    kind: found.kind,
    score: found.score,
    matched: found.matched,
    foundAt,
  });
  await deps.store.addMatches(
    item.caseId,
    matches.map((found) => toMatch(found, found.caseId)),
  );
  await Promise.all(
    matches.map((found) => deps.store.addMatches(found.caseId, [toMatch(found, item.caseId)])),
  );
  return { indexed: true, matches };
}
