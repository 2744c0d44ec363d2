import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PK_SK } from '../../shared/adapters/dynamo/batch-put.ts';
import { ensureMoved, type ItemMove, type MoveTables, moveItems } from './move-items.ts';

/**
 * The similar-case index and hot-topic items, out of the main table into the similar table, where they have
 * lived since the similar table was added (docs/data-model.md, "Similar cases"). A table made before then holds
 * them in the main table, keyed exactly as the similar table keys them, so each is copied as it is.
 *
 * Which items: what `DynamoSimilarityStore` and `DynamoTopicStore` write (their key layouts, beside them).
 * Literals on purpose: the move takes the layout as it was, which must not follow later store changes.
 */
export const similarItemsMove: ItemMove = {
  filter: [
    'begins_with(PK, :band)',
    'begins_with(PK, :monthTerms)',
    'begins_with(PK, :topics)',
    '(PK = :config AND SK = :wordList)',
    '(begins_with(PK, :case) AND begins_with(SK, :similar))',
    '(begins_with(PK, :case) AND begins_with(SK, :decision))',
  ].join(' OR '),
  values: {
    ':band': 'SIM#',
    ':monthTerms': 'TOPICTERMS#',
    ':topics': 'TOPICS#',
    ':config': 'CONFIG',
    ':wordList': 'WORD_LIST',
    ':case': 'CASE#',
    // `SIMILAR` (the case's record) and `SIMILAR#<other>` (its matches).
    ':similar': 'SIMILAR',
    ':decision': 'SIMAUDIT#',
  },
  toTarget: (item) => item,
  targetKey: PK_SK,
  doneKey: { PK: 'MIGRATION', SK: 'SIMILAR_ITEMS_MOVED' },
};

/** Moves every similarity item from `from` (main) to `to` (similar); returns how many were moved. */
export const moveSimilarItems = (client: DynamoDBDocumentClient, tables: MoveTables) =>
  moveItems(client, similarItemsMove, tables);

/** Moves the similarity items unless a finished move is on record in the similar table, then records it. */
export const ensureSimilarItemsMoved = (client: DynamoDBDocumentClient, tables: MoveTables, now?: Date) =>
  ensureMoved(client, similarItemsMove, tables, now);
