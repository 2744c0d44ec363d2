import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { clearOfShanghaiMonthEdge, MONTH_FILE_BUDGET_MS } from '../support/window-edge.ts';

/**
 * The studio's figures (接待党员群众, 收集意见建议, 办结事项) from a history built through the API: group
 * visits answered on the spot, a visit that became a case which is later closed, and a letter the studio
 * registered. Each figure is checked by month and since the start (docs/metrics.md, "Studio figures").
 */

let runtime: TestRuntime;
// The file names this month once; it must not run across a month's end (see window-edge.ts).
await clearOfShanghaiMonthEdge(MONTH_FILE_BUDGET_MS);
const currentMonth = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

async function as(username: string) {
  const headers = { authorization: `Bearer ${await runtime.tokenFor(username)}` };
  return {
    get: async (path: string) => runtime.request(path, { headers }),
    post: async (path: string, body: unknown) => {
      const response = await runtime.postJson(path, body, headers);
      expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
      return (await response.json()) as Record<string, unknown>;
    },
  };
}

async function firstReceptionDay(month: string): Promise<string> {
  const liaison = await as('liaison-studio-chengguan');
  const generated = (await liaison.post('/api/staff/reception-days/generate', {
    studioId: 'studio-chengguan',
    month,
    publish: true,
  })) as { days: { date: string }[] };
  return generated.days[0]!.date;
}

const answered = (groupSize: number, suggestions: number) => ({
  visitor: { name: '群众代表' },
  groupSize,
  suggestions,
  representativeIds: ['rep-cg-01', 'rep-cg-02'],
  summary: '反映村里路灯不亮、垃圾清运不及时等问题。',
  outcome: 'answered',
  answer: '已当场答复处理意见并告知办理渠道。',
});

describe('the studio’s figures', () => {
  it('counts people received, suggestions collected and items closed by month and since the start', async () => {
    const liaison = await as('liaison-studio-chengguan');
    const october = await firstReceptionDay('2026-10');
    const november = await firstReceptionDay('2026-11');
    const visits = (date: string) => `/api/staff/reception-days/studio-chengguan/${date}/visits`;

    // October: a delegation of 40 with three suggestions, and two residents with one, all answered on the spot.
    await liaison.post(visits(october), answered(40, 3));
    await liaison.post(visits(october), answered(2, 1));
    // November: five villagers whose request becomes a case (routed to the transport bureau).
    const group = (await liaison.post(visits(november), {
      visitor: { name: '钱大伯', phone: '13600004444' },
      groupSize: 5,
      representativeIds: ['rep-cg-03'],
      summary: '村口公交站台被撞坏，候车群众没有遮挡，希望尽快修复。',
      outcome: 'case',
      case: { title: '村口公交站台损坏', categoryCode: 'transport' },
    })) as { case: { caseId: string } };
    // This month: a letter the studio registers (one suggestion, not a visit).
    await liaison.post('/api/staff/cases', {
      ...petitionBody({ categoryCode: 'environment', title: '河道垃圾' }),
      channel: 'letter',
    });

    // The transport bureau handles the visit's case to the end this month: one item closed.
    const handler = await as('handler-dept-transport');
    const caseId = group.case.caseId;
    let version = await eventually(async () => {
      const view = (await (await handler.get(`/api/staff/cases/${caseId}`)).json()) as {
        status: string;
        version: number;
      };
      return view.status === 'assigned' ? view.version : undefined;
    }, 10_000);
    for (const [action, body] of [
      ['acknowledge', {}],
      ['reply', { text: '已联系公交公司，站台三日内修复。' }],
      ['close', {}],
    ] as const) {
      await handler.post(`/api/staff/cases/${caseId}/${action}`, { expectedVersion: version, ...body });
      version++;
    }

    const response = await liaison.get('/api/staff/studio-report?studioId=studio-chengguan');
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      studio: { name: string };
      months: { month: string; peopleReceived: number; suggestionsCollected: number; itemsClosed: number }[];
      sinceStart: { from: string; peopleReceived: number; suggestionsCollected: number; itemsClosed: number };
    };
    const month = (name: string) => report.months.find((entry) => entry.month === name);
    expect(report.studio.name).toBe('城关镇党代表工作室');
    expect(month('2026-10')).toEqual({
      month: '2026-10',
      peopleReceived: 42,
      suggestionsCollected: 4,
      itemsClosed: 4,
    });
    expect(month('2026-11')).toEqual({
      month: '2026-11',
      peopleReceived: 5,
      suggestionsCollected: 1,
      itemsClosed: 0,
    });
    expect(month(currentMonth)).toEqual({
      month: currentMonth,
      peopleReceived: 0,
      suggestionsCollected: 1,
      itemsClosed: 1,
    });
    expect(report.sinceStart).toEqual({
      from: '2026-10',
      peopleReceived: 47,
      suggestionsCollected: 6,
      itemsClosed: 5,
    });

    // Another studio's liaison officer may not read it.
    expect(
      (await (await as('liaison-studio-xikou')).get('/api/staff/studio-report?studioId=studio-chengguan'))
        .status,
    ).toBe(403);
  });
});
