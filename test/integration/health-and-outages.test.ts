import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../infra/local/emulators.ts';
import { freePort } from '../../infra/local/ports.ts';
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';
import { petitionBody } from '../support/runtime-harness.ts';

/** Its own emulators, because this file stops them. */
let emulators: Emulators;
let runtime: Runtime;

beforeAll(async () => {
  emulators = await startEmulators({ dynamodbPort: await freePort(), sqsPort: await freePort() });
  runtime = await startRuntime({
    dynamodbEndpoint: emulators.dynamodbEndpoint,
    sqsEndpoint: emulators.sqsEndpoint,
    prefix: 'outage-',
    port: await freePort(),
    staticRoot: resolve(import.meta.dirname, '../../web'),
    seedDemoCounty: true,
    runSchedules: false,
  });
});

afterAll(async () => {
  await runtime?.stop();
  await emulators?.stop();
});

describe('health and dependency outages', () => {
  it('turns red with 503 when the SQS emulator is gone, and says which dependency', async () => {
    expect((await fetch(`${runtime.url}/api/health`)).status).toBe(200);

    await emulators.stopSqs();
    const response = await fetch(`${runtime.url}/api/health`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'degraded',
      dependencies: { dynamodb: 'ok', sqs: 'down' },
    });
  });

  it('answers intake with 503 problem+json within 5 s when DynamoDB is down, never hanging', async () => {
    await emulators.stopDynamoDb();
    const startedAt = Date.now();

    const response = await fetch(`${runtime.url}/api/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(petitionBody()),
    });

    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('retry-after')).toBe('5');
    const health = await fetch(`${runtime.url}/api/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { dependencies: { dynamodb: string } }).dependencies.dynamodb).toBe(
      'down',
    );
  });
});
