import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { monthOf } from '../../domain/metrics/facts.ts';
import { type WordListEntry, wordListEntrySchema } from '../../domain/similarity/lexicon.ts';
import type {
  CaseToIndex,
  IndexedCase,
  LookupCost,
  MatchLink,
  SimilarDecisionAudit,
  SimilarityRecord,
  SimilarityStore,
  SimilarMatch,
} from '../../ports/similarity-store.ts';
import { batchPut } from './batch-put.ts';
import { isTransactionConditionFailure } from './condition-failure.ts';
import { casePartition } from './keys.ts';
import { queryPages } from './query-pages.ts';

/**
 * Similar-case items in the similar table (no stream, no indexes) (docs/data-model.md, "Similar cases"):
 *   band item      PK `SIM#<town>#t:<term hash>`  SK `<createdAt>#<caseId>`  one per band key, expires after 90 days
 *   case record    PK `CASE#<caseId>`             SK `SIMILAR`               terms, decisions
 *   match          PK `CASE#<caseId>`             SK `SIMILAR#<otherCaseId>` how the other case matched
 *   decision audit PK `CASE#<caseId>`             SK `SIMAUDIT#<at>#<other>` every decision, never changed
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
const similarKey = (caseId: string) => ({ PK: casePartition(caseId), SK: SIMILAR_SK });
/** A match of its own item, not an entry in the record: a case many newer cases match never outgrows an item. */
const MATCH_PREFIX = `${SIMILAR_SK}#`;
const matchKey = (caseId: string, otherCaseId: string) => ({
  PK: casePartition(caseId),
  SK: `${MATCH_PREFIX}${otherCaseId}`,
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
const recordSchema = z.object({
  caseId: z.string(),
  terms: z.array(z.string()).default([]),
  /** Records written before matches had items of their own kept them here; read, never written. */
  matches: z.record(z.string(), matchSchema).default({}),
  decisions: z.record(z.string(), decisionSchema).default({}),
});

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
    // Records first: a case whose band items can be found always has one, so a decision on a match with it
    // finds the record to update. A record keeps its decisions on a replay.
    await Promise.all(entries.map(({ entry }) => this.#ensureRecord(entry.caseId, entry.terms)));
    await batchPut(
      this.#client,
      this.#table,
      entries.flatMap(({ entry, expiresAt }) => indexItems(entry, expiresAt)),
    );
  }

  /** The case's record, created if missing; `terms` (when given) replace the stored ones. */
  async #ensureRecord(caseId: string, terms?: readonly string[]): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: similarKey(caseId),
        UpdateExpression: `SET entity = :entity, caseId = :caseId, terms = ${terms ? ':terms' : 'if_not_exists(terms, :terms)'}, decisions = if_not_exists(decisions, :empty)`,
        ExpressionAttributeValues: {
          ':entity': 'similar',
          ':caseId': caseId,
          ':terms': [...(terms ?? [])],
          ':empty': {},
        },
      }),
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
    // The record and its match items share a partition and a sort-key prefix: one Query reads them all.
    let record: SimilarityRecord | null = null;
    const matches: Record<string, SimilarMatch> = {};
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': casePartition(caseId), ':prefix': SIMILAR_SK },
      ConsistentRead: true,
    }))
      for (const item of page.Items ?? []) {
        if (item.SK === SIMILAR_SK) record = recordSchema.parse(item);
        else if (String(item.SK).startsWith(MATCH_PREFIX)) {
          const match = matchSchema.parse(item);
          matches[match.caseId] = match;
        }
      }
    if (!record && Object.keys(matches).length === 0) return null;
    return {
      caseId,
      terms: record?.terms ?? [],
      matches: { ...record?.matches, ...matches },
      decisions: record?.decisions ?? {},
    };
  }

  async decide(audit: SimilarDecisionAudit): Promise<void> {
    try {
      await this.#decide(audit);
    } catch (error) {
      if (!isTransactionConditionFailure(error)) throw error;
      // A case only others matched (a same-text duplicate the index could not take) has no record yet.
      await Promise.all([this.#ensureRecord(audit.caseId), this.#ensureRecord(audit.otherCaseId)]);
      await this.#decide(audit);
    }
  }

  async #decide(audit: SimilarDecisionAudit): Promise<void> {
    const decision = { decision: audit.decision, by: audit.by, at: audit.at };
    const update = (caseId: string, other: string) => ({
      Update: {
        TableName: this.#table,
        Key: similarKey(caseId),
        UpdateExpression: 'SET decisions.#other = :decision',
        ConditionExpression: 'attribute_exists(decisions)',
        ExpressionAttributeNames: { '#other': other },
        ExpressionAttributeValues: { ':decision': decision },
      },
    });
    await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          update(audit.caseId, audit.otherCaseId),
          update(audit.otherCaseId, audit.caseId),
          {
            Put: {
              TableName: this.#table,
              Item: {
                PK: casePartition(audit.caseId),
                SK: `SIMAUDIT#${audit.at}#${audit.otherCaseId}`,
                entity: 'similarDecision',
                ...audit,
              },
            },
          },
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
