import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCalendarStore } from '../../shared/adapters/dynamo/dynamo-calendar-store.ts';
import { DynamoCatalogStore } from '../../shared/adapters/dynamo/dynamo-catalog-store.ts';
import { chineseDaysYears, toShanghaiDate } from '../../shared/domain/calendar/index.ts';
import type { Case } from '../../shared/domain/case/model.ts';
import { defaultPolicies } from '../../shared/runtime/deps/calendar.ts';
import { recomputeForCalendarData } from '../../shared/use-cases/enter-official-schedule.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Open deadlines follow the calendar in force (docs/deadlines.md, "Recomputation"): a one-day override (a typhoon
 * closure) added or removed by an admin moves the deadlines whose span holds the day; a chinese-days upgrade is
 * noticed once and recomputes provisional deadlines.
 */

let runtime: TestRuntime;
let adminToken: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  adminToken = await runtime.tokenFor('admin');
});

afterAll(async () => {
  await runtime?.stop();
});

const admin = (method: string, path: string, body?: unknown) =>
  runtime.authorized(adminToken, method, path, body);

async function assignedCase(): Promise<Case> {
  // 投诉: the hotline policy, reply within 5 working days, so one closed day moves the deadline.
  const created = (await (
    await runtime.postJson('/api/petitions', petitionBody({ petitionType: 'complaint' }))
  ).json()) as { caseId: string };
  return eventually(async () => {
    const item = await runtime.caseStore.get(created.caseId);
    return item?.status === 'assigned' ? item : undefined;
  });
}

describe('a one-day override recomputes the open deadlines that span it', () => {
  it('a typhoon closure on the reply deadline’s day moves it to the next working day; removing it moves it back', async () => {
    const item = await assignedCase();
    const replyBy = item.deadlines.replyBy!;
    expect(item.policyId).toBe('hotline');
    const day = toShanghaiDate(new Date(replyBy.at));

    const closed = await admin('PUT', `/api/admin/calendar/overrides/${day}`, {
      kind: 'holiday',
      name: '台风停工',
    });
    const moved = (await runtime.caseStore.get(item.caseId))!;
    const removed = await admin('DELETE', `/api/admin/calendar/overrides/${day}`);
    const back = (await runtime.caseStore.get(item.caseId))!;

    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { recomputed: number }).recomputed).toBeGreaterThanOrEqual(1);
    expect(Date.parse(moved.deadlines.replyBy!.at)).toBeGreaterThan(Date.parse(replyBy.at));
    expect(moved.deadlines.replyBy!.basis).toEqual(replyBy.basis);
    expect(removed.status).toBe(204);
    expect(back.deadlines.replyBy).toEqual(replyBy);
    expect((await runtime.caseStore.timeline(item.caseId)).map((event) => event.type)).toEqual(
      expect.arrayContaining(['deadlinesRecomputed']),
    );
  });
});

describe('a chinese-days upgrade is noticed once', () => {
  it('records the shipped years, recomputes when they change, and does nothing the second time', async () => {
    const calendarStore = new DynamoCalendarStore({
      client: runtime.clients.document,
      tableName: runtime.tables.main,
    });
    const catalogStore = new DynamoCatalogStore({
      client: runtime.clients.document,
      tableName: runtime.tables.main,
    });
    const deps = {
      store: runtime.caseStore,
      calendarStore,
      policies: () => defaultPolicies,
      catalog: () => catalogStore.load(),
    };
    const now = new Date();
    const shipped = chineseDaysYears();
    const upgraded = [...shipped, shipped.at(-1)! + 1];

    const first = await recomputeForCalendarData(deps, now, shipped);
    const again = await recomputeForCalendarData(deps, now, shipped);
    const afterUpgrade = await recomputeForCalendarData(deps, now, upgraded);
    const settled = await recomputeForCalendarData(deps, now, upgraded);

    expect([first, again, afterUpgrade, settled]).toEqual([
      'recomputed',
      'unchanged',
      'recomputed',
      'unchanged',
    ]);
    expect((await calendarStore.load()).dataYears).toEqual(upgraded);
  });
});
