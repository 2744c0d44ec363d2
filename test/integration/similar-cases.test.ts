import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSimilarityStore } from '../../shared/adapters/dynamo/dynamo-similarity-store.ts';
import { jiebaSegmenter } from '../../shared/adapters/jieba-segmenter.ts';
import { buildLexicon } from '../../shared/domain/similarity/lexicon.ts';
import { termBandKeys } from '../../shared/domain/similarity/minhash.ts';
import { extractTerms } from '../../shared/domain/similarity/terms.ts';
import { indexNewCase, indexNewCases } from '../../shared/use-cases/similar-cases.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { clearOfShanghaiMonthEdge, MONTH_FILE_BUDGET_MS } from '../support/window-edge.ts';

/**
 * Similar cases on arrival through the whole pipeline: the dispatcher's message, the similar queue's consumer
 * (jieba, MinHash bands in the main table), the staff case's similar list and decisions, and the public hint.
 */

let runtime: TestRuntime;
const HANDLER = 'handler-dept-transport';
let token: string;

const petitions = [
  { title: '人民路公交站牌被撞坏', content: '城关镇人民路公交站牌被车撞坏了，等车的人看不到线路。' },
  { title: '人民路站牌坏了', content: '人民路那个公交站的站牌倒在地上好几天了，没人修。' },
  { title: '公交站牌损坏', content: '人民路公交车站站牌损坏，请修复站牌。联系人：李四 13900001111' },
];

async function submit(body: Record<string, unknown>, phone: string): Promise<string> {
  const response = await runtime.postJson(
    '/api/petitions',
    petitionBody({ ...body, petitioner: { name: '王五', phone } }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { caseId: string }).caseId;
}

async function similarOf(caseId: string, user = HANDLER) {
  const response = await runtime.request(`/api/staff/cases/${caseId}/similar`, {
    headers: { authorization: `Bearer ${user === HANDLER ? token : await runtime.tokenFor(user)}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    flag: string | null;
    items: { caseId: string; title: string; kind: string; matched: string[]; decision?: string }[];
    decisions: { decision: string; by: string; otherCaseId: string }[];
  };
}

/** A village without water: worded apart, and (without its places) close enough to be one hot topic. */
const water = [
  { title: '东门村停水三天', content: '溪口镇东门村已经停水三天了，自来水一直没来，做饭洗衣都成问题。' },
  { title: '东门村自来水停了', content: '东门村自来水停了好几天，做饭都没水。' },
  { title: '东门村又停水', content: '我们东门村水龙头拧开没水，自来水停了三天，做饭困难。' },
].map((petition) => ({ ...petition, jurisdictionCode: 'xikou', categoryCode: 'construction' }));

const ids: string[] = [];
const waterIds: string[] = [];
let confidential = '';
let confidentialWater = '';
let elsewhere = '';

// The file names this month; it must not run across a month's end (see window-edge.ts).
await clearOfShanghaiMonthEdge(MONTH_FILE_BUDGET_MS);

beforeAll(async () => {
  runtime = await startTestRuntime();
  token = await runtime.tokenFor(HANDLER);
  confidential = await submit({ ...petitions[0], confidential: true }, '13700000009');
  // Worded a little apart: the same text would be the double-submit guard's possible duplicate (tested below).
  elsewhere = await submit(
    { ...petitions[0], content: petitions[0]!.content.replace('城关镇', ''), jurisdictionCode: 'baishi' },
    '13700000008',
  );
  for (const [index, petition] of petitions.entries()) ids.push(await submit(petition, `1370000000${index}`));
  confidentialWater = await submit({ ...water[0], confidential: true }, '13700000019');
  for (const [index, petition] of water.entries())
    waterIds.push(await submit(petition, `1370000001${index}`));
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('similar cases on arrival', () => {
  it('flags three similar petitions from different phones on each other, with the words they share', async () => {
    const last = await eventually(async () => {
      const view = await similarOf(ids[2]!);
      return view.items.length >= 2 ? view : undefined;
    });
    expect(last.flag).not.toBeNull();
    expect(last.items.map((item) => item.caseId).sort()).toEqual([ids[0], ids[1]].sort());
    for (const item of last.items) expect(item.matched).toEqual(expect.arrayContaining(['公交', '人民路']));
    // The first case was registered before the others existed: the later ones recorded themselves on it.
    const first = await eventually(async () => {
      const view = await similarOf(ids[0]!);
      return view.items.length >= 2 ? view : undefined;
    });
    expect(first.items.map((item) => item.caseId)).toContain(ids[2]);
  });

  it('never indexes or shows a confidential petition, nor one of another town', async () => {
    const views = await Promise.all(ids.map((id) => similarOf(id)));
    for (const view of views) {
      expect(view.items.map((item) => item.caseId)).not.toContain(confidential);
      expect(view.items.map((item) => item.caseId)).not.toContain(elsewhere);
    }
    const items = await runtime.scanAll('similar');
    // Band items name their case in the sort key; month terms carry it.
    const mentions = (caseId: string) =>
      items.filter(
        (item) =>
          (String(item.PK).startsWith('SIM#') && String(item.SK).endsWith(`#${caseId}`)) ||
          (String(item.PK).startsWith('TOPICTERMS#') && item.caseId === caseId),
      );
    expect(mentions(confidential)).toEqual([]);
    expect(mentions(elsewhere).length).toBeGreaterThan(0);
    // No personal data in what the index keeps: terms only.
    const indexed = items.filter((item) => String(item.PK).startsWith('SIM#'));
    expect(JSON.stringify(indexed)).not.toMatch(/李四|王五|1390000|1370000/);
  });

  it('a redelivered message rewrites the same items and matches', async () => {
    const store = new DynamoSimilarityStore({
      client: runtime.clients.document,
      tableName: runtime.tables.similar,
    });
    const before = await store.record(ids[1]!);
    const lexicon = buildLexicon({ towns: ['城关镇', '白石乡', '溪口镇', '青山镇', '东城街道'] });
    const item = (await runtime.caseStore.get(ids[1]!))!;
    const deps = { store, lexicon: async () => lexicon, segmenter: jiebaSegmenter };
    const bands = async () =>
      (await runtime.scanAll('similar'))
        .filter((entry) => String(entry.PK).startsWith('SIM#') && String(entry.SK).endsWith(`#${ids[1]}`))
        .map((entry) => `${entry.PK} ${entry.SK}`)
        .sort();
    await indexNewCase(deps, item);
    const once = await bands();
    await indexNewCase(deps, item);
    const after = await store.record(ids[1]!);
    expect(Object.keys(after!.matches).sort()).toEqual(Object.keys(before!.matches).sort());
    // Indexing writes keyed items only: no per-case record (decisions are items of their own).
    expect(
      (await runtime.scanAll('similar')).filter(
        (entry) => entry.PK === `CASE#${ids[1]}` && entry.SK === 'SIMILAR',
      ),
    ).toEqual([]);
    // The same band items, one per term key: at least one, at most one per MinHash function.
    expect(await bands()).toEqual(once);
    expect(once.length).toBeGreaterThan(0);
    expect(once.length).toBeLessThanOrEqual(16);
  });

  it('a batch of new cases is indexed together: they see each other, as one at a time, with fewer reads', async () => {
    const store = new DynamoSimilarityStore({
      client: runtime.clients.document,
      tableName: runtime.tables.similar,
    });
    const lexicon = buildLexicon({ towns: ['城关镇', '白石乡', '溪口镇', '青山镇', '东城街道'] });
    const deps = { store, lexicon: async () => lexicon, segmenter: jiebaSegmenter };
    const originals = await Promise.all(waterIds.map(async (id) => (await runtime.caseStore.get(id))!));
    // The same three petitions in two towns of their own: one batch in one, one at a time in the other. A
    // month of their own too, so the hot-topic run below sees only the pipeline's cases.
    const copies = (town: string, tag: string) =>
      originals.map((item, index) => ({
        ...item,
        createdAt: `2025-01-15T0${index}:00:00.000Z`,
        caseId: `01ARZ3NDEKTSV4RRFFQ69G${tag}${index}`,
        jurisdictionCode: town,
        possibleDuplicateOf: undefined,
      }));
    const batch = copies('batch-town', 'BAT');
    const single = copies('single-town', 'SGL');
    const batchCost = { requests: 0, readUnits: 0 };
    await indexNewCases(deps, batch, batchCost);
    const singleCost = { requests: 0, readUnits: 0 };
    for (const item of single) await indexNewCase(deps, item, singleCost);

    // Each case's recorded matches, by position in its group: the same in both towns.
    const shape = async (group: typeof batch) =>
      Promise.all(
        group.map(async (item) => {
          const record = await store.record(item.caseId);
          return Object.values(record?.matches ?? {})
            .map(
              (match) =>
                `${group.findIndex((other) => other.caseId === match.caseId)} ${match.kind} ${match.score}`,
            )
            .sort();
        }),
      );
    const batchShape = await shape(batch);
    expect(batchShape.every((matches) => matches.length === 2)).toBe(true);
    expect(batchShape).toEqual(await shape(single));
    // One read per distinct band key of the batch, against one per key per case.
    const segmenter = await jiebaSegmenter(lexicon.words);
    const keys = originals.map((item) =>
      termBandKeys(
        extractTerms(
          {
            title: item.title,
            content: item.content,
            names: item.petitioner.name ? [item.petitioner.name] : [],
          },
          segmenter,
          lexicon,
        ),
      ),
    );
    expect(singleCost.requests).toBe(keys.flat().length);
    expect(batchCost.requests).toBe(new Set(keys.flat()).size);
    expect(batchCost.requests).toBeLessThan(singleCost.requests);
  });

  it('matches are items of their own: a replay rewrites them, a case only others matched can still be decided', async () => {
    const store = new DynamoSimilarityStore({
      client: runtime.clients.document,
      tableName: runtime.tables.similar,
    });
    const lonely = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const match = { caseId: ids[0]!, kind: 'related' as const, score: 0.3, matched: ['公交'], foundAt: 'x' };
    await store.recordMatches([{ caseId: lonely, match }]);
    await store.recordMatches([{ caseId: lonely, match: { ...match, score: 0.4 } }]);
    expect(await store.record(lonely)).toEqual({
      caseId: lonely,
      matches: { [ids[0]!]: { ...match, score: 0.4 } },
      decisions: {},
    });
    // A decision needs nothing written before it: an item of its own on each side.
    await store.decide({ caseId: lonely, otherCaseId: ids[0]!, decision: 'dismissed', by: HANDLER, at: 'y' });
    expect((await store.record(lonely))?.decisions).toEqual({
      [ids[0]!]: { decision: 'dismissed', by: HANDLER, at: 'y' },
    });
    expect((await store.record(ids[0]!))?.decisions[lonely]).toEqual({
      decision: 'dismissed',
      by: HANDLER,
      at: 'y',
    });
  });

  it('a case matched by more cases than one batch takes keeps every match; older map entries still read', async () => {
    const store = new DynamoSimilarityStore({
      client: runtime.clients.document,
      tableName: runtime.tables.similar,
    });
    const popular = '01ARZ3NDEKTSV4RRFFQ69G5FAW';
    // A record as indexing wrote it before matches had their own items: matches in a map.
    const older = {
      caseId: '01ARZ3NDEKTSV4RRFFQ69G5FAX',
      kind: 'duplicate' as const,
      score: 0.9,
      matched: ['站牌'],
      foundAt: 'a',
    };
    await runtime.clients.document.send(
      new PutCommand({
        TableName: runtime.tables.similar,
        Item: {
          PK: `CASE#${popular}`,
          SK: 'SIMILAR',
          entity: 'similar',
          caseId: popular,
          terms: ['站牌'],
          matches: { [older.caseId]: older },
          decisions: {
            [older.caseId]: { decision: 'related', by: HANDLER, at: 'a' },
            [`${older.caseId}2`]: { decision: 'dismissed', by: HANDLER, at: 'a' },
          },
        },
      }),
    );
    const newer = Array.from({ length: 30 }, (_, index) => ({
      caseId: `01ARZ3NDEKTSV4RRFFQ69G${String(index).padStart(4, '0')}`,
      kind: 'related' as const,
      score: 0.5,
      matched: ['站牌'],
      foundAt: 'b',
    }));
    await store.recordMatches(newer.map((match) => ({ caseId: popular, match })));
    // A decision taken now on a pair the old map decided: the new one is in force, the map's others still read.
    await store.decide({
      caseId: popular,
      otherCaseId: older.caseId,
      decision: 'dismissed',
      by: HANDLER,
      at: 'c',
    });
    const record = await store.record(popular);
    expect(Object.keys(record?.matches ?? {}).sort()).toEqual(
      [older.caseId, ...newer.map((match) => match.caseId)].sort(),
    );
    expect(record?.matches[older.caseId]).toEqual(older);
    expect(record?.decisions).toEqual({
      [older.caseId]: { decision: 'dismissed', by: HANDLER, at: 'c' },
      [`${older.caseId}2`]: { decision: 'dismissed', by: HANDLER, at: 'a' },
    });
  });

  it('a dismissal is remembered on both cases and audited; a pair that never matched is a 404', async () => {
    const response = await runtime.postJson(
      `/api/staff/cases/${ids[2]}/similar/${ids[1]}`,
      { decision: 'dismissed' },
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(200);
    const after = (await response.json()) as Awaited<ReturnType<typeof similarOf>>;
    expect(after.items.find((item) => item.caseId === ids[1])?.decision).toBe('dismissed');
    expect(after.decisions).toEqual([
      expect.objectContaining({ decision: 'dismissed', by: HANDLER, otherCaseId: ids[1] }),
    ]);
    const other = await similarOf(ids[1]!);
    expect(other.items.find((item) => item.caseId === ids[2])?.decision).toBe('dismissed');

    const never = await runtime.postJson(
      `/api/staff/cases/${ids[2]}/similar/${confidential}`,
      { decision: 'related' },
      { authorization: `Bearer ${token}` },
    );
    expect(never.status).toBe(404);
    const bad = await runtime.postJson(
      `/api/staff/cases/${ids[2]}/similar/${ids[0]}`,
      { decision: 'merge' },
      { authorization: `Bearer ${token}` },
    );
    expect(bad.status).toBe(400);
  });

  it('linking a duplicate shows on both cases as decided', async () => {
    const current = (await runtime.caseStore.get(ids[1]!))!;
    const linked = await runtime.postJson(
      `/api/staff/cases/${ids[1]}/link-duplicate`,
      { expectedVersion: current.version, duplicateOf: ids[0] },
      { authorization: `Bearer ${token}` },
    );
    expect(linked.status).toBe(200);
    expect((await similarOf(ids[0]!)).items.find((item) => item.caseId === ids[1])?.decision).toBe(
      'duplicate',
    );
  });

  it("the same text from someone else is a possible duplicate on both cases, even in another town; a confidential one's never", async () => {
    // ids[0] has the confidential petition's words: the guard left no marker for it to be linked to.
    expect((await runtime.caseStore.get(ids[0]!))!.possibleDuplicateOf).toBeUndefined();
    expect((await runtime.caseStore.get(confidential))!.possibleDuplicateOf).toBeUndefined();
    const copied = await submit({ ...petitions[2], jurisdictionCode: 'baishi' }, '13700000007');
    expect((await runtime.caseStore.get(copied))!.possibleDuplicateOf).toBe(ids[2]);
    const kindOf = async (caseId: string, otherCaseId: string) =>
      eventually(
        async () =>
          (await similarOf(caseId, 'supervisor')).items.find((item) => item.caseId === otherCaseId)?.kind,
      );
    expect(await kindOf(copied, ids[2]!)).toBe('duplicate');
    expect(await kindOf(ids[2]!, copied)).toBe('duplicate');
  });

  it('the public form hears of similar petitions in the town: titles and status only, never confidential', async () => {
    const response = await runtime.postJson('/api/petitions/similar', {
      jurisdictionCode: 'chengguan',
      title: '人民路公交站牌坏了',
      content: '人民路的公交站牌被撞坏了',
    });
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Record<string, string>[] };
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['status', 'title']);
    expect(JSON.stringify(items)).not.toMatch(/看不到线路|李四|13900001111/);
    expect(items.map((item) => item.status)).toContain('已受理');

    const nowhere = await runtime.postJson('/api/petitions/similar', {
      jurisdictionCode: 'atlantis',
      title: '站牌',
    });
    expect(nowhere.status).toBe(400);
  });

  it("a supervisor's on-demand run makes the village's petitions a hot topic, never with a confidential one", async () => {
    // The consumer writes a case's month terms before its matches: once each has its matches, all are in.
    for (const id of waterIds)
      await eventually(async () =>
        (await similarOf(id, 'handler-dept-housing')).items.length >= 2 ? true : undefined,
      );
    const supervisor = { authorization: `Bearer ${await runtime.tokenFor('supervisor')}` };
    const month = new Date().toLocaleDateString('sv', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
    const run = await runtime.postJson('/api/staff/topics/run', { month }, supervisor);
    expect(run.status).toBe(200);
    const view = (await run.json()) as {
      computedAt: string | null;
      topics: {
        topicId: string;
        label: string[];
        size: number;
        towns: { code: string }[];
        caseIds: string[];
      }[];
    };
    expect(view.computedAt).not.toBeNull();
    const topic = view.topics.find((each) => waterIds.every((id) => each.caseIds.includes(id)));
    expect(topic).toMatchObject({ size: 3, towns: [{ code: 'xikou', cases: 3 }] });
    expect(topic!.label).toContain('停水');
    expect(JSON.stringify(view)).not.toContain(confidentialWater);
    expect(JSON.stringify(view)).not.toContain(confidential);

    const focus = await runtime.request(`/api/staff/topics/${topic!.topicId}/focus`, {
      method: 'PUT',
      headers: { ...supervisor, 'content-type': 'application/json' },
      body: JSON.stringify({ month, ownerUnitId: 'dept-housing', deadline: '2030-01-31' }),
    });
    expect(focus.status).toBe(200);
    const withFocus = (await focus.json()) as {
      focus: { topicId: string; ownerUnitId: string; progress: { resolved: number; total: number } }[];
    };
    expect(withFocus.focus).toEqual([
      expect.objectContaining({
        topicId: topic!.topicId,
        ownerUnitId: 'dept-housing',
        progress: expect.objectContaining({ resolved: 0, total: 3 }),
      }),
    ]);
    expect(JSON.stringify(withFocus)).not.toContain(confidentialWater);

    const handler = await runtime.request(`/api/staff/topics?month=${month}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(handler.status).toBe(403);
  });
});
