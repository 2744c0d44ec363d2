import { createServer, type Server } from 'node:http';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamo/dynamo-delivery-store.ts';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamo/dynamo-notification-ledger.ts';
import { ConsoleNoticeTransport, readNotices } from '../../shared/adapters/notify/console-notices.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { verifyWebhook } from '../../shared/domain/notifications/webhook-signature.ts';
import { redriveQueue } from '../../shared/ops/redrive.ts';
import type { OutgoingNotification } from '../../shared/ports/notification-transport.ts';
import {
  changeUnit,
  eventually,
  petitionBody,
  startTestRuntime,
  type TestRuntime,
} from '../support/runtime-harness.ts';

let runtime: TestRuntime;
let endpoint: Server;
let endpointUrl: string;
/** Scripted answers of the webhook unit's own system; the rest succeed. */
const endpointScript: number[] = [];
const received: { body: string; signature: string }[] = [];

beforeAll(async () => {
  process.env.DELIVERY_BACKOFF_BASE_SECONDS = '1';
  endpoint = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ body, signature: String(request.headers['x-huiyin-signature']) });
      response.writeHead(endpointScript.shift() ?? 200).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => endpoint.listen(port, '127.0.0.1', () => resolve()));
  endpointUrl = `http://127.0.0.1:${port}/huiyin`;
  runtime = await startTestRuntime({ visibilityTimeoutSeconds: 1 });
  // Before any function has cached the catalog: one unit receives its cases in its own system.
  await changeUnit(runtime, 'dept-environment', { delivery: 'webhook', webhookUrl: endpointUrl });
});

afterAll(async () => {
  await runtime?.stop();
  endpoint?.close();
});

async function submit(overrides: Record<string, unknown> = {}) {
  return (await (await runtime.postJson('/api/petitions', petitionBody(overrides))).json()) as {
    caseId: string;
    trackingCode: string;
  };
}

const outbox = () => readOutbox(runtime.clients.document, runtime.outboxTable, 1000);

describe('notifications', () => {
  it('texts the petitioner the tracking code once registered, and notifies the unit of the new assignment', async () => {
    const { caseId, trackingCode } = await submit({ categoryCode: 'transport' });

    const sms = await eventually(async () =>
      (await outbox()).find((entry) => entry.caseId === caseId && entry.template === 'registered'),
    );
    const notice = await eventually(async () =>
      (await readNotices(runtime.clients.document, runtime.tables.main, 'dept-transport')).find(
        (entry) => entry.caseId === caseId,
      ),
    );

    expect(sms).toMatchObject({ channel: 'sms', to: '13812345678' });
    expect(sms.body).toContain(trackingCode);
    expect(sms.body).not.toContain('公交站牌');
    expect(notice.template).toBe('newAssignment');
  });

  it('sends one notification even when its message is delivered twice', async () => {
    const { caseId } = await submit({ categoryCode: 'transport' });
    await eventually(async () => (await outbox()).find((entry) => entry.caseId === caseId));
    const duplicate = { kind: 'notify', template: 'registered', audience: 'petitioner', caseId, version: 1 };

    await runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.queues.notifications.url,
        MessageBody: JSON.stringify(duplicate),
      }),
    );
    await runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.queues.notifications.url,
        MessageBody: JSON.stringify(duplicate),
      }),
    );
    await eventually(async () => {
      const { Attributes } = await runtime.clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: runtime.queues.notifications.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Attributes?.ApproximateNumberOfMessages === '0' &&
        Attributes.ApproximateNumberOfMessagesNotVisible === '0'
        ? true
        : undefined;
    });

    expect(
      (await outbox()).filter((entry) => entry.caseId === caseId && entry.template === 'registered'),
    ).toHaveLength(1);
  });
});

describe('a console notice written with its ledger entry', () => {
  const parts = () => {
    const ledger = new DynamoNotificationLedger({
      client: runtime.clients.document,
      tableName: runtime.tables.idempotency,
    });
    const console = new ConsoleNoticeTransport({
      client: runtime.clients.document,
      tableName: runtime.tables.main,
      ledger,
    });
    return { ledger, console };
  };
  const notice = (id: string, to: string): OutgoingNotification => ({
    id,
    channel: 'console',
    to,
    subject: '新交办：路灯不亮',
    body: '新交办：路灯不亮',
    caseId: '01CONSOLEONCE0000000000000',
    trackingCode: 'HY-TEST-ONCE',
    template: 'newAssignment',
  });
  const bell = async (unit: string) => readNotices(runtime.clients.document, runtime.tables.main, unit);
  const now = new Date('2026-12-01T02:00:00.000Z');

  it('is written once however often it is sent, and the ledger knows it was', async () => {
    const { ledger, console } = parts();
    const unit = 'unit-once-a';
    expect(await console.sendOnce(notice('once-a:1', unit), now)).toBe('sent-now');
    expect(await console.sendOnce(notice('once-a:1', unit), now)).toBe('sent');
    expect((await bell(unit)).map((entry) => entry.template)).toEqual(['newAssignment']);
    expect(await ledger.claim('once-a:1', now)).toBe('sent');
  });

  it('waits for a worker that holds the claim, takes over a stale one, and retries a failed one', async () => {
    const { ledger, console } = parts();
    const unit = 'unit-once-b';
    // Claimed a moment ago by another worker: nothing written, and the queue tries again later.
    expect(await ledger.claim('once-b:held', now)).toBe('claimed');
    expect(await console.sendOnce(notice('once-b:held', unit), now)).toBe('in-progress');
    expect(await bell(unit)).toEqual([]);
    // The same claim six minutes on: its worker is taken for crashed.
    expect(await console.sendOnce(notice('once-b:held', unit), new Date(now.getTime() + 6 * 60_000))).toBe(
      'sent-now',
    );
    // An attempt that failed may be made again.
    expect(await ledger.claim('once-b:failed', now)).toBe('claimed');
    await ledger.markFailed('once-b:failed', { code: 'Throttling', attempt: 1, final: false }, now);
    expect(await console.sendOnce(notice('once-b:failed', unit), now)).toBe('sent-now');
    expect(await bell(unit)).toHaveLength(2);
  });
});

describe('delivery to a unit’s own system', () => {
  it('retries a failing endpoint with backoff and delivers once, signed, with the attempts recorded', async () => {
    endpointScript.push(500, 503, 502);
    const before = received.length;
    const { caseId } = await submit({ categoryCode: 'environment', title: '工厂夜间噪声扰民' });

    const delivery = await eventually(
      async () => {
        const [record] = await new DynamoDeliveryStore({
          client: runtime.clients.document,
          tableName: runtime.tables.main,
        }).forCase(caseId);
        return record?.status === 'delivered' ? record : undefined;
      },
      20_000,
      200,
    );

    const calls = received.slice(before).filter((call) => JSON.parse(call.body).caseId === caseId);
    expect(delivery).toMatchObject({ method: 'webhook', attempts: 4, status: 'delivered' });
    expect(calls).toHaveLength(4);
    expect(
      calls.every((call) =>
        verifyWebhook(process.env.WEBHOOK_SECRET!, call.body, call.signature, Math.floor(Date.now() / 1000)),
      ),
    ).toBe(true);
  });
});

describe('poison messages and redrive', () => {
  it('moves a poison message to the DLQ while the rest of its batch succeeds; redrive brings it back', async () => {
    const { caseId, trackingCode } = await submit({ categoryCode: 'transport' });
    await runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.queues.routing.url,
        MessageBody: '{"kind":"route-case","caseId":',
      }),
    );

    await eventually(async () => {
      const view = (await (await runtime.request(`/api/petitions/${trackingCode}?phone=5678`)).json()) as {
        status: string;
      };
      return view.status === 'assigned' ? true : undefined;
    });
    const deadLetters = await eventually(
      async () => {
        const { Attributes } = await runtime.clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: runtime.queues.routing.deadLetterUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        return Number(Attributes?.ApproximateNumberOfMessages) === 1 ? 1 : undefined;
      },
      20_000,
      200,
    );
    const moved = await redriveQueue(
      runtime.clients.sqs,
      runtime.queues.routing.deadLetterUrl,
      runtime.queues.routing.url,
    );

    expect(caseId).toBeTruthy();
    expect(deadLetters).toBe(1);
    expect(moved).toBe(1);
  });
});
