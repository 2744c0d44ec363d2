import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearFault, injectFault } from '../../infra/local/functions.ts';
import { requestFrom } from '../support/from-address.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * The local gateway as CloudFront + API Gateway in a stage behind CloudFront: the edge forwards the viewer's
 * address with the origin-verify secret, so per-address limits count residents, not the edge; the API's own
 * endpoint refuses direct calls; and wherever API Gateway answers itself it answers with its own bodies.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  // Day-long windows, so no window boundary falls inside a test (windows are aligned to the epoch).
  process.env.RATE_LIMITS = 'read=2/86400';
  runtime = await startTestRuntime({
    throttle: { rateLimit: 1, burstLimit: 20 },
    // Short enough for a test, long enough for a cold import on a loaded machine (it counts, as in AWS).
    integrationTimeoutMs: 5_000,
  });
  // Warm the functions up from an address no test uses, so cold imports do not eat into the timeout.
  await requestFrom('127.0.0.250', `${runtime.url}/api/catalog`);
  await requestFrom('127.0.0.250', `${runtime.url}/api/health`);
});

afterAll(async () => {
  delete process.env.RATE_LIMITS;
  await runtime?.stop();
});

const catalogFrom = (address: string, headers: Record<string, string> = {}) =>
  requestFrom(address, `${runtime.url}/api/catalog`, { headers });

describe('real viewer addresses behind the edge', () => {
  it('gives two viewers behind one edge separate budgets', async () => {
    const first = [
      await catalogFrom('127.0.0.2'),
      await catalogFrom('127.0.0.2'),
      await catalogFrom('127.0.0.2'),
    ];
    const other = await catalogFrom('127.0.0.3');

    expect(first.map((response) => response.status)).toEqual([200, 200, 429]);
    // Same edge (one source IP for API Gateway), another resident: a budget of its own.
    expect(other.status).toBe(200);
    expect(first[2]!.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('ignores a forged viewer address and a guessed origin secret: the edge sends its own', async () => {
    const forged = {
      'cloudfront-viewer-address': '198.51.100.7:443',
      'x-origin-verify': 'guessed-secret-0000',
    };
    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push((await catalogFrom('127.0.0.4', forged)).status);

    expect(statuses).toEqual([200, 200, 429]);
  });

  it('does not serve a direct call to the API’s own endpoint: it is disabled behind CloudFront', async () => {
    expect(runtime.apiEndpointUrl).not.toBe(runtime.url);
    const direct = await fetch(`${runtime.apiEndpointUrl}/api/catalog`);

    expect(direct.status).toBe(403);
    expect(await direct.json()).toEqual({ message: 'Forbidden' });
  });
});

describe('API Gateway’s own answers', () => {
  const expectGatewayAnswer = async (response: Response, status: number, message: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({ message });
  };

  it('answers an unknown route, and a known path with another method, 404 Not Found', async () => {
    await expectGatewayAnswer(await runtime.request('/api/nothing-here'), 404, 'Not Found');
    await expectGatewayAnswer(await runtime.request('/api/health', { method: 'DELETE' }), 404, 'Not Found');
    await expectGatewayAnswer(await runtime.request('/open311/v2/a/b/c'), 404, 'Not Found');
  });

  it('refuses a staff route without a valid token with 401 and the authorizer’s challenge', async () => {
    const missing = await runtime.request('/api/staff/cases');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    await expectGatewayAnswer(missing, 401, 'Unauthorized');

    const invalid = await runtime.request('/api/staff/cases', {
      headers: { authorization: 'Bearer not-a-jwt' },
    });
    expect(invalid.headers.get('www-authenticate')).toMatch(
      /^Bearer scope="" error="invalid_token" error_description="/,
    );
    await expectGatewayAnswer(invalid, 401, 'Unauthorized');
  });

  it('throttles a route over the stage’s burst with 429 Too Many Requests, before any function runs', async () => {
    // A staff route: throttled requests get 429 from API Gateway, the others 401 from its authorizer (no token),
    // so no function and no per-address limit is involved.
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => runtime.request('/api/staff/notices')),
    );
    const refused = responses.filter((response) => response.status === 429);

    // Burst 20, refilled at 1/s: 20 pass (and meet the authorizer), the rest are throttled.
    expect(responses.filter((response) => response.status === 401).length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(refused.length).toBeLessThanOrEqual(10);
    await expectGatewayAnswer(refused[0]!, 429, 'Too Many Requests');
  });

  it('refuses a body over 10 MB with 413 before any function runs', async () => {
    const response = await runtime.request('/api/petitions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });

    expect(response.status).toBe(413);
    expect(await response.text()).toBe('HTTP content length exceeded 10485760 bytes.');
  });

  it('answers a crashed function with 500 and one past the integration timeout with 503', async () => {
    injectFault('apiHealth', 'crash');
    try {
      await expectGatewayAnswer(await runtime.request('/api/health'), 500, 'Internal Server Error');
    } finally {
      clearFault('apiHealth');
    }
    injectFault('apiHealth', 'hang');
    try {
      const answer = runtime.request('/api/health');
      // Counted as in flight until it is answered, so the pipeline's pollers give way (foreground.ts) ...
      await eventually(async () => (runtime.foreground?.inFlight === 1 ? true : undefined), 5_000);
      await expectGatewayAnswer(await answer, 503, 'Service Unavailable');
      // ... and no longer once API Gateway has answered, though the function itself may still be running.
      expect(runtime.foreground?.inFlight).toBe(0);
    } finally {
      clearFault('apiHealth');
    }
    expect((await runtime.request('/api/health')).status).toBe(200);
  });
});
