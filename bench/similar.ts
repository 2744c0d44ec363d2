/**
 * Similar cases and hot topics at county scale (docs/metrics.md, "Similar cases"; docs/benchmarks.md):
 *
 * 1. Candidate lookup for a new case in a table holding the index of 1,000 and of 100,000 cases: requests and
 *    read units per lookup as DynamoDB reports them (`ReturnConsumedCapacity` on every band Query). Target:
 *    at most one Query per band, and at most 1.5× the units from 1,000 to 100,000 cases.
 * 2. What the `similar` consumer adds per new case (read the case, segment, write its index items, look up,
 *    record matches on both cases), p50 and p95, at both sizes.
 * 3. The monthly hot-topic job for a month of 10,000 cases: the clustering alone, and the whole job against
 *    DynamoDB (the month's and three earlier months' term items, the month's report facts, the stored result).
 *
 * The cases are the labelled set's petitions (test/fixtures/similar-petitions), segmented once with jieba,
 * drawn at random (seeded) across its 5 towns and registered over the last 90 days, each with its terms
 * varied a little (a term dropped, one or two added from the set's vocabulary) so no two index alike. Seeding
 * writes exactly the band items indexing writes (`indexItems`), with BatchWriteItem, a few requests in flight;
 * a lookup reads nothing else. Each size gets its own DynamoDB Local (in memory): one instance writes a
 * second table five times slower once a first holds data. The index table is the similar table as provisioned
 * (`similarTableDefinition`: the main table's keys and TTL, no secondary indexes, no stream).
 *
 *   npx tsx bench/similar.ts                               # writes bench/results/similar.json
 *   SIMILAR_BENCH_LARGE=20000 npx tsx bench/similar.ts     # a quicker, smaller comparison
 *
 * Benchmarks measure, they do not assert: targets are printed next to the results.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/ports.ts';
import { provisionTables, similarTableDefinition } from '../infra/local/provision.ts';
import { toCaseItem } from '../shared/adapters/dynamo/case-items.ts';
import { DynamoCaseStore } from '../shared/adapters/dynamo/dynamo-case-store.ts';
import { DynamoMetricsStore } from '../shared/adapters/dynamo/dynamo-metrics-store.ts';
import { DynamoSimilarityStore, indexItems } from '../shared/adapters/dynamo/dynamo-similarity-store.ts';
import { DynamoTopicStore } from '../shared/adapters/dynamo/dynamo-topic-store.ts';
import { jiebaSegmenter } from '../shared/adapters/jieba-segmenter.ts';
import { createWorkCalendar } from '../shared/domain/calendar/index.ts';
import { register } from '../shared/domain/case/lifecycle.ts';
import { publicActor } from '../shared/domain/case/model.ts';
import { caseFactFor, monthOf, monthsEndingWith, type ReportMonth } from '../shared/domain/metrics/facts.ts';
import { buildLexicon } from '../shared/domain/similarity/lexicon.ts';
import { HASH_FUNCTIONS, termBandKeys } from '../shared/domain/similarity/minhash.ts';
import { extractTerms } from '../shared/domain/similarity/terms.ts';
import { hotTopics, type TopicCase } from '../shared/domain/similarity/topics.ts';
import type { LookupCost, SimilarityStore } from '../shared/ports/similarity-store.ts';
import { demoCounty } from '../shared/seed/demo-county.ts';
import { computeTopics } from '../shared/use-cases/hot-topics.ts';
import { findSimilar, indexNewCase, LOOKBACK_DAYS, termKinds } from '../shared/use-cases/similar-cases.ts';
import type { LabelledPetition } from '../test/fixtures/similar-petitions/generate.ts';
import { seededRandom } from '../test/fixtures/similar-petitions/seeded-random.ts';
import { writeResult } from './support/results.ts';
import { percentile } from './support/stack.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'WARN';

const SMALL = 1_000;
const LARGE = Number(process.env.SIMILAR_BENCH_LARGE ?? 100_000);
const LOOKUPS = Number(process.env.SIMILAR_BENCH_LOOKUPS ?? 300);
const CONSUMER_RUNS = Number(process.env.SIMILAR_BENCH_CONSUMER ?? 100);
const MONTH_CASES = Number(process.env.SIMILAR_BENCH_MONTH ?? 10_000);
/** BatchWriteItem requests in flight: DynamoDB Local (one process, SQLite) writes fastest with a few. */
const IN_FLIGHT = 4;
const TARGET_RATIO = 1.5;
const DAY_MS = 86_400_000;
/**
 * The benchmark's "now" (the real clock: band items expire by DynamoDB's TTL 90 days after registration, and
 * DynamoDB Local deletes expired items while the benchmark writes); cases were registered in the 90 days before.
 */
const NOW = new Date();

const petitions = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../test/fixtures/similar-petitions/petitions.json'), 'utf8'),
) as LabelledPetition[];
const townNames: Record<string, string> = {
  chengguan: '城关镇',
  xikou: '溪口镇',
  qingshan: '青山镇',
  baishi: '白石乡',
  dongcheng: '东城街道',
};
/** The county's word list: its towns, and the set's roads, villages and estates as admins would add them. */
const lexicon = buildLexicon({
  towns: Object.values(townNames),
  admin: [...new Set(petitions.map((petition) => petition.relatedGroup.split('|')[1]!))].map((term) => ({
    term,
    kind: 'place' as const,
    aliases: [],
  })),
});

interface Drawn {
  readonly petition: LabelledPetition;
  readonly terms: string[];
}

/** Cases drawn from the labelled set, terms varied a little so that no two index alike. */
function drawer(seed: number, fixtureTerms: readonly string[][]) {
  const next = seededRandom(seed);
  const vocabulary = [...new Set(fixtureTerms.flat())];
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  return (): Drawn => {
    const index = Math.floor(next() * petitions.length);
    const terms = new Set(fixtureTerms[index]!);
    if (terms.size > 2 && next() < 0.3) terms.delete(pick([...terms]));
    if (next() < 0.5) terms.add(pick(vocabulary));
    if (next() < 0.2) terms.add(pick(vocabulary));
    return { petition: petitions[index]!, terms: [...terms].sort() };
  };
}

const ulid = monotonicFactory();

async function batchWrite(client: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const start = next;
      next += 25;
      let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Seeds the band items of `count` cases registered over the 90 days before NOW. */
async function seedIndex(
  client: DynamoDBDocumentClient,
  table: string,
  count: number,
  draw: () => Drawn,
): Promise<{ seconds: number; items: number }> {
  const started = performance.now();
  let items = 0;
  const CHUNK = 5_000;
  for (let done = 0; done < count; done += CHUNK) {
    const chunk: Record<string, unknown>[] = [];
    for (let index = done; index < Math.min(count, done + CHUNK); index++) {
      const { petition, terms } = draw();
      const keys = termBandKeys(terms);
      if (keys.length === 0) continue;
      // Oldest first, evenly over the lookback, so the newest are the ones a lookup reads.
      const createdAt = new Date(NOW.getTime() - LOOKBACK_DAYS * DAY_MS * (1 - index / count) - 60_000);
      const caseId = ulid(createdAt.getTime());
      // Band items only: the month-terms item lives in another partition and no lookup reads it.
      const bands = indexItems(
        {
          caseId,
          createdAt: createdAt.toISOString(),
          terms,
          jurisdictionCode: petition.town,
          categoryCode: petition.category,
          bandKeys: keys,
        },
        new Date(createdAt.getTime() + LOOKBACK_DAYS * DAY_MS),
      ).filter((item) => String(item.PK).startsWith('SIM#'));
      chunk.push(...bands);
    }
    await batchWrite(client, table, chunk);
    items += chunk.length;
    if (count > 10_000)
      console.error(
        `  seeded ${Math.min(count, done + CHUNK).toLocaleString('en')} of ${count.toLocaleString('en')} cases`,
      );
  }
  return { seconds: Math.round((performance.now() - started) / 1000), items };
}

/** A DynamoDB Local of its own, in memory, with a document client. */
async function localDynamoDb() {
  const local = await startDynamoDbLocal({ port: await freePort() });
  const dynamodb = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const client = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  return {
    dynamodb,
    client,
    stop: async () => {
      dynamodb.destroy();
      await local.stop();
    },
  };
}

/** The similar table as provisioned, with its TTL (see the top of this file). */
async function indexTable(dynamodb: DynamoDBClient, name: string): Promise<string> {
  await dynamodb.send(new CreateTableCommand(similarTableDefinition(name)));
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
    }),
  );
  return name;
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** `LOOKUPS` new cases (drawn like the seeded ones, registered now) looked up; nothing is written. */
async function measureLookups(store: DynamoSimilarityStore, draw: () => Drawn) {
  const requests: number[] = [];
  const readUnits: number[] = [];
  const candidates: number[] = [];
  const matches: number[] = [];
  for (let run = 0; run < LOOKUPS; run++) {
    const { petition, terms } = draw();
    const cost: LookupCost = { requests: 0, readUnits: 0 };
    // findSimilar asks the store for candidates only; counted on the way through.
    const counting = {
      bandCandidates: async (...args: Parameters<SimilarityStore['bandCandidates']>) => {
        const result = await store.bandCandidates(...args);
        candidates.push(new Set([...result.values()].flat().map((found) => found.caseId)).size);
        return result;
      },
    } as SimilarityStore;
    const found = await findSimilar(
      counting,
      { jurisdictionCode: petition.town, terms, lexicon, at: NOW },
      cost,
    );
    requests.push(cost.requests);
    readUnits.push(cost.readUnits);
    matches.push(found.length);
  }
  return {
    lookups: LOOKUPS,
    requestsPerLookup: { mean: round(mean(requests)), max: Math.max(...requests) },
    readUnitsPerLookup: {
      mean: round(mean(readUnits)),
      p95: percentile(sorted(readUnits), 95),
      max: Math.max(...readUnits),
    },
    candidatesPerLookup: { mean: round(mean(candidates), 1), max: Math.max(...candidates) },
    matchesPerLookup: { mean: round(mean(matches), 1), max: Math.max(...matches) },
  };
}

/** The consumer's work on `CONSUMER_RUNS` new cases of the labelled set's texts, one at a time. */
async function measureConsumer(client: DynamoDBDocumentClient, table: string) {
  const cases = new DynamoCaseStore({
    client,
    tableName: table,
    // Not used: the consumer only reads the case.
    idempotencyTableName: 'unused',
    cursorSecret: 'bench-cursor-secret-0123456789',
  });
  const deps = {
    store: new DynamoSimilarityStore({ client, tableName: table }),
    lexicon: async () => lexicon,
    segmenter: jiebaSegmenter,
  };
  const next = seededRandom(7);
  const times: number[] = [];
  for (let run = 0; run < CONSUMER_RUNS; run++) {
    const petition = petitions[Math.floor(next() * petitions.length)]!;
    const item = register(
      {
        caseId: ulid(),
        trackingCode: `HY-SIM-${String(run).padStart(5, '0')}`,
        channel: 'web',
        categoryCode: petition.category,
        jurisdictionCode: petition.town,
        title: petition.title,
        content: petition.content,
        petitioner: { phone: '13812345678', anonymous: false },
        confidential: false,
      },
      { actor: publicActor, now: new Date(NOW.getTime() + run * 1000) },
    ).case;
    await client.send(new PutCommand({ TableName: table, Item: toCaseItem(item) }));
    const started = performance.now();
    // What the handler does with a message: read the case, then index it and record its matches.
    const stored = (await cases.get(item.caseId))!;
    await indexNewCase(deps, stored);
    times.push(performance.now() - started);
  }
  return {
    runs: CONSUMER_RUNS,
    ms: {
      p50: round(percentile(sorted(times), 50), 1),
      p95: round(percentile(sorted(times), 95), 1),
      max: round(Math.max(...times), 1),
    },
  };
}

/** The hot-topic job on a month of `MONTH_CASES` cases (and three earlier months as large). */
async function measureTopics(
  client: DynamoDBDocumentClient,
  tables: { readonly main: string; readonly similar: string; readonly facts: string },
  fixtureTerms: string[][],
) {
  const month = monthOf(NOW) as ReportMonth;
  const months = monthsEndingWith(month, 4);
  const draw = drawer(11, fixtureTerms);
  const calendar = createWorkCalendar({ overrides: [] });
  const byMonth: TopicCase[][] = [];
  for (const each of months) {
    const cases: TopicCase[] = [];
    for (let index = 0; index < MONTH_CASES; index++) {
      const { petition, terms } = draw();
      const day = String(1 + (index % 28)).padStart(2, '0');
      cases.push({
        caseId: ulid(),
        terms,
        jurisdictionCode: petition.town,
        categoryCode: petition.category,
        createdAt: `${each}-${day}T02:00:00.000Z`,
      });
    }
    byMonth.push(cases);
  }
  const current = byMonth.at(-1)!;
  const isPlace = termKinds(lexicon).isPlace;
  // The clustering alone (pure), median of three.
  const clusterMs: number[] = [];
  let topicCount = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    topicCount = hotTopics({
      month,
      cases: current,
      history: byMonth.slice(0, 3),
      states: new Map(),
      isPlace,
    }).length;
    clusterMs.push(performance.now() - started);
  }
  // The whole job against DynamoDB: term items of four months, the month's facts, the stored result.
  const seedStarted = performance.now();
  await batchWrite(
    client,
    tables.similar,
    byMonth
      .flat()
      .flatMap((item) =>
        indexItems({ ...item, bandKeys: [] }, NOW).filter((entry) =>
          String(entry.PK).startsWith('TOPICTERMS#'),
        ),
      ),
  );
  const metrics = new DynamoMetricsStore({ client, tableName: tables.main, factsTableName: tables.facts });
  const facts = current.map((item, index) =>
    caseFactFor(
      {
        ...register(
          {
            caseId: item.caseId,
            trackingCode: 'HY-TOPC-0000',
            channel: 'web',
            ...(item.categoryCode ? { categoryCode: item.categoryCode } : {}),
            jurisdictionCode: item.jurisdictionCode,
            title: '—',
            content: '—',
            petitioner: { phone: '13812345678', anonymous: false },
            confidential: false,
          },
          { actor: publicActor, now: new Date(item.createdAt) },
        ).case,
        unitId: `unit-${index % 12}`,
      },
      calendar,
    ),
  );
  let nextFact = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (nextFact < facts.length) await metrics.putFact(facts[nextFact++]!);
    }),
  );
  const seedSeconds = Math.round((performance.now() - seedStarted) / 1000);
  const deps = {
    topics: new DynamoTopicStore({ client, tableName: tables.similar }),
    metrics,
    lexicon: async () => lexicon,
    catalog: async () => demoCounty,
  };
  const jobMs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await computeTopics(deps, month, NOW);
    jobMs.push(performance.now() - started);
  }
  return {
    monthCases: MONTH_CASES,
    historyCases: MONTH_CASES * 3,
    topics: topicCount,
    clusteringMs: {
      median: round(percentile(sorted(clusterMs), 50), 0),
      runs: clusterMs.map((ms) => round(ms, 0)),
    },
    jobMs: { median: round(percentile(sorted(jobMs), 50), 0), runs: jobMs.map((ms) => round(ms, 0)) },
    seedSeconds,
  };
}

export async function benchSimilar() {
  const segmenter = await jiebaSegmenter(lexicon.words);
  const fixtureTerms = petitions.map((petition) =>
    extractTerms(
      { title: petition.title, content: petition.content, names: petition.names },
      segmenter,
      lexicon,
    ),
  );
  const lookups = [];
  const consumer = [];
  for (const cases of [SMALL, LARGE]) {
    const local = await localDynamoDb();
    try {
      const table = await indexTable(local.dynamodb, `similar-${cases}`);
      console.error(`seeding the index of ${cases.toLocaleString('en')} cases`);
      const seeded = await seedIndex(local.client, table, cases, drawer(cases, fixtureTerms));
      console.error(`looking up ${LOOKUPS} new cases among ${cases.toLocaleString('en')}`);
      const store = new DynamoSimilarityStore({ client: local.client, tableName: table });
      lookups.push({
        cases,
        bandItems: seeded.items,
        seedSeconds: seeded.seconds,
        ...(await measureLookups(store, drawer(3, fixtureTerms))),
      });
      console.error(`the consumer on ${CONSUMER_RUNS} new cases among ${cases.toLocaleString('en')}`);
      consumer.push({ cases, ...(await measureConsumer(local.client, table)) });
    } finally {
      await local.stop();
    }
  }
  console.error(`hot topics of a month of ${MONTH_CASES.toLocaleString('en')} cases`);
  const local = await localDynamoDb();
  let topics: Awaited<ReturnType<typeof measureTopics>>;
  try {
    const tables = await provisionTables(local.dynamodb, 'similar-topics-');
    topics = await measureTopics(local.client, tables, fixtureTerms);
  } finally {
    await local.stop();
  }
  const [small, large] = lookups as [(typeof lookups)[number], (typeof lookups)[number]];
  const unitsRatio = round(large.readUnitsPerLookup.mean / small.readUnitsPerLookup.mean);
  const requestsRatio = round(large.requestsPerLookup.mean / small.requestsPerLookup.mean);
  return {
    lookups,
    unitsRatio,
    requestsRatio,
    target: `≤ 1 Query per band key (at most ${HASH_FUNCTIONS}), ≤ ${TARGET_RATIO}× from ${SMALL.toLocaleString('en')} to ${LARGE.toLocaleString('en')}`,
    met:
      large.requestsPerLookup.max <= HASH_FUNCTIONS &&
      unitsRatio <= TARGET_RATIO &&
      requestsRatio <= TARGET_RATIO,
    consumer,
    topics,
  };
}

/** `npm run bench -- similar`: the summary row for the runner. */
export async function bench() {
  const result = await benchSimilar();
  const [small, large] = result.lookups;
  const [consumerSmall, consumerLarge] = result.consumer;
  return {
    result,
    row: {
      benchmark: `similar cases: candidate lookup per new case, ${SMALL.toLocaleString('en')} vs ${LARGE.toLocaleString('en')} cases; consumer; hot topics of ${MONTH_CASES.toLocaleString('en')} cases`,
      result: `${small!.requestsPerLookup.mean} vs ${large!.requestsPerLookup.mean} Queries, ${small!.readUnitsPerLookup.mean} vs ${large!.readUnitsPerLookup.mean} RRU; consumer p95 ${consumerSmall!.ms.p95} vs ${consumerLarge!.ms.p95} ms; clustering ${result.topics.clusteringMs.median} ms, job ${result.topics.jobMs.median} ms`,
      floor: `${SMALL.toLocaleString('en')} cases`,
      ratio: `${result.requestsRatio} / ${result.unitsRatio}`,
      target: result.target,
      met: result.met ? 'yes' : 'NO',
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchSimilar();
  await writeResult('similar', result);
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
