import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { provisionTables } from '../../infra/local/provision.ts';
import {
  BANDS_REKEYED,
  ensureSimilarBandsRekeyed,
  rekeySimilarBands,
} from '../../infra/migrations/rekey-similar-bands.ts';
import { DynamoSimilarityStore } from '../../shared/adapters/dynamo/dynamo-similarity-store.ts';
import { buildLexicon } from '../../shared/domain/similarity/lexicon.ts';
import { bandKeys, minhashSignature, termBandKeys } from '../../shared/domain/similarity/minhash.ts';
import { findSimilar } from '../../shared/use-cases/similar-cases.ts';
import { freshPrefix, keysOf, putItems, scanItems, testDynamoDb } from '../support/older-release-tables.ts';

const clients = testDynamoDb();
const { dynamodb, document } = clients;

const TOWN = 'chengguan';
const EXPIRES_AT = Math.floor(Date.parse('2027-02-01T00:00:00Z') / 1000);

/** The 16 band items an older release wrote for a case (its layout, as literals, so this test keeps it). */
function olderBandItems(caseId: string, createdAt: string, terms: string[], town = TOWN) {
  return bandKeys(minhashSignature(terms)!).map((band) => ({
    PK: `SIM#${town}#${band}`,
    SK: `${createdAt}#${caseId}`,
    terms,
    expiresAt: EXPIRES_AT,
  }));
}

const streetLights = ['人民路', '路灯', '不亮', '晚上'];
const noise = ['工地', '噪音', '夜间', '施工', '城南小区'];
const olderA = olderBandItems('01OLDA', '2026-11-02T01:00:00.000Z', streetLights);
const olderB = olderBandItems('01OLDB', '2026-11-03T01:00:00.000Z', noise, 'xikou');
/** Items the band re-keying must leave alone: a case indexed by this release, a month's terms, a word list. */
const current = [
  ...termBandKeys(['停水', '小区']).map((key) => ({
    PK: `SIM#${TOWN}#${key}`,
    SK: '2026-11-04T01:00:00.000Z#01NEWC',
    terms: ['停水', '小区'],
    expiresAt: EXPIRES_AT,
  })),
  { PK: 'TOPICTERMS#2026-11', SK: 'CASE#01OLDA', entity: 'topicTerms', terms: streetLights },
  { PK: 'CONFIG', SK: 'WORD_LIST', entity: 'wordList', entries: [] },
  { PK: 'SIM#x', SK: 'not-a-band', entity: 'other' },
];

/**
 * The similar table of a stage holding `items`, as before its re-keying ran: the first start of a fresh stage
 * records a run (its table is empty then), so that record is taken away.
 */
async function similarTableWith(items: readonly Record<string, unknown>[]) {
  const tables = await provisionTables(dynamodb, freshPrefix('k'));
  await document.send(new DeleteCommand({ TableName: tables.similar, Key: BANDS_REKEYED }));
  for (let start = 0; start < items.length; start += 25)
    await putItems(document, tables.similar, items.slice(start, start + 25));
  return tables.similar;
}

/** The items this release writes for a case: one per term key. */
const termKeyed = (caseId: string, createdAt: string, terms: string[], town = TOWN) =>
  termBandKeys(terms).map((key) => ({
    PK: `SIM#${town}#${key}`,
    SK: `${createdAt}#${caseId}`,
    terms,
    expiresAt: EXPIRES_AT,
  }));

describe('re-keying the similar-case index of an older release by term', () => {
  it('replaces each case’s 16 band items with its few term keys, terms and expiry kept, and nothing else', async () => {
    const table = await similarTableWith([...olderA, ...olderB, ...current]);

    expect(await rekeySimilarBands(document, table)).toBe(32);

    const expected = [
      ...termKeyed('01OLDA', '2026-11-02T01:00:00.000Z', streetLights),
      ...termKeyed('01OLDB', '2026-11-03T01:00:00.000Z', noise, 'xikou'),
      ...current,
    ];
    const after = (await scanItems(document, table)).filter((item) => item.PK !== BANDS_REKEYED.PK);
    expect(keysOf(after)).toEqual(keysOf(expected));
    for (const item of expected)
      expect(after.find((each) => each.PK === item.PK && each.SK === item.SK)).toEqual(item);
    // A case's few keys instead of its 16 bands.
    expect(termBandKeys(streetLights).length).toBeLessThan(16);
  });

  it('lets a new case find a case indexed by an older release, which it cannot before', async () => {
    const table = await similarTableWith(olderA);
    const store = new DynamoSimilarityStore({ client: document, tableName: table });
    const lookup = () =>
      findSimilar(store, {
        jurisdictionCode: TOWN,
        terms: ['人民路', '路灯', '不亮', '坏了'],
        lexicon: buildLexicon(),
        at: new Date('2026-11-20T00:00:00.000Z'),
      });
    expect(await lookup()).toEqual([]);

    await ensureSimilarBandsRekeyed(document, table);

    expect((await lookup()).map((found) => found.caseId)).toEqual(['01OLDA']);
  });

  it('runs once: a finished run is on record and a later one reads only that', async () => {
    const table = await similarTableWith(olderA);
    const at = new Date('2026-12-06T00:00:00.000Z');
    expect(await ensureSimilarBandsRekeyed(document, table, at)).toBe(16);
    const record = (await scanItems(document, table)).find((item) => item.PK === BANDS_REKEYED.PK);
    expect(record).toMatchObject({ entity: 'migration', moved: 16, at: at.toISOString() });

    // Old items that appeared later (none can: no release writes them) would stay: the run is on record.
    await putItems(document, table, olderB.slice(0, 1));
    expect(await ensureSimilarBandsRekeyed(document, table)).toBe(0);
    expect(keysOf(await scanItems(document, table))).toContain(keysOf(olderB.slice(0, 1))[0]);
  });

  it('an interrupted run is finished by the next, with the same result as one run', async () => {
    const whole = await similarTableWith([...olderA, ...olderB]);
    await rekeySimilarBands(document, whole);

    // As a crash between the writes and the deletes leaves it: a case under its new keys and its old ones.
    const interrupted = await similarTableWith([
      ...olderA,
      ...olderB,
      ...termKeyed('01OLDA', '2026-11-02T01:00:00.000Z', streetLights),
    ]);
    expect(await rekeySimilarBands(document, interrupted)).toBe(32);
    expect(await rekeySimilarBands(document, interrupted)).toBe(0);

    const withoutRecord = async (table: string) =>
      keysOf((await scanItems(document, table)).filter((item) => item.PK !== BANDS_REKEYED.PK));
    expect(await withoutRecord(interrupted)).toEqual(await withoutRecord(whole));
  });
});
