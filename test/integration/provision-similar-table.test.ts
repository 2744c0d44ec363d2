import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { provisionTables } from '../../infra/local/provision.ts';
import { moveSimilarItems } from '../../infra/migrations/move-similar-items.ts';
import { parsePrefix } from '../../scripts/move-items.ts';
import { termBandKeys } from '../../shared/domain/similarity/minhash.ts';
import {
  freshPrefix,
  hasStream,
  keysOf,
  olderMainTable,
  putItems,
  scanItems,
  testDynamoDb,
} from '../support/older-release-tables.ts';

const clients = testDynamoDb();
const { dynamodb, document } = clients;

const scan = async (table: string) => keysOf(await scanItems(document, table));

// Every kind of item the similar-case and hot-topic stores write, keyed as an older release kept them in the
// main table, and items of the main table that look close but are not theirs.
const similarItems = [
  { PK: 'SIM#chengguan#03:9f2c41d0', SK: '2026-11-02T01:00:00.000Z#01CASEA', terms: ['公交'] },
  { PK: 'TOPICTERMS#2026-11', SK: 'CASE#01CASEA', entity: 'topicTerms', caseId: '01CASEA' },
  { PK: 'TOPICS#2026-11', SK: 'RUN', entity: 'topics' },
  { PK: 'TOPICS#FOCUS', SK: 'topic-1', entity: 'topicFocus' },
  { PK: 'CONFIG', SK: 'WORD_LIST', entity: 'wordList', entries: [] },
  { PK: 'CASE#01CASEA', SK: 'SIMILAR', entity: 'similar', caseId: '01CASEA' },
  { PK: 'CASE#01CASEA', SK: 'SIMILAR#01CASEB', entity: 'similarMatch' },
  { PK: 'CASE#01CASEA', SK: 'SIMAUDIT#2026-11-03T00:00:00.000Z#01CASEB', entity: 'similarDecision' },
];
const mainItems = [
  { PK: 'CASE#01CASEA', SK: 'CASE', entity: 'case' },
  { PK: 'CASE#01CASEA', SK: 'EVENT#0001', entity: 'event' },
  { PK: 'CONFIG', SK: 'CATALOG', entity: 'catalog' },
  { PK: 'SIMPLE#x', SK: 'SIM', entity: 'other' },
];
/** The record of a finished move, in the similar table. */
const MOVED = 'MIGRATION SIMILAR_ITEMS_MOVED';
/** The record of the re-keying that follows it (rekey-similar-bands.test.ts tests it on its own). */
const REKEYED = 'MIGRATION SIMILAR_BANDS_KEYED_BY_TERM';
/** What the first start leaves of the older release's items in the similar table: the band item keyed by term. */
const similarItemsAfterStart = [
  ...keysOf(similarItems.slice(1)),
  `SIM#chengguan#${termBandKeys(['公交'])[0]} 2026-11-02T01:00:00.000Z#01CASEA`,
  MOVED,
  REKEYED,
].sort();

describe('a data directory made before the similar table', () => {
  it('has its similar-case and hot-topic items moved on the first start, and only those', async () => {
    const prefix = freshPrefix('s');
    await olderMainTable(clients, prefix, [...similarItems, ...mainItems]);

    const tables = await provisionTables(dynamodb, prefix);

    // Moved, and the old band item re-keyed by term.
    expect(await scan(tables.similar)).toEqual(similarItemsAfterStart);
    expect(await scan(tables.main)).toEqual(keysOf(mainItems));
    // The similar table has no stream: nothing the pipeline reads changes when a case is indexed.
    expect(await hasStream(dynamodb, tables.similar)).toBe(false);
  });

  it('a move run again finds nothing more to move and changes nothing', async () => {
    const tables = await provisionTables(dynamodb, freshPrefix('s'));
    await putItems(document, tables.main, similarItems);
    expect(await moveSimilarItems(document, { from: tables.main, to: tables.similar })).toBe(
      similarItems.length,
    );
    expect(await moveSimilarItems(document, { from: tables.main, to: tables.similar })).toBe(0);
    expect(await scan(tables.similar)).toEqual([...keysOf(similarItems), MOVED, REKEYED].sort());
    expect(await scan(tables.main)).toEqual([]);
  });

  it('a move interrupted by a crash is finished at the next start; a finished one is not repeated', async () => {
    const prefix = freshPrefix('s');
    const tables = await provisionTables(dynamodb, prefix);
    expect(await scan(tables.similar)).toEqual([MOVED, REKEYED].sort());
    // As a crash mid-move leaves it: half the items copied but not yet deleted from main, no record of the end
    // (nor of the re-keying, which runs after the move).
    const [PK, SK] = MOVED.split(' ');
    const [rekeyedPK, rekeyedSK] = REKEYED.split(' ');
    await document.send(
      new BatchWriteCommand({
        RequestItems: {
          [tables.main]: similarItems.map((Item) => ({ PutRequest: { Item } })),
          [tables.similar]: [
            { DeleteRequest: { Key: { PK, SK } } },
            { DeleteRequest: { Key: { PK: rekeyedPK, SK: rekeyedSK } } },
            ...similarItems.slice(0, 4).map((Item) => ({ PutRequest: { Item } })),
          ],
        },
      }),
    );

    await provisionTables(dynamodb, prefix);
    expect(await scan(tables.similar)).toEqual(similarItemsAfterStart);
    expect(await scan(tables.main)).toEqual([]);

    // The move is on record now: a later start reads that record and scans nothing.
    await putItems(document, tables.main, [similarItems[0]!]);
    await provisionTables(dynamodb, prefix);
    expect(await scan(tables.main)).toEqual(keysOf([similarItems[0]!]));
  });
});

describe('the cloud stages’ move script', () => {
  it('takes a stage prefix and refuses anything else', () => {
    expect(parsePrefix(['--prefix', 'prod-'])).toBe('prod-');
    expect(() => parsePrefix([])).toThrow(/usage/);
    expect(() => parsePrefix(['--prefix', 'prod'])).toThrow(/usage/);
    expect(() => parsePrefix(['--prefix', 'Prod-'])).toThrow(/usage/);
    expect(() => parsePrefix(['--prefix', 'prod-', '--table', 'x'])).toThrow();
  });
});
