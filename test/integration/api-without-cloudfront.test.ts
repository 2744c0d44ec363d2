import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom } from '../support/from-address.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * A stage whose API is not behind CloudFront (a profile without it): the API's own endpoint serves, there is no
 * origin-verify secret, and a viewer-address header is never believed, so limits count the connection's address.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  process.env.RATE_LIMITS = 'read=2/86400';
  runtime = await startTestRuntime({ behindCloudFront: false });
});

afterAll(async () => {
  delete process.env.RATE_LIMITS;
  await runtime?.stop();
});

describe('an API served without CloudFront', () => {
  it('serves on its own endpoint', async () => {
    expect(runtime.apiEndpointUrl).toBe(runtime.url);
    expect((await fetch(`${runtime.apiEndpointUrl}/api/catalog`)).status).toBe(200);
  });

  it('ignores forged viewer addresses and origin secrets: the source IP decides', async () => {
    const statuses = [];
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const response = await requestFrom('127.0.0.5', `${runtime.url}/api/catalog`, {
        headers: { 'cloudfront-viewer-address': `${address}:443`, 'x-origin-verify': 'guessed-secret-0000' },
      });
      statuses.push(response.status);
    }

    expect(statuses).toEqual([200, 200, 429]);
    expect((await requestFrom('127.0.0.6', `${runtime.url}/api/catalog`)).status).toBe(200);
  });
});
