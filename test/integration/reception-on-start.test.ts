import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../shared/adapters/dynamo/dynamo-catalog-store.ts';
import { DynamoReceptionStore } from '../../shared/adapters/dynamo/dynamo-reception-store.ts';
import { createWorkCalendar } from '../../shared/domain/calendar/index.ts';
import { nextMonth } from '../../shared/domain/reception/generate.ts';
import { publishUpcomingReceptionDays } from '../../shared/use-cases/reception.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { clearOfShanghaiMonthEdge, MONTH_FILE_BUDGET_MS } from '../support/window-edge.ts';

/**
 * A fresh start publishes (公示) the current and the next month's reception days of every studio, so the
 * public calendar is never empty after `npm start`; doing it again writes nothing.
 */

let runtime: TestRuntime;

// The file names this month; it must not run across a month's end (see window-edge.ts).
await clearOfShanghaiMonthEdge(MONTH_FILE_BUDGET_MS);

beforeAll(async () => {
  runtime = await startTestRuntime({ publishReceptionDays: true });
});

afterAll(async () => {
  await runtime?.stop();
});

const shanghaiMonth = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

describe('reception days after a fresh start', () => {
  it('shows this month’s and next month’s days of both studios, each studio with its own rule', async () => {
    const month = shanghaiMonth(new Date());
    const following = nextMonth(month);
    const response = await runtime.request(`/api/reception-days?from=${month}-01&to=${following}-28`);
    expect(response.status).toBe(200);
    const calendar = (await response.json()) as {
      studios: { studioId: string; rule: { zh: string } }[];
      days: { studioId: string; date: string; representatives: unknown[] }[];
    };
    for (const studioId of ['studio-chengguan', 'studio-xikou']) {
      const months = new Set(
        calendar.days.filter((day) => day.studioId === studioId).map((day) => day.date.slice(0, 7)),
      );
      expect(months).toEqual(new Set([month, following]));
    }
    expect(calendar.days.every((day) => day.representatives.length === 2)).toBe(true);
    expect(calendar.studios.find((studio) => studio.studioId === 'studio-xikou')!.rule.zh).toBe(
      '每月10日、20日接待（08:30-11:30），逢周末或节假日顺延至下一个工作日',
    );
  });

  it('is idempotent: running it again generates and publishes nothing', async () => {
    const { document } = runtime.clients;
    const catalogStore = new DynamoCatalogStore({ client: document, tableName: runtime.tables.main });
    const again = await publishUpcomingReceptionDays(
      {
        store: new DynamoReceptionStore({ client: document, tableName: runtime.tables.main }),
        catalog: () => catalogStore.load(),
        calendar: async () => createWorkCalendar({ overrides: [] }),
      },
      new Date(),
    );
    expect(again).toMatchObject({ generated: 0, published: 0 });
  });
});
