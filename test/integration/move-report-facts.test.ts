import { describe, expect, it } from 'vitest';
import { provisionTables } from '../../infra/local/provision.ts';
import { moveItems } from '../../infra/migrations/move-items.ts';
import { reportFactsMove } from '../../infra/migrations/move-report-facts.ts';
import { DynamoMetricsStore } from '../../shared/adapters/dynamo/dynamo-metrics-store.ts';
import type { ReportMonth } from '../../shared/domain/metrics/facts.ts';
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

const scan = (table: string) => scanItems(document, table);

const withoutUndefined = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));

/**
 * A fact as an older release kept it in the main table (the layout is unchanged by the move); a field given as
 * `undefined` is left out, as the store leaves it out.
 */
const fact = (caseId: string, fields: Record<string, unknown> = {}) =>
  withoutUndefined({
    PK: 'METRICS#2026-11',
    SK: `FACT#${caseId}`,
    entity: 'metricsFact',
    caseId,
    month: '2026-11',
    version: 5,
    status: 'replied',
    channel: 'web',
    unitId: 'unit-water',
    registeredAt: '2026-11-02T01:00:00.000Z',
    assignedAt: '2026-11-02T01:00:01.000Z',
    repliedAt: '2026-11-05T03:00:00.000Z',
    reopenCount: 0,
    carded: true,
    workingDaysToReply: 3,
    ...fields,
  });
const facts = [fact('01CASEA'), fact('01CASEB', { carded: false, workingDaysToReply: undefined })];
const lookAlikes = [
  { PK: 'METRICS#2026-11', SK: 'OTHER', entity: 'other' },
  { PK: 'REPORT#2026-10', SK: 'CARD', entity: 'reportCard' },
  { PK: 'CASE#01CASEA', SK: 'CASE', entity: 'case' },
];

const storeFor = (tables: { main: string; facts: string }) =>
  new DynamoMetricsStore({ client: document, tableName: tables.main, factsTableName: tables.facts });

describe('a data directory made while the report facts were in the main table', () => {
  it('has them moved to the facts table on the first start, where the report reads them; nothing else moves', async () => {
    const prefix = freshPrefix('f');
    await olderMainTable(clients, prefix, [...facts, ...lookAlikes]);

    const tables = await provisionTables(dynamodb, prefix);

    expect(keysOf(await scan(tables.main))).toEqual(keysOf(lookAlikes));
    expect(await scan(tables.facts)).toEqual(
      expect.arrayContaining(facts.map((item) => expect.objectContaining(item))),
    );
    const read = await storeFor(tables).facts('2026-11' as ReportMonth);
    expect(read.map((each) => [each.caseId, each.carded, each.workingDaysToReply])).toEqual([
      ['01CASEA', true, 3],
      ['01CASEB', false, undefined],
    ]);
    // No stream: a fact's write is not work for the stream consumers.
    expect(await hasStream(dynamodb, tables.facts)).toBe(false);
  });

  it('keeps a newer fact the new release wrote before the move ran, with the older one’s card and reply time', async () => {
    const tables = await provisionTables(dynamodb, freshPrefix('f'));
    // Written by the new release's stream consumer between the deployment and the move: case A moved on
    // (version 7, reopened, no card on its image now), case B did not.
    await putItems(document, tables.facts, [
      fact('01CASEA', {
        version: 7,
        status: 'assigned',
        carded: false,
        workingDaysToReply: undefined,
        repliedAt: undefined,
        reopenCount: 1,
      }),
      fact('01CASEB', {
        version: 4,
        status: 'closed',
        carded: false,
        closedAt: '2026-11-04T01:00:00.000Z',
      }),
    ]);
    await putItems(document, tables.main, facts);

    expect(await moveItems(document, reportFactsMove, { from: tables.main, to: tables.facts })).toBe(2);

    const read = await storeFor(tables).facts('2026-11' as ReportMonth);
    const caseA = read.find((each) => each.caseId === '01CASEA')!;
    expect(caseA).toMatchObject({ version: 7, status: 'assigned', reopenCount: 1, carded: true });
    expect(caseA.workingDaysToReply).toBe(3);
    expect(caseA.repliedAt).toBeUndefined();
    // The facts table's was older: the main table's replaces it whole.
    const caseB = read.find((each) => each.caseId === '01CASEB')!;
    expect(caseB).toMatchObject({ version: 5, status: 'replied', carded: false });
    expect(caseB.closedAt).toBeUndefined();
    expect(await scan(tables.main)).toEqual([]);
  });

  it('a move run again finds nothing more to move', async () => {
    const tables = await provisionTables(dynamodb, freshPrefix('f'));
    await putItems(document, tables.main, facts);
    const move = { from: tables.main, to: tables.facts };
    expect(await moveItems(document, reportFactsMove, move)).toBe(facts.length);
    expect(await moveItems(document, reportFactsMove, move)).toBe(0);
  });
});
