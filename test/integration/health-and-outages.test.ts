import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { type Emulators, startEmulators, startSqsEmulator } from '../../infra/local/emulators.ts';
import { freePort } from '../../infra/local/ports.ts';
import { provisionQueues } from '../../infra/local/provision.ts';
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';
import { eventually, petitionBody } from '../support/runtime-harness.ts';

/** Its own emulators, because this file stops them; data on disk, so DynamoDB Local can come back with it. */
let emulators: Emulators;
let runtime: Runtime;
const dataDirectory = mkdtempSync(join(tmpdir(), 'huiyin-outage-'));
const restarted: { dynamodb?: DynamoDbLocal; sqs?: Awaited<ReturnType<typeof startSqsEmulator>> } = {};

beforeAll(async () => {
  emulators = await startEmulators({
    dynamodbPort: await freePort(),
    sqsPort: await freePort(),
    dataDirectory,
  });
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
  await restarted.dynamodb?.stop();
  await restarted.sqs?.stop();
  await emulators?.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
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

  it('recovers when they come back: health turns green, intake accepts, and the case is routed', async () => {
    const port = (endpoint: string) => Number(new URL(endpoint).port);
    restarted.dynamodb = await startDynamoDbLocal({
      port: port(emulators.dynamodbEndpoint),
      dataDirectory: join(dataDirectory, 'dynamodb'),
    });
    restarted.sqs = await startSqsEmulator(port(emulators.sqsEndpoint));
    // A fresh SQS emulator has no queues, as after a restart of `npm start`.
    await provisionQueues(runtime.clients.sqs, 'outage-');

    const health = await fetch(`${runtime.url}/api/health`);
    const response = await fetch(`${runtime.url}/api/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(petitionBody()),
    });
    const { trackingCode } = (await response.json()) as { trackingCode: string };
    const routed = await eventually(
      async () => {
        const view = (await (
          await fetch(`${runtime.url}/api/petitions/${trackingCode}?phone=5678`)
        ).json()) as { status: string };
        return view.status === 'assigned' ? view : undefined;
      },
      20_000,
      200,
    );

    expect(health.status).toBe(200);
    expect(response.status).toBe(201);
    expect(routed.status).toBe('assigned');
  }, 60_000);
});
