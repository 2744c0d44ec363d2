import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterIdOf } from '../../shared/domain/help-mailbox/model.ts';
import { writerHeaders, writerTraces } from '../support/anonymous-writer.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { createStaffAccount } from '../support/staff-accounts.ts';
import { clearOfShanghaiMonthEdge, MONTH_FILE_BUDGET_MS } from '../support/window-edge.ts';

/**
 * The confidential help mailbox (心理帮助信箱): a cadre writes without name or phone, reads the reply with
 * code + passphrase; only the organisation department's designated officer opens letters; every other staff
 * role, including the department's other handlers, gets nothing, and no list, search, export, ledger, notice
 * or report of anyone carries a trace of the letter. What is stored links it to nobody.
 */

let runtime: TestRuntime;
const marker = `压力信箱测试${randomUUID().slice(0, 8)}`;
const content = `${marker}：最近连续加班，压力很大，晚上睡不着，想找人聊聊。`;
const passphrase = 'qingxi-tea-garden-42';
// The file names this month once; it must not run across a month's end (see window-edge.ts).
await clearOfShanghaiMonthEdge(MONTH_FILE_BUDGET_MS);
const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
let code: string;
let letterId: string;
const tokens: Record<string, string> = {};

const logins = {
  designated: 'handler-dept-organisation',
  colleague: 'org-colleague',
  handler: 'handler-dept-transport',
  liaison: 'liaison-studio-xikou',
  supervisor: 'supervisor',
  admin: 'admin',
} as const;
type Who = keyof typeof logins;

async function call(who: Who, method: string, path: string, body?: unknown): Promise<Response> {
  return runtime.request(path, {
    method,
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const read = (body: unknown) => runtime.postJson('/api/help-mailbox/read', body);

beforeAll(async () => {
  runtime = await startTestRuntime();
  // A second handler of the organisation department, not designated for the mailbox.
  const created = await createStaffAccount(runtime, {
    username: logins.colleague,
    displayName: '组织部干部',
    role: 'handler',
    unitId: 'dept-organisation',
  });
  expect(created.user.username).toBe(logins.colleague);
  for (const [who, username] of Object.entries(logins)) tokens[who] = await runtime.tokenFor(username);

  const key = randomUUID();
  const response = await runtime.postJson(
    '/api/help-mailbox/letters',
    { subject: '工作压力', content, passphrase },
    { 'idempotency-key': key, ...writerHeaders },
  );
  expect(response.status).toBe(201);
  const written = (await response.json()) as { code: string; receivedOn: string; replyBy: string };
  code = written.code;
  letterId = letterIdOf(code);
  expect(written.code).toMatch(/^XL(-[2-9A-HJ-NP-Z]{4}){4}$/);
  expect(written.receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // The same request again (a lost answer): the same letter, not a second one.
  const again = await runtime.postJson(
    '/api/help-mailbox/letters',
    { subject: '工作压力', content, passphrase },
    { 'idempotency-key': key },
  );
  expect(again.status).toBe(200);
  expect(((await again.json()) as { code: string }).code).toBe(code);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('writing and reading back', () => {
  it('needs no name or phone, and refuses a short passphrase or unknown fields', async () => {
    const withName = await runtime.postJson('/api/help-mailbox/letters', {
      content,
      passphrase,
      name: '张三',
    });
    expect(withName.status).toBe(400);
    const short = await runtime.postJson('/api/help-mailbox/letters', { content, passphrase: 'abc' });
    expect(short.status).toBe(400);
    const problem = (await short.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toContain('passphrase');
  });

  it('answers a wrong passphrase and an unknown code exactly alike', async () => {
    const wrong = await read({ code, passphrase: 'not-the-passphrase' });
    const unknown = await read({ code: 'XL-2222-3333-4444-5555', passphrase });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const problem = async (response: Response) => {
      const { instance: _requestId, ...rest } = (await response.json()) as Record<string, unknown>;
      return rest;
    };
    expect(await problem(wrong)).toEqual(await problem(unknown));
  });

  it('reads the letter with code + passphrase, typed loosely', async () => {
    const response = await read({ code: code.toLowerCase().replaceAll('-', ' '), passphrase });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ content, status: 'received', subject: '工作压力' });
  });

  it('locks a code for reading after five failures, known or not, even with the right passphrase', async () => {
    const other = (await (
      await runtime.postJson('/api/help-mailbox/letters', { content: `${content}（二）`, passphrase })
    ).json()) as { code: string };
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await read({ code: other.code, passphrase: `guess-${attempt}-xx` })).status).toBe(404);
    expect((await read({ code: other.code, passphrase })).status).toBe(429);
    const unknown = 'XL-9999-8888-7777-6666';
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await read({ code: unknown, passphrase: `guess-${attempt}-xx` })).status).toBe(404);
    expect((await read({ code: unknown, passphrase })).status).toBe(429);
  });
});

describe('only the designated officer opens letters', () => {
  it('lets the designated officer list, open (audited) and reply; the writer reads the reply', async () => {
    const list = (await (await call('designated', 'GET', '/api/staff/help-mailbox/letters')).json()) as {
      items: { letterId: string; status: string }[];
    };
    expect(list.items.find((item) => item.letterId === letterId)).toMatchObject({ status: 'received' });
    const opened = await call('designated', 'GET', `/api/staff/help-mailbox/letters/${letterId}`);
    expect(opened.status).toBe(200);
    const letter = (await opened.json()) as Record<string, unknown> & { reads: { actorId: string }[] };
    expect(letter.content).toBe(content);
    expect(letter).not.toHaveProperty('passphraseHash');
    expect(letter.reads.map((entry) => entry.actorId)).toContain('handler-dept-organisation');

    const replied = await call('designated', 'POST', `/api/staff/help-mailbox/letters/${letterId}/reply`, {
      text: '感谢来信。组织部已安排心理咨询师与您联系，也可拨打心理援助热线。',
    });
    expect(replied.status).toBe(200);
    const twice = await call('designated', 'POST', `/api/staff/help-mailbox/letters/${letterId}/reply`, {
      text: '再次回复的内容。',
    });
    expect(twice.status).toBe(409);
    const back = (await (await read({ code, passphrase })).json()) as {
      status: string;
      reply: { text: string };
    };
    expect(back.status).toBe('replied');
    expect(back.reply.text).toContain('心理咨询师');
    expect(JSON.stringify(back)).not.toContain('handler-dept-organisation');
  });

  it.each(['colleague', 'handler', 'liaison', 'supervisor', 'admin'] as const)(
    'refuses the letters to %s',
    async (who) => {
      expect((await call(who, 'GET', '/api/staff/help-mailbox/letters')).status).toBe(403);
      expect((await call(who, 'GET', `/api/staff/help-mailbox/letters/${letterId}`)).status).toBe(403);
      expect(
        (
          await call(who, 'POST', `/api/staff/help-mailbox/letters/${letterId}/reply`, {
            text: '越权回复内容',
          })
        ).status,
      ).toBe(403);
    },
  );

  it('gives the county’s supervisors counts only', async () => {
    const response = await call('supervisor', 'GET', `/api/staff/help-mailbox/counts?month=${month}`);
    expect(response.status).toBe(200);
    const counts = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(counts).sort()).toEqual(['month', 'open', 'overdue', 'received', 'replied']);
    expect(counts.received).toBe(2);
    expect(counts.replied).toBe(1);
    for (const who of ['colleague', 'handler', 'liaison', 'admin'] as const)
      expect((await call(who, 'GET', `/api/staff/help-mailbox/counts?month=${month}`)).status).toBe(403);
  });
});

describe('no trace anywhere else', () => {
  const views = [
    ...['registered', 'triage', 'assigned', 'acknowledged', 'replied', 'closed', 'archived'].map(
      (status) => `/api/staff/cases?status=${status}`,
    ),
    `/api/staff/cases?status=assigned&q=${encodeURIComponent(marker)}`,
    '/api/staff/cases?status=assigned&unitId=dept-organisation',
    '/api/staff/cases/export?status=assigned',
    '/api/staff/cases/export?status=assigned&unitId=dept-organisation&format=csv',
    '/api/staff/notices',
    `/api/staff/reports/monthly?month=${month}`,
    `/api/staff/ledger?studioId=studio-xikou&month=${month}&format=json`,
    '/api/staff/studio-report?studioId=studio-xikou',
  ];

  it.each(Object.keys(logins) as Who[])(
    'shows %s no letter in any list, search, export, ledger, notice or report',
    async (who) => {
      for (const path of [...views, `/api/staff/cases?status=assigned&q=${encodeURIComponent(code)}`]) {
        const response = await call(who, 'GET', path);
        const text = await response.text();
        expect(text, `${who} ${path}`).not.toContain(marker);
        expect(text, `${who} ${path}`).not.toContain(code);
        expect(text, `${who} ${path}`).not.toContain(letterId);
      }
    },
  );

  it('sends nobody a word about it: no SMS, e-mail or notice names the letter or its writer', async () => {
    const response = await fetch(`${runtime.url}/_local/outbox.json`);
    expect(response.status).toBe(200);
    const outbox = await response.text();
    expect(Array.isArray(JSON.parse(outbox))).toBe(true);
    for (const trace of [marker, code, letterId, ...writerTraces]) expect(outbox).not.toContain(trace);
  });

  it('stores nothing that links the letter to a person or a connection', async () => {
    const scan = async (table: string) =>
      (await runtime.clients.document.send(new ScanCommand({ TableName: table }))).Items ?? [];
    const main = await scan(runtime.tables.main);
    const counters = await scan(runtime.tables.idempotency);
    const similar = await scan(runtime.tables.similar);
    const letter = main.find((item) => item.letterId === letterId)!;
    expect(Object.keys(letter).sort()).toEqual(
      [
        'PK',
        'SK',
        'content',
        'entity',
        'letterId',
        'passphraseHash',
        'receivedOn',
        'replyBy',
        'reply',
        'status',
        'subject',
      ].sort(),
    );
    // No time of day with the letter (the reply's day only), no address, no client, no code.
    const stored = JSON.stringify(letter);
    expect(stored).not.toMatch(/T\d{2}:\d{2}/);
    expect(stored).not.toMatch(/127\.0\.0\.1|::1|Mozilla|node|undici/i);
    expect(String(letter.passphraseHash)).toMatch(/^scrypt\$/);
    for (const item of [...main, ...counters, ...similar]) {
      expect(JSON.stringify(item)).not.toContain(code);
      // Nor who sent it: the user agent and forwarded addresses the letter came with, in any item at all.
      for (const trace of writerTraces) expect(JSON.stringify(item)).not.toContain(trace);
    }
    // The only counters that name the letter are its failed-read counters; the address counters name no letter.
    const naming = counters.filter((item) => JSON.stringify(item).includes(letterId));
    expect(naming.every((item) => String(item.id).startsWith('helpread#'))).toBe(true);
    expect(counters.some((item) => String(item.id).startsWith('rate#helpLetters#'))).toBe(true);
  });
});
