import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

async function storedCaseCount(): Promise<number> {
  return (await runtime.scanAll()).filter((item) => item.entity === 'case').length;
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as {
    type: string;
    title: string;
    status: number;
    errors?: { field: string }[];
  };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^urn:huiyin:problem:/);
  expect(body.title.length).toBeGreaterThan(0);
  return body;
}

describe('bad petitions are refused with problem+json and store nothing', () => {
  it.each([
    ['malformed JSON', '{"title": "x",', 400, ''],
    ['a missing field', { ...petitionBody(), title: undefined }, 400, 'title'],
    ['an unknown category', petitionBody({ categoryCode: 'flying-saucers' }), 400, 'categoryCode'],
    ['an unknown town', petitionBody({ jurisdictionCode: 'atlantis' }), 400, 'jurisdictionCode'],
    ['an invalid phone number', petitionBody({ petitioner: { phone: '12345' } }), 400, 'petitioner.phone'],
    ['control characters in the title', petitionBody({ title: 'bad\u0007title' }), 400, 'title'],
    ['an unexpected field', { ...petitionBody(), isAdmin: true }, 400, ''],
    ['a filled honeypot', petitionBody({ website: 'http://spam.example' }), 400, 'website'],
  ])('%s', async (_name, body, status, field) => {
    const before = await storedCaseCount();

    const response = await runtime.postJson('/api/petitions', body);

    const problem = await expectProblem(response, status);
    if (field) expect(problem.errors?.map((error) => error.field)).toContain(field);
    expect(await storedCaseCount()).toBe(before);
  });

  it('a 2 MB body', async () => {
    const before = await storedCaseCount();

    const response = await runtime.postJson(
      '/api/petitions',
      petitionBody({ content: '长'.repeat(700_000) }),
    );

    await expectProblem(response, 413);
    expect(await storedCaseCount()).toBe(before);
  });

  it('a body that is not JSON at all', async () => {
    const response = await runtime.request('/api/petitions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });

    await expectProblem(response, 415);
  });

  it('answers in English when the client asks for it', async () => {
    const response = await runtime.postJson('/api/petitions', '{', { 'accept-language': 'en-US,en;q=0.9' });

    expect(((await response.json()) as { title: string }).title).toBe('Body is not valid JSON');
  });
});

describe('the gateway behaves like API Gateway', () => {
  // API Gateway's own answers, not ours: HTTP APIs have no 405 and cannot customise these bodies.
  it('answers 404 {"message":"Not Found"} for an unknown API route', async () => {
    const response = await runtime.request('/api/nothing-here');

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('answers a known path with the wrong method 404 too (no route matches)', async () => {
    const response = await runtime.request('/api/health', { method: 'DELETE' });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });
});

describe('idempotency', () => {
  it('returns the same case for a replay with the same Idempotency-Key', async () => {
    const body = petitionBody();
    const first = await runtime.postJson('/api/petitions', body, { 'idempotency-key': 'key-replay-0001' });
    const second = await runtime.postJson('/api/petitions', body, { 'idempotency-key': 'key-replay-0001' });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    // The replay returns the existing case as it stands: routing may have assigned it in between.
    const { status: firstStatus, ...original } = (await first.json()) as { status: string };
    const { status: replayStatus, ...replayed } = (await second.json()) as { status: string };
    expect(replayed).toEqual(original);
    expect(firstStatus).toBe('registered');
    expect(['registered', 'assigned']).toContain(replayStatus);
  });

  it('creates exactly one case when the same key arrives ten times in parallel', async () => {
    const body = petitionBody();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        runtime.postJson('/api/petitions', body, { 'idempotency-key': 'key-parallel-0001' }),
      ),
    );
    const caseIds = new Set(
      await Promise.all(
        responses.map(async (response) => ((await response.json()) as { caseId: string }).caseId),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    expect(caseIds.size).toBe(1);
    const stored = (await runtime.scanAll()).filter(
      (item) => item.entity === 'case' && item.title === body.title,
    );
    expect(stored).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    await runtime.postJson('/api/petitions', petitionBody(), { 'idempotency-key': 'key-conflict-001' });

    const response = await runtime.postJson('/api/petitions', petitionBody(), {
      'idempotency-key': 'key-conflict-001',
    });

    await expectProblem(response, 422);
  });

  it('treats a double click without a key as one submission', async () => {
    const body = petitionBody();
    const [first, second] = await Promise.all([
      runtime.postJson('/api/petitions', body),
      runtime.postJson('/api/petitions', body),
    ]);

    expect(((await first!.json()) as { caseId: string }).caseId).toBe(
      ((await second!.json()) as { caseId: string }).caseId,
    );
  });

  it.each([
    ['another name', { petitioner: { name: '李四', phone: '13812345678' } }],
    ['another town', { jurisdictionCode: 'xikou' }],
    ['another category', { categoryCode: 'construction' }],
    ['another person altogether', { petitioner: { name: '王五', phone: '13900001111' } }],
  ])(
    'registers the same text from %s as a case of its own, linked as a possible duplicate',
    async (_name, change) => {
      const body = petitionBody();
      const first = (await (await runtime.postJson('/api/petitions', body)).json()) as {
        caseId: string;
        trackingCode: string;
      };

      const response = await runtime.postJson('/api/petitions', { ...body, ...change });

      expect(response.status).toBe(201);
      expect(response.headers.get('idempotent-replayed')).toBeNull();
      const second = (await response.json()) as { caseId: string; trackingCode: string };
      expect(second.caseId).not.toBe(first.caseId);
      expect(second.trackingCode).not.toBe(first.trackingCode);
      const stored = await runtime.caseStore.get(second.caseId);
      expect(stored?.possibleDuplicateOf).toBe(first.caseId);
      expect((await runtime.caseStore.timeline(second.caseId))[0]?.data.possibleDuplicateOf).toBe(
        first.caseId,
      );
      // The first case is untouched.
      expect((await runtime.caseStore.get(first.caseId))?.version).toBeGreaterThanOrEqual(1);
      expect((await runtime.caseStore.get(first.caseId))?.possibleDuplicateOf).toBeUndefined();
    },
  );
});
