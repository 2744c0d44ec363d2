import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { outboxTablePhysicalName } from '../../infra/local/provision.ts';
import { eventually } from '../support/runtime-harness.ts';

/**
 * `npm run chaos`: kill -9 the whole local runtime while 500 petitions are being submitted, start it again,
 * and let the client retry what it got no answer for (same Idempotency-Key). Every petition exists exactly
 * once and reaches assigned or triage, and every petitioner gets exactly one "registered" SMS (the notice
 * that carries the tracking code): nothing is lost or duplicated.
 */

const projectRoot = resolve(import.meta.dirname, '../..');
const dataDirectory = mkdtempSync(join(tmpdir(), 'huiyin-chaos-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDirectory, { recursive: true, force: true });
});

function start(env: Record<string, string>): Promise<ChildProcess> {
  const process_ = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...env,
      DATA_DIR: dataDirectory,
      RATE_LIMITS: 'off',
      API_THROTTLE: 'off',
      LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  process_.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  process_.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return eventually(async () => (output.includes('Huiyin is running') ? process_ : undefined), 60_000, 100);
}

interface Petition {
  readonly key: string;
  readonly body: string;
  caseId?: string;
  trackingCode?: string;
}

describe('SIGKILL of the local runtime during intake', () => {
  it('loses and duplicates nothing', async () => {
    const ports = {
      PORT: String(await freePort()),
      DYNAMODB_PORT: String(await freePort()),
      SQS_PORT: String(await freePort()),
      SMTP_PORT: String(await freePort()),
    };
    const url = `http://127.0.0.1:${ports.PORT}`;
    const run = randomUUID().slice(0, 8);
    const petitions: Petition[] = Array.from({ length: 500 }, (_, index) => ({
      key: `chaos-${run}-${index}`,
      body: JSON.stringify({
        categoryCode: index % 7 === 0 ? 'other' : 'transport',
        jurisdictionCode: 'chengguan',
        title: `混沌测试 ${run} ${index}`,
        content: `断电重启测试用的诉求内容，编号 ${index}。`,
        petitioner: { phone: '13812345678' },
      }),
    }));
    const submit = async (petition: Petition) => {
      try {
        const response = await fetch(`${url}/api/petitions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': petition.key },
          body: petition.body,
        });
        if (response.status === 201) {
          const created = (await response.json()) as { caseId: string; trackingCode: string };
          petition.caseId = created.caseId;
          petition.trackingCode = created.trackingCode;
        }
      } catch {
        // The runtime died under this request: the client will retry it with the same key.
      }
    };

    child = await start(ports);
    let next = 0;
    const workers = Array.from({ length: 20 }, async () => {
      while (next < petitions.length) await submit(petitions[next++]!);
    });
    await eventually(
      async () => (petitions.filter((petition) => petition.caseId).length >= 150 ? true : undefined),
      60_000,
      20,
    );
    child.kill('SIGKILL');
    await Promise.all(workers);
    const acknowledgedBeforeCrash = petitions
      .filter((petition) => petition.caseId)
      .map((petition) => petition.caseId!);

    child = await start(ports);
    for (const petition of petitions.filter((candidate) => !candidate.caseId)) await submit(petition);
    const table = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    const ours = async () => {
      const items: Record<string, unknown>[] = [];
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await table.send(
          new ScanCommand({ TableName: 'huiyin-main', ExclusiveStartKey: cursor }),
        );
        items.push(
          ...(page.Items ?? []).filter((item) => item.entity === 'case' && String(item.title).includes(run)),
        );
        cursor = page.LastEvaluatedKey;
      } while (cursor);
      return items;
    };
    const routed = await eventually(
      async () => {
        const cases = await ours();
        return cases.length === 500 &&
          cases.every((item) => item.status === 'assigned' || item.status === 'triage')
          ? cases
          : undefined;
      },
      120_000,
      1000,
    );
    // Notices: one "registered" SMS per case in the outbox, none missing, none doubled.
    const caseIds = new Set(routed.map((item) => String(item.caseId)));
    const registeredPerCase = async () => {
      const counts = new Map<string, number>();
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await table.send(
          new ScanCommand({ TableName: outboxTablePhysicalName(''), ExclusiveStartKey: cursor }),
        );
        for (const item of page.Items ?? [])
          if (item.entity === 'outbox' && item.template === 'registered' && caseIds.has(String(item.caseId)))
            counts.set(String(item.caseId), (counts.get(String(item.caseId)) ?? 0) + 1);
        cursor = page.LastEvaluatedKey;
      } while (cursor);
      return counts;
    };
    const notices = await eventually(
      async () => {
        const counts = await registeredPerCase();
        return counts.size === caseIds.size ? counts : undefined;
      },
      120_000,
      1000,
    );
    child.kill('SIGTERM');
    table.destroy();

    expect([...notices.values()].filter((count) => count !== 1)).toEqual([]);

    expect(acknowledgedBeforeCrash.length).toBeGreaterThanOrEqual(150);
    expect(petitions.every((petition) => petition.caseId)).toBe(true);
    expect(new Set(routed.map((item) => item.title)).size).toBe(500);
    const ids = new Set(routed.map((item) => item.caseId));
    for (const caseId of acknowledgedBeforeCrash) expect(ids.has(caseId)).toBe(true);
  }, 300_000);
});
