import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/functions.ts';
import type { HttpResult } from '../../shared/http/types.ts';
import { petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { clearOfWindowEdge, WINDOW_EDGE_WAIT_MS } from '../support/window-edge.ts';

/**
 * Per-IP rate limits on public routes (shared/http/rate-limit.ts): low limits for this file only; every other
 * test process runs with the generous defaults or with limits off.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  // Day-long windows: a window boundary in the middle of a test (windows are aligned to the epoch) would
  // reset a counter and make the test flaky.
  process.env.RATE_LIMITS = 'read=5/86400,submit=3/86400,upload=4/86400,verify=2/86400,verifyPhone=3/86400';
  // The counts carry from one test to the next, so the whole file has to fit in one day's window.
  await clearOfWindowEdge(86_400, WINDOW_EDGE_WAIT_MS);
  runtime = await startTestRuntime();
}, WINDOW_EDGE_WAIT_MS + 120_000);

afterAll(async () => {
  delete process.env.RATE_LIMITS;
  await runtime?.stop();
});

const caseCount = async () => (await runtime.scanAll()).filter((item) => item.entity === 'case').length;

describe('a per-IP limit per route class', () => {
  it('answers the request after the limit with 429 problem+json and Retry-After', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) statuses.push((await runtime.request('/api/catalog')).status);

    const refused = await runtime.request('/api/health');
    const english = await runtime.request('/api/catalog', { headers: { 'accept-language': 'en' } });

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    const problem = (await refused.json()) as { type: string; status: number; title: string };
    expect(problem).toMatchObject({ type: 'urn:huiyin:problem:too-many-requests', status: 429 });
    expect(problem.title).toContain('操作过于频繁');
    expect(((await english.json()) as { title: string }).title).toMatch(/^Too many requests/);
  });

  it('does not believe X-Forwarded-For: the address is the connection’s', async () => {
    const response = await runtime.request('/api/catalog', {
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });

    expect(response.status).toBe(429);
  });

  it('counts classes apart: reads used up, petitions still go through until their own limit', async () => {
    const before = await caseCount();
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++)
      statuses.push((await runtime.postJson('/api/petitions', petitionBody())).status);

    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(await caseCount()).toBe(before + 3);
  });

  it('keeps counters without the address, and lets TTL remove them', async () => {
    const { Items = [] } = await runtime.clients.document.send(
      new ScanCommand({ TableName: runtime.tables.idempotency }),
    );
    const counters = Items.filter((item) => String(item.id).startsWith('rate#'));

    expect(counters.length).toBeGreaterThanOrEqual(2);
    for (const counter of counters) {
      expect(JSON.stringify(counter)).not.toContain('127.0.0.1');
      expect(counter.expiresAt).toBeGreaterThan(Date.now() / 1000);
      expect(counter.expiresAt).toBeLessThan(Date.now() / 1000 + 86_400 + 61);
    }
  });
});

describe('SMS codes', () => {
  const fromAddress = (ip: string, phone: string) =>
    invoke<HttpResult>('apiCreatePhoneVerification', {
      version: '2.0',
      routeKey: 'POST /api/phone-verifications',
      rawPath: '/api/phone-verifications',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      requestContext: {
        http: {
          method: 'POST',
          path: '/api/phone-verifications',
          protocol: 'HTTP/1.1',
          sourceIp: ip,
          userAgent: '',
        },
        requestId: `rate-${ip}`,
        routeKey: 'POST /api/phone-verifications',
        stage: '$default',
      },
      body: JSON.stringify({ phone }),
      isBase64Encoded: false,
    });

  it('are limited per address', async () => {
    const statuses = [];
    for (const phone of ['13900000001', '13900000002', '13900000003'])
      statuses.push((await fromAddress('203.0.113.10', phone)).statusCode);

    expect(statuses).toEqual([201, 201, 429]);
  });

  it('are limited per phone number, whatever the address', async () => {
    const statuses = [];
    for (const ip of ['203.0.113.21', '203.0.113.22', '203.0.113.23', '203.0.113.24'])
      statuses.push((await fromAddress(ip, '13900000009')).statusCode);

    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});
