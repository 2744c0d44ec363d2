import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReceptionStore } from '../../shared/adapters/dynamo/dynamo-reception-store.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/** `GET /api/reception-days`: the public calendar shows published days only, with names and titles only. */

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
  const store = new DynamoReceptionStore({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
  });
  const representative = (id: string, name: string, title: string) => ({ representativeId: id, name, title });
  await store.save({
    studioId: 'studio-chengguan',
    date: '2031-03-10',
    representatives: [
      representative('rep-1', '陈建国', '县党代表'),
      representative('rep-2', '林小梅', '社区书记'),
    ],
    published: true,
    hours: '09:00-11:30',
  });
  await store.save({
    studioId: 'studio-chengguan',
    date: '2031-03-20',
    representatives: [representative('rep-3', '赵一', '县党代表')],
    published: false,
  });
  await store.save({
    studioId: 'studio-xikou',
    date: '2031-04-10',
    representatives: [representative('rep-4', '吴海', '镇党委书记')],
    published: true,
    note: '清明节调整',
  });
});

afterAll(async () => {
  await runtime?.stop();
});

const get = async (query: string) => runtime.request(`/api/reception-days?${query}`);

describe('the public reception calendar', () => {
  it('lists published days of every studio in the range, in date order, with names and titles only', async () => {
    const response = await get('from=2031-03-01&to=2031-04-30');

    expect(response.status).toBe(200);
    const calendar = (await response.json()) as {
      from: string;
      to: string;
      studios: { studioId: string; name: string }[];
      days: Record<string, unknown>[];
    };
    expect(calendar.from).toBe('2031-03-01');
    expect(calendar.studios.map((studio) => studio.studioId).sort()).toEqual([
      'studio-chengguan',
      'studio-xikou',
    ]);
    expect(calendar.days).toEqual([
      {
        studioId: 'studio-chengguan',
        date: '2031-03-10',
        hours: '09:00-11:30',
        // 2031 has no official holiday schedule yet: its days may still move.
        provisional: true,
        representatives: [
          { name: '陈建国', title: '县党代表' },
          { name: '林小梅', title: '社区书记' },
        ],
      },
      {
        studioId: 'studio-xikou',
        date: '2031-04-10',
        provisional: true,
        representatives: [{ name: '吴海', title: '镇党委书记' }],
        note: '清明节调整',
      },
    ]);
  });

  it('filters by studio and range', async () => {
    const one = (await (await get('studioId=studio-xikou&from=2031-03-01&to=2031-04-30')).json()) as {
      days: { date: string }[];
    };
    const narrow = (await (await get('from=2031-03-11&to=2031-04-09')).json()) as { days: unknown[] };

    expect(one.days.map((day) => day.date)).toEqual(['2031-04-10']);
    expect(narrow.days).toEqual([]);
  });

  it('starts today in Shanghai when no range is given', async () => {
    const response = await get('');
    const calendar = (await response.json()) as { from: string; to: string };
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

    expect(response.status).toBe(200);
    expect(calendar.from).toBe(today);
  });

  it.each([
    ['an unknown studio', 'studioId=studio-atlantis', 'studioId'],
    ['a date that does not exist', 'from=2031-02-30', 'from'],
    ['a range backwards', 'from=2031-05-01&to=2031-04-01', 'to'],
    ['a range over half a year', 'from=2031-01-01&to=2031-12-31', 'to'],
    ['a malformed studio id', 'studioId=%3Cscript%3E', 'studioId'],
  ])('refuses %s with a field error', async (_name, query, field) => {
    const response = await get(query);

    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toContain(field);
  });
});
