import { bandKeys, minhashSignature } from './minhash.ts';

/**
 * Hot topics (docs/metrics.md, "Hot topics"): a month's cases clustered by shared terms within a category,
 * across towns. Places are left out of the comparison (a topic is "停水", wherever it happens) and reported
 * with the topic instead: its towns, and how many cases each. Candidate pairs come from the same MinHash bands
 * as similar cases, so clustering 10,000 cases compares a few hundred thousand pairs, not fifty million.
 */

export const TOPIC_THRESHOLD = 0.3;
/** A topic needs at least this many cases. */
export const MIN_TOPIC_SIZE = 3;
/** In a band bucket, each case is compared with at most this many earlier ones (bounds the pairs). */
const BUCKET_COMPARISONS = 8;
export const TOPICS_KEPT = 20;
/** Case ids kept per topic (the stored month stays far below DynamoDB's 400 KB item limit); `size` counts all. */
export const TOPIC_CASE_IDS_KEPT = 200;

export interface TopicCase {
  readonly caseId: string;
  readonly terms: readonly string[];
  readonly jurisdictionCode: string;
  readonly categoryCode?: string;
  readonly createdAt: string;
}

/** What the report facts add: who holds the case and whether it was answered. */
export interface TopicCaseState {
  readonly unitId?: string;
  readonly resolved: boolean;
}

export type Trend = 'new' | 'rising' | 'steady' | 'falling';

export interface HotTopic {
  readonly topicId: string;
  readonly month: string;
  /** The topic's top terms, most frequent first: its readable label. */
  readonly label: readonly string[];
  readonly categoryCode?: string;
  readonly size: number;
  readonly towns: readonly { readonly code: string; readonly cases: number }[];
  readonly units: readonly { readonly unitId: string; readonly cases: number }[];
  /** Cases of this month that carry the label: the trend's yardstick, measured like `previous`. */
  readonly current: number;
  /** Cases of the previous three months that carry the label, oldest month first. */
  readonly previous: readonly number[];
  /** `current` against the average of `previous`. */
  readonly trend: Trend;
  /** Share of the topic's cases replied to (or later). */
  readonly resolvedShare: number;
  readonly caseIds: readonly string[];
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

class UnionFind {
  readonly #parent: number[];
  constructor(size: number) {
    this.#parent = Array.from({ length: size }, (_, index) => index);
  }
  find(index: number): number {
    let root = index;
    while (this.#parent[root] !== root) root = this.#parent[root]!;
    let node = index;
    while (this.#parent[node] !== root) {
      const next = this.#parent[node]!;
      this.#parent[node] = root;
      node = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.#parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
}

/** The terms a topic compares: without places. */
export function topicTerms(terms: readonly string[], isPlace: (term: string) => boolean): string[] {
  return terms.filter((term) => !isPlace(term));
}

/** Clusters of case indexes (into `cases`), largest first; singletons and small groups dropped. */
export function clusterCases(cases: readonly TopicCase[], isPlace: (term: string) => boolean): number[][] {
  const terms = cases.map((item) => new Set(topicTerms(item.terms, isPlace)));
  const sets = new UnionFind(cases.length);
  const buckets = new Map<string, number[]>();
  cases.forEach((item, index) => {
    const signature = minhashSignature([...terms[index]!]);
    if (!signature) return;
    for (const band of bandKeys(signature)) {
      const key = `${item.categoryCode ?? '-'}#${band}`;
      const bucket = buckets.get(key) ?? [];
      for (const other of bucket.slice(-BUCKET_COMPARISONS))
        if (jaccard(terms[index]!, terms[other]!) >= TOPIC_THRESHOLD) sets.union(index, other);
      bucket.push(index);
      buckets.set(key, bucket);
    }
  });
  const groups = new Map<number, number[]>();
  cases.forEach((_, index) => {
    if (terms[index]!.size === 0) return;
    const root = sets.find(index);
    groups.set(root, [...(groups.get(root) ?? []), index]);
  });
  return [...groups.values()]
    .filter((group) => group.length >= MIN_TOPIC_SIZE)
    .sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/** Top terms shared by at least 30 % of the cluster (at most three), most frequent first. */
export function topicLabel(members: readonly (readonly string[])[]): string[] {
  const counts = new Map<string, number>();
  for (const terms of members)
    for (const term of new Set(terms)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const common = ranked.filter(([, count]) => count >= Math.max(2, members.length * 0.3)).slice(0, 3);
  return (common.length > 0 ? common : ranked.slice(0, 1)).map(([term]) => term);
}

/** A case of another month counts for the topic: same category and at least half of the label's terms. */
export function carriesLabel(
  item: Pick<TopicCase, 'terms' | 'categoryCode'>,
  topic: Pick<HotTopic, 'label' | 'categoryCode'>,
): boolean {
  if ((item.categoryCode ?? null) !== (topic.categoryCode ?? null)) return false;
  const terms = new Set(item.terms);
  const present = topic.label.filter((term) => terms.has(term)).length;
  return present >= Math.ceil(topic.label.length / 2);
}

/** 上升 above 1.25 × the previous months' average, 下降 below 0.75 ×, 新出现 when they had none. */
export function trendOf(current: number, previous: readonly number[]): Trend {
  const average = previous.reduce((sum, count) => sum + count, 0) / Math.max(1, previous.length);
  if (average === 0) return 'new';
  if (current > average * 1.25) return 'rising';
  if (current < average * 0.75) return 'falling';
  return 'steady';
}

/** A stable id: the month, the category and the label (the same topic recomputed keeps its id). */
export function topicIdOf(month: string, categoryCode: string | undefined, label: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const char of `${categoryCode ?? '-'}|${label.join('|')}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return `${month}-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

function countBy<T extends string>(values: readonly T[]): { key: T; count: number }[] {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/**
 * The month's hot topics: clusters with their label, size, towns, units, trend against the previous three
 * months (`history`, oldest first) and share resolved (`states`, from the report facts). Clusters that end up
 * with the same category and label are one topic (one id): the bounded comparisons can leave a large topic in
 * pieces, and two topics a supervisor cannot tell apart must not be two.
 */
export function hotTopics(input: {
  readonly month: string;
  readonly cases: readonly TopicCase[];
  readonly history: readonly (readonly TopicCase[])[];
  readonly states: ReadonlyMap<string, TopicCaseState>;
  readonly isPlace: (term: string) => boolean;
}): HotTopic[] {
  const merged = new Map<string, { label: string[]; categoryCode?: string; members: TopicCase[] }>();
  for (const group of clusterCases(input.cases, input.isPlace)) {
    const members = group.map((index) => input.cases[index]!);
    const label = topicLabel(members.map((item) => topicTerms(item.terms, input.isPlace)));
    // Clusters never cross categories (clusterCases buckets by category).
    const categoryCode = members[0]!.categoryCode;
    const topicId = topicIdOf(input.month, categoryCode, label);
    const existing = merged.get(topicId);
    if (existing) existing.members.push(...members);
    else merged.set(topicId, { label, ...(categoryCode ? { categoryCode } : {}), members });
  }
  return [...merged.entries()]
    .sort(([, a], [, b]) => b.members.length - a.members.length)
    .slice(0, TOPICS_KEPT)
    .map(([topicId, { members, ...base }]) => {
      // Trend compares like with like: cases carrying the label, this month and in each of the three before
      // (the cluster's own size depends on how its cases were chained together, which history cannot repeat).
      const carrying = (month: readonly TopicCase[]) =>
        month.filter((item) => carriesLabel(item, base)).length;
      const current = carrying(input.cases);
      const previous = input.history.map(carrying);
      const states = members.map((item) => input.states.get(item.caseId));
      const resolved = states.filter((state) => state?.resolved).length;
      return {
        topicId,
        month: input.month,
        ...base,
        size: members.length,
        towns: countBy(members.map((item) => item.jurisdictionCode)).map(({ key, count }) => ({
          code: key,
          cases: count,
        })),
        units: countBy(states.flatMap((state) => (state?.unitId ? [state.unitId] : []))).map(
          ({ key, count }) => ({ unitId: key, cases: count }),
        ),
        current,
        previous,
        trend: trendOf(current, previous),
        resolvedShare: Math.round((resolved / members.length) * 1000) / 1000,
        caseIds: members
          .map((item) => item.caseId)
          .sort()
          .slice(0, TOPIC_CASE_IDS_KEPT),
      };
    });
}
