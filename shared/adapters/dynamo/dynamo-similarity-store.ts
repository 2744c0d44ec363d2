import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
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
  SimilarDecisionAudit,
  SimilarityRecord,
  SimilarityStore,
  SimilarMatch,
} from '../../ports/similarity-store.ts';
import { isConditionFailure } from './condition-failure.ts';
import { casePartition } from './keys.ts';
import { queryPages } from './query-pages.ts';

/**
 * Similar-case items in the main table (docs/data-model.md, "Similar cases"):
 *   band item      PK `SIM#<town>#<band>:<hash>`  SK `<createdAt>#<caseId>`  one per band, expires after 90 days
 *   case record    PK `CASE#<caseId>`             SK `SIMILAR`               terms, matches, decisions
 *   decision audit PK `CASE#<caseId>`             SK `SIMAUDIT#<at>#<other>` every decision, never changed
 *   month terms    PK `TOPICTERMS#<YYYY-MM>`      SK `CASE#<caseId>`         what the hot-topic job clusters
 *   word list      PK `CONFIG`                    SK `WORD_LIST`             the admins' county words
 * A band lookup reads at most `CANDIDATES_PER_BAND` of the newest items of its key, so its cost does not grow
 * with the table. Band items hold only what a lookup needs (keys, terms, TTL; the case and its registration
 * are in the sort key): about 165 bytes for a petition's usual seven terms, so a full page of 20 stays within
 * one 4 KB unit, half a read unit per band (eventually consistent), as a nearly empty band costs.
 */

export const CANDIDATES_PER_BAND = 20;
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

  async candidates(
    jurisdictionCode: string,
    bandKeys: readonly string[],
    since: string,
    cost?: LookupCost,
  ): Promise<IndexedCase[]> {
    const pages = await Promise.all(
      bandKeys.map((bandKey) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'PK = :pk AND SK >= :since',
            ExpressionAttributeValues: { ':pk': bandPartition(jurisdictionCode, bandKey), ':since': since },
            ProjectionExpression: 'SK, terms',
            ScanIndexForward: false,
            Limit: CANDIDATES_PER_BAND,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      ),
    );
    const found = new Map<string, IndexedCase>();
    for (const page of pages) {
      if (cost) {
        cost.requests += 1;
        cost.readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
      }
      for (const item of page.Items ?? []) {
        const { caseId, createdAt } = fromBandSortKey(String(item.SK));
        found.set(caseId, { caseId, createdAt, terms: (item.terms as string[] | undefined) ?? [] });
      }
    }
    return [...found.values()];
  }

  async index(item: CaseToIndex, expiresAt: Date): Promise<void> {
    // The record first: a case whose band items can be found always has one, so a newer case that finds it
    // adds its match in one update (addMatches). It keeps its matches and decisions on a replay.
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: similarKey(item.caseId),
        UpdateExpression:
          'SET entity = :entity, caseId = :caseId, terms = :terms, matches = if_not_exists(matches, :empty), decisions = if_not_exists(decisions, :empty)',
        ExpressionAttributeValues: {
          ':entity': 'similar',
          ':caseId': item.caseId,
          ':terms': [...item.terms],
          ':empty': {},
        },
      }),
    );
    const puts = indexItems(item, expiresAt);
    for (let start = 0; start < puts.length; start += 25) {
      let pending = puts.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      // Unprocessed items are retried until written (throttling); every put is idempotent.
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        const result = await this.#client.send(
          new BatchWriteCommand({ RequestItems: { [this.#table]: pending } }),
        );
        pending = (result.UnprocessedItems?.[this.#table] ?? []) as typeof pending;
      }
    }
  }

  async addMatches(caseId: string, matches: readonly SimilarMatch[]): Promise<void> {
    if (matches.length === 0) return;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    // A map keyed by the other case: a replay overwrites the same entry.
    const sets = matches.map((match, index) => {
      names[`#m${index}`] = match.caseId;
      values[`:m${index}`] = { ...match, matched: [...match.matched] };
      return `matches.#m${index} = :m${index}`;
    });
    const setMatches = () =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: similarKey(caseId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(matches)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    try {
      await setMatches();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // No record: indexing writes it before the band items that let others find the case, so only a case
      // without its own indexing gets here. Create the maps, then set (not possible in one expression).
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: similarKey(caseId),
          UpdateExpression:
            'SET entity = :entity, caseId = :caseId, terms = if_not_exists(terms, :none), matches = if_not_exists(matches, :empty), decisions = if_not_exists(decisions, :empty)',
          ExpressionAttributeValues: { ':entity': 'similar', ':caseId': caseId, ':empty': {}, ':none': [] },
        }),
      );
      await setMatches();
    }
  }

  async record(caseId: string): Promise<SimilarityRecord | null> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: similarKey(caseId), ConsistentRead: true }),
    );
    return Item ? recordSchema.parse(Item) : null;
  }

  async decide(audit: SimilarDecisionAudit): Promise<void> {
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
