import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { resolve } from 'node:path';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPendingNotices } from '../../shared/adapters/dynamo/dynamo-pending-deliveries.ts';
import { notificationKey } from '../../shared/adapters/dynamo/keys.ts';
import { OutboxTransport, readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { TencentSmsTransport } from '../../shared/adapters/notify/tencent-sms-transport.ts';
import { smsTemplatesSchema } from '../../shared/domain/notifications/sms-templates.ts';
import {
  NotificationSendError,
  type OutgoingNotification,
} from '../../shared/ports/notification-transport.ts';
import {
  type SecretsManagerStub,
  sendStatus,
  startSecretsManagerStub,
  startTencentStub,
  type TencentRequest,
  type TencentStub,
} from '../support/provider-stubs.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * SMS through Tencent Cloud in the whole pipeline: a petition is registered, the notifier sends the
 * `registered` notice through the official SDK to a stand-in of the provider's endpoint, which checks the
 * signature like the provider. Throttling is retried through the notifications queue; a business error that
 * does not go away is retried up to the queue's maxReceiveCount, then recorded as failed in the ledger and
 * kept in the DLQ; a number the provider refuses for good is recorded as failed at once.
 */

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:huiyin/tencent-sms';
const SECRET_KEY = 'stub-secret-key-0123456789';
const templatesJson = readFileSync(
  resolve(import.meta.dirname, '../../config/sms-templates.example.json'),
  'utf8',
);

/** How the provider answers each number (the rest are sent). */
const THROTTLED_TWICE = '13800000002';
const DAILY_LIMIT = '13800000003';
const WRONG_NUMBER = '13800000004';

let runtime: TestRuntime;
let tencent: TencentStub;
let secrets: SecretsManagerStub;

const toNumber = (request: TencentRequest) => (request.body.PhoneNumberSet as string[])[0];
/** The notice kind a request sends, from its SessionContext (the ledger id names it). */
const noticeOf = (request: TencentRequest) => String(request.body.SessionContext).split(':')[2];
/** Requests to the number for one notice kind (a petitioner also gets `assignedNotice` once routed). */
const requestsTo = (phone: string, notice = 'registered') =>
  tencent.requests.filter((request) => toNumber(request) === `+86${phone}` && noticeOf(request) === notice);

/** The notice's ledger id (its SessionContext) once the provider has had `count` requests for the number. */
const notificationIdAfter = (phone: string, count: number, timeoutMs: number) =>
  eventually(async () => {
    const sent = requestsTo(phone);
    return sent.length >= count ? String(sent[0]!.body.SessionContext) : undefined;
  }, timeoutMs);

beforeAll(async () => {
  secrets = await startSecretsManagerStub({
    [SECRET_ARN]: JSON.stringify({ secretId: 'AKIDstub0001', secretKey: SECRET_KEY }),
  });
  tencent = await startTencentStub({
    secretKey: SECRET_KEY,
    answer: (request) => {
      const phone = toNumber(request);
      // The numbers below answer so for the `registered` notice; every other notice is sent.
      if (noticeOf(request) !== 'registered') return sendStatus(request);
      if (phone === `+86${THROTTLED_TWICE}` && requestsTo(THROTTLED_TWICE).length <= 2)
        return { Error: { Code: 'RequestLimitExceeded', Message: '请求的次数超过了频率限制。' } };
      if (phone === `+86${DAILY_LIMIT}`) return sendStatus(request, 'LimitExceeded.PhoneNumberDailyLimit');
      if (phone === `+86${WRONG_NUMBER}`)
        return { Error: { Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误。' } };
      return sendStatus(request);
    },
  });
  Object.assign(process.env, {
    SMS_TRANSPORT: 'tencent',
    SMS_TEMPLATES: templatesJson,
    SMS_SIGN_NAME: '青溪县信访',
    SMS_SDK_APP_ID: '1400006666',
    SMS_REGION: 'ap-guangzhou',
    SMS_ENDPOINT: tencent.url,
    SMS_CREDENTIALS_SECRET: SECRET_ARN,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
  });
  // Short visibility timeouts: the queue's retries (up to maxReceiveCount 5) happen within seconds.
  runtime = await startTestRuntime({ visibilityTimeoutSeconds: 1 });
});

afterAll(async () => {
  await runtime?.stop();
  await tencent?.stop();
  await secrets?.stop();
});

async function registerWithPhone(phone: string) {
  const response = await runtime.postJson(
    '/api/petitions',
    petitionBody({ petitioner: { name: '张三', phone } }),
  );
  expect(response.status).toBe(201);
  return (await response.json()) as { caseId: string; trackingCode: string };
}

/** The ledger entry once it has the status. */
const ledgerEntryOnceIs = (id: string, status: 'sent' | 'failed', timeoutMs = 5_000) =>
  eventually(async () => {
    const item = await ledgerEntry(id);
    return item?.status === status ? item : undefined;
  }, timeoutMs);

async function ledgerEntry(id: string) {
  const { Item } = await runtime.clients.document.send(
    new GetCommand({ TableName: runtime.tables.idempotency, Key: notificationKey(id), ConsistentRead: true }),
  );
  return Item;
}

describe('SMS through Tencent Cloud', () => {
  it('sends the registered template with its variables in a request signed as the provider checks it', async () => {
    const { caseId, trackingCode } = await registerWithPhone('13800000001');
    const [request] = await eventually(async () => {
      const sent = requestsTo('13800000001');
      return sent.length > 0 ? sent : undefined;
    }, 20_000);

    expect(request!.signatureValid).toBe(true);
    expect(request!.secretId).toBe('AKIDstub0001');
    // The SDK signs for the service named by the endpoint's first label.
    expect(request!.service).toBe(new URL(tencent.url).hostname.split('.')[0]);
    expect(request!).toMatchObject({ action: 'SendSms', version: '2021-01-11', region: 'ap-guangzhou' });
    expect(request!.body).toMatchObject({
      PhoneNumberSet: ['+8613800000001'],
      SmsSdkAppId: '1400006666',
      SignName: '青溪县信访',
      TemplateId: '2100001',
      TemplateParamSet: [trackingCode],
    });
    // The ledger entry it answers to, named in SessionContext (no personal data in it).
    const id = String(request!.body.SessionContext);
    expect(id).toMatch(new RegExp(`^${caseId}:\\d+:registered:sms:[0-9a-f]{16}$`));
    await ledgerEntryOnceIs(id, 'sent');
    expect(requestsTo('13800000001')).toHaveLength(1);

    // Routed to the transport bureau: the notice of assignment through its own template, with the unit's
    // name and the reply deadline as a day.
    const [assigned] = await eventually(async () => {
      const sent = requestsTo('13800000001', 'assignedNotice');
      return sent.length > 0 ? sent : undefined;
    }, 20_000);
    expect(assigned!.body).toMatchObject({ TemplateId: '2100012', SignName: '青溪县信访' });
    expect(assigned!.body.TemplateParamSet).toEqual([
      trackingCode,
      '县交通运输局',
      expect.stringMatching(/^\d{1,2}月\d{1,2}日$/),
    ]);
    // The key pair came from Secrets Manager, read once for this warm container.
    expect(secrets.reads.get(SECRET_ARN)).toBe(1);
  });

  it('retries a throttled send through the queue and sends it once', async () => {
    await registerWithPhone(THROTTLED_TWICE);
    const id = await notificationIdAfter(THROTTLED_TWICE, 3, 30_000);
    const entry = await ledgerEntryOnceIs(id, 'sent');
    expect(entry).toMatchObject({ failures: 2, lastError: 'RequestLimitExceeded', lastAttempt: 2 });
    expect(requestsTo(THROTTLED_TWICE)).toHaveLength(3);
  });

  it('records a business error that persists as failed after the last attempt, and keeps the message in the DLQ', async () => {
    const { caseId } = await registerWithPhone(DAILY_LIMIT);
    const id = await notificationIdAfter(DAILY_LIMIT, 1, 20_000);
    const entry = await ledgerEntryOnceIs(id, 'failed', 30_000);
    // A 200 answer whose status for the number is not Ok is a failure too.
    expect(entry).toMatchObject({
      failures: 5,
      lastAttempt: 5,
      lastError: 'LimitExceeded.PhoneNumberDailyLimit',
    });
    expect(requestsTo(DAILY_LIMIT)).toHaveLength(5);

    const dead = await eventually(async () => {
      const { Messages = [] } = await runtime.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: runtime.queues.notifications.deadLetterUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
        }),
      );
      return Messages.find(
        (message) => message.Body?.includes(caseId) && message.Body.includes('registered'),
      );
    }, 10_000);
    expect(JSON.parse(dead.Body!)).toMatchObject({ kind: 'notify', template: 'registered', caseId });
    // The DLQ owns it now: no pending-notice marker is left for the stuck-work sweep to resend for ever.
    const markers = new DynamoPendingNotices({
      client: runtime.clients.document,
      tableName: runtime.tables.pending,
    });
    const farFuture = new Date(Date.now() + 24 * 60 * 60 * 1000);
    expect((await markers.due(farFuture, 1000)).filter((marker) => marker.caseId === caseId)).toEqual([]);
  });

  it('records a number the provider refuses as failed at once, without retrying it', async () => {
    await registerWithPhone(WRONG_NUMBER);
    const id = await notificationIdAfter(WRONG_NUMBER, 1, 20_000);
    const entry = await ledgerEntryOnceIs(id, 'failed');
    expect(entry).toMatchObject({
      failures: 1,
      lastAttempt: 1,
      lastError: 'InvalidParameterValue.IncorrectPhoneNumber',
    });
  });
});

describe('the transport against the production endpoint name', () => {
  it('signs for the sms service and host when pointed at sms.tencentcloudapi.com', async () => {
    // The host resolves to the stand-in, as a hosts entry would make it: the request is the production one.
    const agent = new Agent({
      lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
        options.all
          ? callback(null, [{ address: '127.0.0.1', family: 4 }])
          : callback(null, '127.0.0.1', 4)) as never,
    });
    const transport = new TencentSmsTransport({
      appId: '1400006666',
      region: 'ap-beijing',
      endpoint: `http://sms.tencentcloudapi.com:${tencent.port}`,
      signName: '青溪县信访',
      templates: smsTemplatesSchema.parse(JSON.parse(templatesJson)),
      credentials: async () => ({ secretId: 'AKIDstub0001', secretKey: SECRET_KEY }),
      agent,
    });
    const before = tencent.requests.length;
    await transport.send({
      id: 'phone-verification:abc',
      channel: 'sms',
      to: '13800000009',
      body: '',
      caseId: '',
      trackingCode: '',
      template: 'phoneVerification',
      variables: { code: '042517', validMinutes: '10' },
    });
    // The runtime's retries of earlier notices may reach the stand-in meanwhile: this test's request is the
    // one for the production host.
    const request = tencent.requests
      .slice(before)
      .find((sent) => sent.host.startsWith('sms.tencentcloudapi.com'))!;
    expect(request).toBeDefined();
    expect(request.signatureValid).toBe(true);
    expect(request.service).toBe('sms');
    expect(request.host).toBe(`sms.tencentcloudapi.com:${tencent.port}`);
    expect(request.body).toMatchObject({ TemplateId: '2100010', TemplateParamSet: ['042517', '10'] });

    // A landline never reaches the provider.
    const refused = await transport
      .send({
        id: 'x',
        channel: 'sms',
        to: '0571-82123456',
        body: '',
        caseId: '',
        trackingCode: '',
        template: 'registered',
        variables: { trackingCode: 'HY-ABCD-EFGH' },
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NotificationSendError);
    expect(refused).toMatchObject({ code: 'NotAMainlandMobile', undeliverable: true });
    expect(
      tencent.requests.slice(before).filter((sent) => sent.host.startsWith('sms.tencentcloudapi.com')),
    ).toHaveLength(1);
    agent.destroy();
  });
});

describe('the local outbox with registered templates configured', () => {
  it('keeps the template, parameters and signature the provider receives, and shows them on the outbox page', async () => {
    const settings = {
      signName: '青溪县信访',
      templates: smsTemplatesSchema.parse(JSON.parse(templatesJson)),
    };
    const notice: OutgoingNotification = {
      id: 'outbox-compare:1',
      channel: 'sms',
      to: '13800000010',
      body: '',
      caseId: '',
      trackingCode: 'HY-ABCD-EFGH',
      template: 'extended',
      // A link and signature brackets in free text are fitted away; both paths must fit them alike.
      variables: {
        trackingCode: 'HY-ABCD-EFGH',
        extension: '10个工作日',
        deadline: '2027年1月15日',
        reason: '【重要】需现场勘验 https://evil.example/x 并征求意见',
      },
    };
    await new TencentSmsTransport({
      ...settings,
      appId: '1400006666',
      region: 'ap-guangzhou',
      endpoint: tencent.url,
      credentials: async () => ({ secretId: 'AKIDstub0001', secretKey: SECRET_KEY }),
    }).send(notice);
    // Earlier tests' retries may still reach the stub: pick this notice's request by its number.
    const sent = tencent.requests.find((request) => toNumber(request) === '+8613800000010')!.body;

    await new OutboxTransport({
      client: runtime.clients.document,
      tableName: runtime.outboxTable,
      smsTemplates: settings,
    }).send(notice);
    const kept = (await readOutbox(runtime.clients.document, runtime.outboxTable)).find(
      (entry) => entry.id === notice.id,
    );
    expect(kept?.sms?.templateId).toBe(sent.TemplateId);
    expect(kept?.sms?.parameters.map((parameter) => parameter.value)).toEqual(sent.TemplateParamSet);
    expect(sent.SignName).toBe(settings.signName);
    expect(kept?.sms?.text).toMatch(/^【青溪县信访】您的诉求（跟踪码HY-ABCD-EFGH）办理期限延长10个工作日/);
    expect(kept?.sms?.text).not.toContain('evil.example');

    const page = await (await fetch(`${runtime.url}/_local/outbox`)).text();
    expect(page).toContain(`模板 ${sent.TemplateId}`);
    expect(page).toContain(kept!.sms!.text!);
  });
});
