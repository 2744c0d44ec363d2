import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitListItem } from '../../shared/domain/reception/visit.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Walk-in visits on a reception day (answered on the spot, or turned into a case that is routed like any
 * other) and the studio's service record book as CSV.
 */

let runtime: TestRuntime;
const day = '2026-12-10';
const visitsPath = `/api/staff/reception-days/studio-xikou/${day}/visits`;

beforeAll(async () => {
  runtime = await startTestRuntime();
  const liaison = await as('liaison-studio-xikou');
  const generated = await liaison.post('/api/staff/reception-days/generate', {
    studioId: 'studio-xikou',
    month: '2026-12',
    publish: true,
  });
  expect(generated.status).toBe(200);
});

afterAll(async () => {
  await runtime?.stop();
});

async function as(username: string) {
  const headers = { authorization: `Bearer ${await runtime.tokenFor(username)}` };
  return {
    get: (path: string) => runtime.request(path, { headers }),
    post: (path: string, body: unknown, extra: Record<string, string> = {}) =>
      runtime.postJson(path, body, { ...headers, ...extra }),
  };
}

const answered = {
  visitor: { name: '王大妈', phone: '13700001111' },
  representativeIds: ['rep-xk-02'],
  summary: '咨询城乡居民医保缴费时间和标准。',
  outcome: 'answered',
  answer: '已告知每年 9 月至 12 月在村委会或手机上缴费，标准按县医保局公告执行。',
};

const groupCase = {
  visitor: { name: '赵六', phone: '13600002222' },
  groupSize: 6,
  representativeIds: ['rep-xk-01', 'rep-xk-02', 'rep-xk-03'],
  summary: '溪口村六户村民反映茶园灌溉水渠淤塞，今年灌溉用水不足，希望协调清淤。',
  outcome: 'case',
  case: { title: '茶园灌溉水渠淤塞', categoryCode: 'agriculture' },
};

describe('registering visits on a reception day', () => {
  it('records a visit answered on the spot, with the visitor masked in the list', async () => {
    const liaison = await as('liaison-studio-xikou');
    const response = await liaison.post(visitsPath, answered);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { visit: VisitListItem; case?: unknown };
    expect(body.case).toBeUndefined();
    expect(body.visit).toMatchObject({
      outcome: 'answered',
      visitor: { name: '王**', phone: '137****1111', masked: true },
      representatives: [{ representativeId: 'rep-xk-02', name: '孙桂芳' }],
    });
  });

  it('turns a group visit into one case (Idempotency-Key) that is linked and routed like any other', async () => {
    const liaison = await as('liaison-studio-xikou');
    const key = { 'idempotency-key': 'visit-2026-12-10-zhao' };
    const [first, second] = [
      await liaison.post(visitsPath, groupCase, key),
      await liaison.post(visitsPath, groupCase, key),
    ];
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const created = (await first.json()) as {
      visit: VisitListItem;
      case: { caseId: string; trackingCode: string };
    };
    const replayed = (await second.json()) as typeof created;
    expect(replayed.case).toEqual(created.case);
    expect(created.visit).toMatchObject({ caseId: created.case.caseId, groupSize: 6 });
    expect(created.visit.representatives).toHaveLength(3);

    // Routed by the "visit" channel rule: agriculture keywords at a reception day go to the service team.
    const tracked = await eventually(async () => {
      const view = (await (
        await runtime.request(`/api/petitions/${created.case.trackingCode}?phone=2222`)
      ).json()) as { status: string; unit?: { id: string } };
      return view.status === 'assigned' ? view : undefined;
    });
    expect(tracked.unit?.id).toBe('team-agriculture');
    const staffView = (await (await liaison.get(`/api/staff/cases/${created.case.caseId}`)).json()) as {
      channel: string;
      studioId: string;
    };
    expect(staffView).toMatchObject({ channel: 'visit', studioId: 'studio-xikou' });

    // The list reads an index (eventually consistent, on AWS too): wait for both visits to show.
    const listed = await eventually(async () => {
      const page = (await (await liaison.get(visitsPath)).json()) as { items: VisitListItem[] };
      return page.items.length >= 2 ? page : undefined;
    });
    expect(listed.items).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toMatch(/13600002222|13700001111|赵六|王大妈/);
  });

  it('refuses a visit that would become a case without a phone, more than five representatives, or a day that is not a reception day', async () => {
    const liaison = await as('liaison-studio-xikou');
    const noPhone = await liaison.post(visitsPath, { ...groupCase, visitor: { name: '钱七' } });
    expect(noPhone.status).toBe(400);
    const tooMany = await liaison.post(visitsPath, {
      ...answered,
      representativeIds: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'],
    });
    expect(tooMany.status).toBe(400);
    const notReceptionDay = await liaison.post(
      '/api/staff/reception-days/studio-xikou/2026-12-11/visits',
      answered,
    );
    expect(notReceptionDay.status).toBe(404);
    const otherStudio = await (await as('liaison-studio-chengguan')).post(visitsPath, answered);
    expect(otherStudio.status).toBe(403);
  });
});

describe('the service record book (服务群众记录簿)', () => {
  it('is a CSV for Excel with the columns of a real record book, people masked', async () => {
    const liaison = await as('liaison-studio-xikou');
    const response = await liaison.get('/api/staff/ledger?studioId=studio-xikou&month=2026-12');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('ledger-studio-xikou-2026-12.csv');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '序号,日期,方式,来访人,联系方式,人数,接待代表,反映问题,问题分类,办理方式,承办单位,答复内容与日期,反馈（满意度）,归档日期,备注',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(
      '2026-12-10,接待日来访,王**,137****1111,1,孙桂芳,咨询城乡居民医保缴费时间和标准。',
    );
    expect(lines[1]).toContain(',当场答复,溪口镇党代表工作室,已告知每年 9 月至 12 月');
    expect(lines[2]).toContain('接待日来访（集体访）,赵*,136****2222,6,郑海涛、孙桂芳、黄永明');
    expect(lines[2]).toMatch(/农业农村,交办特色农业服务团队办理；待签收,特色农业服务团队,/);
    expect(lines[2]).toMatch(/跟踪码HY-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(bytes.toString('utf8')).not.toMatch(/13600002222|13700001111/);
  });

  it('writes the real handling in staff words as the case moves on, with the reply and its date', async () => {
    const liaison = await as('liaison-studio-xikou');
    const team = await as('handler-team-agriculture');
    const ledgerJson = async () =>
      (await (
        await liaison.get('/api/staff/ledger?studioId=studio-xikou&month=2026-12&format=json')
      ).json()) as { studio: { name: string }; rows: Record<string, string>[] };
    const groupRow = (await ledgerJson()).rows.find((row) => row.groupSize === '6')!;
    const caseId = (
      (await (await liaison.get(visitsPath)).json()) as { items: { caseId?: string }[] }
    ).items.find((visit) => visit.caseId)!.caseId!;
    let version = ((await (await team.get(`/api/staff/cases/${caseId}`)).json()) as { version: number })
      .version;
    for (const [action, body] of [
      ['acknowledge', {}],
      ['reply', { text: '已协调村委会组织清淤，水渠本周内恢复通水。' }],
    ] as const) {
      const done = await team.post(`/api/staff/cases/${caseId}/${action}`, {
        expectedVersion: version,
        ...body,
      });
      expect(done.status).toBe(200);
      version++;
    }
    const after = (await ledgerJson()).rows.find((row) => row.number === groupRow.number)!;
    expect(groupRow.handling).toBe('交办特色农业服务团队办理；待签收');
    expect(after.handling).toBe('交办特色农业服务团队办理；已答复，待办结');
    expect(after.reply).toMatch(/^已协调村委会组织清淤，水渠本周内恢复通水。（\d{4}-\d{2}-\d{2}）$/);
    expect(after.unit).toBe('特色农业服务团队');
  });

  it('exports the same book as XLSX and as JSON for the print view', async () => {
    const liaison = await as('liaison-studio-xikou');
    const xlsx = await liaison.get('/api/staff/ledger?studioId=studio-xikou&month=2026-12&format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    const strings = new TextDecoder().decode(workbook['xl/sharedStrings.xml']);
    expect(strings).toContain('溪口镇党代表工作室服务群众记录簿（2026年12月）');
    expect(strings).toContain('答复内容与日期');
    expect(strings).not.toMatch(/13600002222|13700001111/);
    const json = (await (
      await liaison.get('/api/staff/ledger?studioId=studio-xikou&month=2026-12&format=json')
    ).json()) as { studio: { name: string }; month: string; columns: { header: string }[]; rows: unknown[] };
    expect(json).toMatchObject({ studio: { name: '溪口镇党代表工作室' }, month: '2026-12' });
    expect(json.columns).toHaveLength(15);
    expect(json.rows).toHaveLength(2);
  });

  it('is for the studio’s liaison officers and supervisors only', async () => {
    const path = '/api/staff/ledger?studioId=studio-xikou&month=2026-12';
    expect((await (await as('supervisor')).get(path)).status).toBe(200);
    expect((await (await as('liaison-studio-chengguan')).get(path)).status).toBe(403);
    expect((await (await as('handler-dept-transport')).get(path)).status).toBe(403);
    expect((await (await as('admin')).get(path)).status).toBe(403);
    expect(
      (await (await as('supervisor')).get('/api/staff/ledger?studioId=studio-xikou&month=2026-13')).status,
    ).toBe(400);
  });
});
