import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete, batchPut } from '../../shared/adapters/dynamo/batch-put.ts';

/**
 * Moves the similar-case index and hot-topic items out of the main table into the similar table, where they
 * have lived since the similar table was added (docs/data-model.md, "Similar cases"). A table made before then
 * holds them in the main table, keyed exactly as the similar table keys them, so each is copied as it is and
 * then deleted. Safe to run again: a copy rewrites the same item, a delete of a moved item changes nothing.
 *
 * Which items: what `DynamoSimilarityStore` and `DynamoTopicStore` write (their key layouts, beside them).
 */
const SIMILARITY_ITEMS = [
  'begins_with(PK, :band)',
  'begins_with(PK, :monthTerms)',
  'begins_with(PK, :topics)',
  '(PK = :config AND SK = :wordList)',
  '(begins_with(PK, :case) AND begins_with(SK, :similar))',
  '(begins_with(PK, :case) AND begins_with(SK, :decision))',
].join(' OR ');

const SIMILARITY_VALUES = {
  ':band': 'SIM#',
  ':monthTerms': 'TOPICTERMS#',
  ':topics': 'TOPICS#',
  ':config': 'CONFIG',
  ':wordList': 'WORD_LIST',
  ':case': 'CASE#',
  // `SIMILAR` (the case's record) and `SIMILAR#<other>` (its matches).
  ':similar': 'SIMILAR',
  ':decision': 'SIMAUDIT#',
};

/** Moves every similarity item from `from` to `to`; returns how many were moved. */
export async function moveSimilarItems(
  client: DynamoDBDocumentClient,
  tables: { readonly from: string; readonly to: string },
): Promise<number> {
  let moved = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tables.from,
        FilterExpression: SIMILARITY_ITEMS,
        ExpressionAttributeValues: SIMILARITY_VALUES,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const items = page.Items ?? [];
    // Copied before deleted: an interrupted move leaves an item in both tables, never in neither.
    await batchPut(client, tables.to, items);
    await batchDelete(client, tables.from, items as { PK: unknown; SK: unknown }[]);
    moved += items.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return moved;
}

/** Written into the similar table once every item has been moved; an interrupted move has none. */
const MOVED_KEY = { PK: 'MIGRATION', SK: 'SIMILAR_ITEMS_MOVED' } as const;

/**
 * Moves the similarity items unless a finished move is on record, then records it. A move interrupted by a
 * crash is finished on the next call (what it had copied is copied again, harmlessly); a finished one costs a
 * read.
 */
export async function ensureSimilarItemsMoved(
  client: DynamoDBDocumentClient,
  tables: { readonly from: string; readonly to: string },
  now: Date = new Date(),
): Promise<number> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tables.to, Key: MOVED_KEY, ConsistentRead: true }),
  );
  if (Item) return 0;
  const moved = await moveSimilarItems(client, tables);
  await client.send(
    new PutCommand({
      TableName: tables.to,
      Item: { ...MOVED_KEY, entity: 'migration', moved, at: now.toISOString() },
    }),
  );
  return moved;
}
