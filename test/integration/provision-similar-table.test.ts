import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { mainTableDefinition, provisionTables } from '../../infra/local/provision.ts';
import { moveSimilarItems } from '../../infra/migrations/move-similar-items.ts';
import { parsePrefix } from '../../scripts/move-items.ts';
import { tablePhysicalName } from '../../shared/topology.ts';

const dynamodb = new DynamoDBClient({
  endpoint: inject('dynamodbEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const document = DynamoDBDocumentClient.from(dynamodb);

afterAll(() => dynamodb.destroy());

const scan = async (table: string) =>
  ((await document.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [])
    .map((item) => `${item.PK} ${item.SK}`)
    .sort();

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
const keys = (items: readonly { PK: string; SK: string }[]) =>
  items.map(({ PK, SK }) => `${PK} ${SK}`).sort();
/** The record of a finished move, in the similar table. */
const MOVED = 'MIGRATION SIMILAR_ITEMS_MOVED';

describe('a data directory made before the similar table', () => {
  it('has its similar-case and hot-topic items moved on the first start, and only those', async () => {
    const prefix = `s${randomBytes(4).toString('hex')}-`;
    const main = tablePhysicalName(prefix, 'main');
    await dynamodb.send(new CreateTableCommand(mainTableDefinition(main)));
    await document.send(
      new BatchWriteCommand({
        RequestItems: { [main]: [...similarItems, ...mainItems].map((Item) => ({ PutRequest: { Item } })) },
      }),
    );

    const tables = await provisionTables(dynamodb, prefix);

    expect(await scan(tables.similar)).toEqual([...keys(similarItems), MOVED].sort());
    expect(await scan(tables.main)).toEqual(keys(mainItems));
    // The similar table has no stream: nothing the pipeline reads changes when a case is indexed.
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tables.similar }));
    expect(Table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
  });

  it('a move run again finds nothing more to move and changes nothing', async () => {
    const prefix = `s${randomBytes(4).toString('hex')}-`;
    const tables = await provisionTables(dynamodb, prefix);
    await document.send(
      new BatchWriteCommand({
        RequestItems: { [tables.main]: similarItems.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    expect(await moveSimilarItems(document, { from: tables.main, to: tables.similar })).toBe(
      similarItems.length,
    );
    expect(await moveSimilarItems(document, { from: tables.main, to: tables.similar })).toBe(0);
    expect(await scan(tables.similar)).toEqual([...keys(similarItems), MOVED].sort());
    expect(await scan(tables.main)).toEqual([]);
  });

  it('a move interrupted by a crash is finished at the next start; a finished one is not repeated', async () => {
    const prefix = `s${randomBytes(4).toString('hex')}-`;
    const tables = await provisionTables(dynamodb, prefix);
    expect(await scan(tables.similar)).toEqual([MOVED]);
    // As a crash mid-move leaves it: half the items copied but not yet deleted from main, no record of the end.
    const [PK, SK] = MOVED.split(' ');
    await document.send(
      new BatchWriteCommand({
        RequestItems: {
          [tables.main]: similarItems.map((Item) => ({ PutRequest: { Item } })),
          [tables.similar]: [
            { DeleteRequest: { Key: { PK, SK } } },
            ...similarItems.slice(0, 4).map((Item) => ({ PutRequest: { Item } })),
          ],
        },
      }),
    );

    await provisionTables(dynamodb, prefix);
    expect(await scan(tables.similar)).toEqual([...keys(similarItems), MOVED].sort());
    expect(await scan(tables.main)).toEqual([]);

    // The move is on record now: a later start reads that record and scans nothing.
    await document.send(
      new BatchWriteCommand({ RequestItems: { [tables.main]: [{ PutRequest: { Item: similarItems[0] } }] } }),
    );
    await provisionTables(dynamodb, prefix);
    expect(await scan(tables.main)).toEqual(keys([similarItems[0]!]));
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
