import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { monthOf } from '../../domain/metrics/facts.ts';
import { type WordListEntry, wordListEntrySchema } from '../../domain/similarity/lexicon.ts';
import type {
  CaseToIndex,
  IndexedCase,
  LookupCost,
  MatchLink,
  SimilarDecision,
  SimilarDecisionAudit,
  SimilarityRecord,
  SimilarityStore,
  SimilarMatch,
} from '../../ports/similarity-store.ts';
import { batchPut } from './batch-put.ts';
import { casePartition } from './keys.ts';
import { queryPages } from './query-pages.ts';

/**
 * Similar-case items in the similar table (no stream, no indexes) (docs/data-model.md, "Similar cases"):
 *   band item      PK `SIM#<town>#t:<term hash>`  SK `<createdAt>#<caseId>`   one per band key, expires after 90 days
 *   match          PK `CASE#<caseId>`             SK `SIMILAR#<otherCaseId>`  how the other case matched
 *   decision       PK `CASE#<caseId>`             SK `SIMILARDECISION#<other>` the decision in force on the pair
 *   decision audit PK `CASE#<caseId>`             SK `SIMAUDIT#<at>#<other>`  every decision, never changed
 *   old record     PK `CASE#<caseId>`             SK `SIMILAR`                terms, matches and decisions as
 *                                                                            older releases kept them; read only
 *   month terms    PK `TOPICTERMS#<YYYY-MM>`      SK `CASE#<caseId>`         what the hot-topic job clusters
 *   word list      PK `CONFIG`                    SK `WORD_LIST`             the admins' county words
 * Band keys are the terms some MinHash function ranks lowest (`termBandKeys`, at most 16; older releases keyed
 * by band, `rekey-similar-bands.ts`). A band lookup reads at most `CANDIDATES_PER_BAND` of the newest items of
 * its key, so its cost does not grow with the table. Band items hold only what a lookup needs (keys, terms,
 * TTL; the case and its registration are in the sort key): about 165 bytes for a petition's usual seven terms,
 * so a full page of 20 stays within one 4 KB unit, half a read unit per key (eventually consistent), as a
 * nearly empty one costs.
 */

export const CANDIDATES_PER_BAND = 20;
/** Band reads in flight at once for one lookup (a batch of 50 diverse cases asks for a few hundred). */
const QUERIES_IN_FLIGHT = 32;
const bandSortKey = (createdAt: string, caseId: string) => `${createdAt}#${caseId}`;
/** `<createdAt>#<caseId>` back into its parts (an ISO instant has no `#`). */
function fromBandSortKey(sortKey: string): { createdAt: string; caseId: string } {
  const at = sortKey.lastIndexOf('#');
  return { createdAt: sortKey.slice(0, at), caseId: sortKey.slice(at + 1) };
}
export const SIMILAR_SK = 'SIMILAR';
export const bandPartition = (jurisdictionCode: string, bandKey: string) =>
  `SIM#${jurisdictionCode}#${bandKey}`;
export const topicTermsPartition = (month: string) => `TOPICTERMS#${month}`;
const wordListKey = { PK: 'CONFIG', SK: 'WORD_LIST' } as const;
/** A match of its own item, not an entry in the record: a case many newer cases match never outgrows an item. */
const MATCH_PREFIX = `${SIMILAR_SK}#`;
const matchKey = (caseId: string, otherCaseId: string) => ({
  PK: casePartition(caseId),
  SK: `${MATCH_PREFIX}${otherCaseId}`,
});
/**
 * A decision of its own item too: written whole by `decide`, so indexing needs no record to keep decisions in
 * (one write fewer per case). The prefix begins with `SIMILAR`, so the Query that reads matches reads these.
 */
const DECISION_PREFIX = `${SIMILAR_SK}DECISION#`;
const decisionKey = (caseId: string, otherCaseId: string) => ({
  PK: casePartition(caseId),
  SK: `${DECISION_PREFIX}${otherCaseId}`,
});

const matchSchema = z.object({
  caseId: z.string(),
  kind: z.enum(['duplicate', 'related']),
  score: z.number(),
  matched: z.array(z.string()),
  foundAt: z.string(),
});
const decisionSchema = z.object({
  decision: z.enum(['related', 'dismissed']),
  by: z.string(),
  at: z.string(),
});
/** The record older releases wrote per case, with matches and decisions in maps; read, never written. */
const oldRecordSchema = z.object({
  matches: z.record(z.string(), matchSchema).default({}),
  decisions: z.record(z.string(), decisionSchema).default({}),
});
const decisionItemSchema = decisionSchema.extend({ otherCaseId: z.string() });

/**
 * The items that index a case: one per band key (expiring after the lookback) and its month-terms item for hot
 * topics. Pure, so a benchmark seeds exactly what indexing writes.
 */
export function indexItems(item: CaseToIndex, expiresAt: Date): Record<string, unknown>[] {
  const terms = [...item.terms];
  const bandItems = item.bandKeys.map((bandKey) => ({
    PK: bandPartition(item.jurisdictionCode, bandKey),
    SK: bandSortKey(item.createdAt, item.caseId),
    terms,
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
  }));
  const monthItem = {
    PK: topicTermsPartition(monthOf(item.createdAt)),
    SK: `CASE#${item.caseId}`,
    entity: 'topicTerms',
    caseId: item.caseId,
    createdAt: item.createdAt,
    terms,
    jurisdictionCode: item.jurisdictionCode,
    ...(item.categoryCode ? { categoryCode: item.categoryCode } : {}),
  };
  return [...bandItems, monthItem];
}

export interface DynamoSimilarityStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export class DynamoSimilarityStore implements SimilarityStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoSimilarityStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async bandCandidates(
    jurisdictionCode: string,
    bandKeys: readonly string[],
    since: string,
    cost?: LookupCost,
  ): Promise<ReadonlyMap<string, readonly IndexedCase[]>> {
    // A batch of cases asks for many bands: at most QUERIES_IN_FLIGHT at a time.
    const pages: QueryCommandOutput[] = [];
    for (let start = 0; start < bandKeys.length; start += QUERIES_IN_FLIGHT)
      pages.push(
        ...(await Promise.all(
          bandKeys.slice(start, start + QUERIES_IN_FLIGHT).map((bandKey) =>
            this.#client.send(
              new QueryCommand({
                TableName: this.#table,
                KeyConditionExpression: 'PK = :pk AND SK >= :since',
                ExpressionAttributeValues: {
                  ':pk': bandPartition(jurisdictionCode, bandKey),
                  ':since': since,
                },
                ProjectionExpression: 'SK, terms',
                ScanIndexForward: false,
                Limit: CANDIDATES_PER_BAND,
                ReturnConsumedCapacity: 'TOTAL',
              }),
            ),
          ),
        )),
      );
    const bands = new Map<string, IndexedCase[]>();
    pages.forEach((page, index) => {
      if (cost) {
        cost.requests += 1;
        cost.readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
      }
      bands.set(
        bandKeys[index]!,
        (page.Items ?? []).map((item) => ({
          ...fromBandSortKey(String(item.SK)),
          terms: (item.terms as string[] | undefined) ?? [],
        })),
      );
    });
    return bands;
  }

  async indexMany(entries: readonly { entry: CaseToIndex; expiresAt: Date }[]): Promise<void> {
    // Keyed items only, put whole: a replay writes the same ones, and nothing a decision wrote is among them.
    await batchPut(
      this.#client,
      this.#table,
      entries.flatMap(({ entry, expiresAt }) => indexItems(entry, expiresAt)),
    );
  }

  async recordMatches(links: readonly MatchLink[]): Promise<void> {
    // One item per side, keyed by both cases: a replay overwrites the same items, and a link given twice keeps
    // its last version (batchPut).
    await batchPut(
      this.#client,
      this.#table,
      links.map(({ caseId, match }) => ({
        ...matchKey(caseId, match.caseId),
        entity: 'similarMatch',
        ...match,
        matched: [...match.matched],
      })),
    );
  }

  async record(caseId: string): Promise<SimilarityRecord | null> {
    // Matches, decisions and an older release's record share a partition and a sort-key prefix: one Query
    // reads them all. Items of their own win over the older record's map entries for the same pair.
    let oldRecord: z.infer<typeof oldRecordSchema> | undefined;
    const matches: Record<string, SimilarMatch> = {};
    const decisions: Record<string, SimilarDecision> = {};
    let found = false;
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': casePartition(caseId), ':prefix': SIMILAR_SK },
      ConsistentRead: true,
    }))
      for (const item of page.Items ?? []) {
        const sortKey = String(item.SK);
        found = true;
        if (sortKey === SIMILAR_SK) oldRecord = oldRecordSchema.parse(item);
        else if (sortKey.startsWith(MATCH_PREFIX)) {
          const match = matchSchema.parse(item);
          matches[match.caseId] = match;
        } else if (sortKey.startsWith(DECISION_PREFIX)) {
          const { otherCaseId, ...decision } = decisionItemSchema.parse(item);
          decisions[otherCaseId] = decision;
        }
      }
    if (!found) return null;
    return {
      caseId,
      matches: { ...oldRecord?.matches, ...matches },
      decisions: { ...oldRecord?.decisions, ...decisions },
    };
  }

  async decide(audit: SimilarDecisionAudit): Promise<void> {
    const put = (Item: Record<string, unknown>) => ({ Put: { TableName: this.#table, Item } });
    /** The decision in force, as the case `caseId` keeps it about `otherCaseId`. */
    const side = (caseId: string, otherCaseId: string) =>
      put({
        ...decisionKey(caseId, otherCaseId),
        entity: 'similarPairDecision',
        otherCaseId,
        decision: audit.decision,
        by: audit.by,
        at: audit.at,
      });
    // Both sides and the audit together: the pair never reads differently from its two ends.
    await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          side(audit.caseId, audit.otherCaseId),
          side(audit.otherCaseId, audit.caseId),
          put({
            PK: casePartition(audit.caseId),
            SK: `SIMAUDIT#${audit.at}#${audit.otherCaseId}`,
            entity: 'similarDecision',
            ...audit,
          }),
        ],
      }),
    );
  }

  async decisions(caseId: string): Promise<SimilarDecisionAudit[]> {
    const found: SimilarDecisionAudit[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': casePartition(caseId), ':prefix': 'SIMAUDIT#' },
    }))
      for (const item of page.Items ?? [])
        found.push({
          caseId: String(item.caseId),
          otherCaseId: String(item.otherCaseId),
          ...decisionSchema.parse(item),
        });
    return found;
  }

  async wordList(): Promise<WordListEntry[]> {
    const { Item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: wordListKey }));
    return z.array(wordListEntrySchema).parse(Item?.entries ?? []);
  }

  async saveWordList(entries: readonly WordListEntry[], by: string, at: string): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...wordListKey, entity: 'wordList', entries: [...entries], updatedBy: by, updatedAt: at },
      }),
    );
  }
}
