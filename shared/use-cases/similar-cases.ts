import type { Case } from '../domain/case/model.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { buildLexicon, type Lexicon, type WordListEntry } from '../domain/similarity/lexicon.ts';
import { termBandKeys } from '../domain/similarity/minhash.ts';
import { compareTerms, type SimilarKind, similarKind } from '../domain/similarity/similarity.ts';
import { extractTerms, isPlace, type Segmenter } from '../domain/similarity/terms.ts';
import type {
  IndexedCase,
  LookupCost,
  MatchLink,
  SimilarityStore,
  SimilarMatch,
} from '../ports/similarity-store.ts';

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

/** The lookback window of a case registered at `at`: band items since then are candidates. */
const lookbackStart = (at: Date) => new Date(at.getTime() - LOOKBACK_DAYS * DAY_MS).toISOString();

/** `candidates` compared with `terms` exactly: the similar ones, strongest first, at most MAX_MATCHES. */
function strongest(
  terms: readonly string[],
  lexicon: Lexicon,
  candidates: Iterable<IndexedCase>,
  keep: (candidate: IndexedCase) => boolean,
): Found[] {
  const found: Found[] = [];
  for (const candidate of candidates) {
    if (!keep(candidate)) continue;
    const { score, matched } = compareTerms(terms, candidate.terms, termKinds(lexicon));
    const kind = similarKind(score);
    if (kind) found.push({ caseId: candidate.caseId, kind, score: Math.round(score * 1000) / 1000, matched });
  }
  return found.sort((a, b) => b.score - a.score || a.caseId.localeCompare(b.caseId)).slice(0, MAX_MATCHES);
}

/** The cases of the bands named, each once. */
function unionOf(bands: ReadonlyMap<string, readonly IndexedCase[]>, keys: readonly string[]) {
  const found = new Map<string, IndexedCase>();
  for (const key of keys)
    for (const candidate of bands.get(key) ?? []) found.set(candidate.caseId, candidate);
  return found.values();
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
  const keys = termBandKeys(request.terms);
  if (keys.length === 0) return [];
  const bands = await store.bandCandidates(request.jurisdictionCode, keys, lookbackStart(request.at), cost);
  return strongest(
    request.terms,
    request.lexicon,
    unionOf(bands, keys),
    (candidate) => candidate.caseId !== request.excludeCaseId,
  );
}

export interface IndexOutcome {
  readonly caseId: string;
  readonly indexed: boolean;
  readonly matches: Found[];
}

/**
 * Stream side, on a new case: index it, then look up (write first: of two similar cases indexed at the same
 * moment, at least one sees the other, and the match is recorded on both). Every write is keyed, so a replayed
 * stream record rewrites the same items.
 */
export async function indexNewCase(deps: SimilarDeps, item: Case, cost?: LookupCost) {
  const [outcome] = await indexNewCases(deps, [item], cost);
  return { indexed: outcome!.indexed, matches: outcome!.matches };
}

/**
 * `indexNewCase` for a batch of new cases at once, as the queue delivers them: all are indexed before any is
 * looked up (so cases of one batch see each other), each band of a town is read once for the whole batch, and
 * the matches of all of them, both sides, are written together. When similar petitions arrive in a burst (an
 * outage, a hot topic), they share bands, and the batch costs little more than one case.
 */
export async function indexNewCases(
  deps: SimilarDeps,
  items: readonly Case[],
  cost?: LookupCost,
): Promise<IndexOutcome[]> {
  const notIndexed = (item: Case): IndexOutcome => ({ caseId: item.caseId, indexed: false, matches: [] });
  // Oldest first: where two cases of the batch match each other, the newer one's finding is written last.
  const candidates = items.filter(indexable).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // Confidential cases are never segmented, written or looked up.
  if (candidates.length === 0) return items.map(notIndexed);
  const lexicon = await deps.lexicon();
  const segmenter = await deps.segmenter(lexicon.words);
  const toIndex: { item: Case; terms: string[]; keys: string[] }[] = [];
  for (const item of candidates) {
    const names = item.petitioner.name ? [item.petitioner.name] : [];
    const terms = extractTerms({ title: item.title, content: item.content, names }, segmenter, lexicon);
    const keys = termBandKeys(terms);
    if (keys.length > 0) toIndex.push({ item, terms, keys });
  }
  if (toIndex.length === 0) return items.map(notIndexed);
  await deps.store.indexMany(
    toIndex.map(({ item, terms, keys }) => ({
      entry: {
        caseId: item.caseId,
        createdAt: item.createdAt,
        terms,
        jurisdictionCode: item.jurisdictionCode,
        ...(item.categoryCode ? { categoryCode: item.categoryCode } : {}),
        bandKeys: keys,
      },
      expiresAt: new Date(Date.parse(item.createdAt) + LOOKBACK_DAYS * DAY_MS),
    })),
  );

  // One read per band of each town, from the earliest lookback of the cases asking; each case keeps what its
  // own bands and window hold, as if it had looked alone.
  const bandsByTown = new Map<string, ReadonlyMap<string, readonly IndexedCase[]>>();
  for (const town of new Set(toIndex.map(({ item }) => item.jurisdictionCode))) {
    const asking = toIndex.filter(({ item }) => item.jurisdictionCode === town);
    const earliest = asking.map(({ item }) => item.createdAt).sort()[0]!;
    const keys = [...new Set(asking.flatMap(({ keys }) => keys))];
    bandsByTown.set(
      town,
      await deps.store.bandCandidates(town, keys, lookbackStart(new Date(earliest)), cost),
    );
  }

  const links: MatchLink[] = [];
  const outcomes = new Map<string, IndexOutcome>();
  for (const { item, terms, keys } of toIndex) {
    const since = lookbackStart(new Date(item.createdAt));
    const found = strongest(
      terms,
      lexicon,
      unionOf(bandsByTown.get(item.jurisdictionCode)!, keys),
      (candidate) => candidate.caseId !== item.caseId && candidate.createdAt >= since,
    );
    // The same text from someone else, linked at registration by the double-submit guard (which leaves
    // confidential petitions out as this code does): a possible duplicate here too, even where the index
    // cannot see it (another town), so the case page shows one flag and one decision for the pair.
    const sameText = item.possibleDuplicateOf;
    const matches: Found[] =
      sameText && !found.some((match) => match.caseId === sameText)
        ? [{ caseId: sameText, kind: 'duplicate', score: 1, matched: terms }, ...found]
        : found;
    const toMatch = (match: Found, caseId: string): SimilarMatch => ({
      caseId,
      kind: match.kind,
      score: match.score,
      matched: match.matched,
      foundAt: item.createdAt,
    });
    // Both sides: on the new case, keyed by the older case, and on the older case, keyed by the new one.
    for (const match of matches)
      links.push(
        { caseId: item.caseId, match: toMatch(match, match.caseId) },
        { caseId: match.caseId, match: toMatch(match, item.caseId) },
      );
    outcomes.set(item.caseId, { caseId: item.caseId, indexed: true, matches });
  }
  if (links.length > 0) await deps.store.recordMatches(links);
  return items.map((item) => outcomes.get(item.caseId) ?? notIndexed(item));
}
