import { randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/functions.ts';
import { freePort } from '../../infra/local/ports.ts';
import { scheduledEvent } from '../../infra/local/scheduler.ts';
import { imapSettings } from '../../shared/config/mail-env.ts';
import type { RemoteMailbox } from '../../shared/ports/remote-mailbox.ts';
import { mailboxDeps } from '../../shared/runtime/deps/mailbox.ts';
import { rawMailStore } from '../../shared/runtime/deps/raw-mail.ts';
import { remoteMailbox } from '../../shared/runtime/deps/remote-mailbox.ts';
import { schedules } from '../../shared/topology.ts';
import { type ImapPollResult, pollMailbox } from '../../shared/use-cases/imap-poll.ts';
import { receiveMail } from '../../shared/use-cases/mailbox.ts';
import { type SecretsManagerStub, startSecretsManagerStub } from '../support/provider-stubs.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * The county's mailbox over IMAP (AWS China has no SES receiving): a real IMAP server (hoodiecrow-imap), the
 * `imap-poll` job from the topology, and the same mailbox use case as SES mail. Two new messages become two
 * cases; a run that dies after a case is written but before its message is moved leaves both messages in
 * the inbox, and the next run moves both and creates no second case.
 */

const MAILBOX = 'xinfang@qingxi.gov.cn';
const PASSWORD_SECRET = 'huiyin/imap-password';
const PROCESSED = 'Huiyin/Processed';
const QUARANTINE = 'Huiyin/Quarantine';

let runtime: TestRuntime;
let secrets: SecretsManagerStub;
let imap: ReturnType<typeof hoodiecrow>;
let imapPort: number;
let client: ImapFlow;

beforeAll(async () => {
  imapPort = await freePort();
  imap = hoodiecrow({
    plugins: ['ID', 'UIDPLUS', 'MOVE', 'UNSELECT', 'ENABLE'],
    users: { [MAILBOX]: { password: 'imap-password' } },
    storage: { INBOX: { messages: [] }, '': { separator: '/', folders: {} } },
  });
  await new Promise<void>((resolve) => imap.listen(imapPort, '127.0.0.1', resolve));
  secrets = await startSecretsManagerStub({ [PASSWORD_SECRET]: 'imap-password' });
  Object.assign(process.env, {
    MAIL_IMAP_HOST: '127.0.0.1',
    MAIL_IMAP_PORT: String(imapPort),
    // No TLS on the loopback interface; refused in cloud stages.
    MAIL_IMAP_SECURITY: 'none',
    MAIL_IMAP_USER: MAILBOX,
    MAIL_IMAP_PASSWORD_SECRET: PASSWORD_SECRET,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
  });
  runtime = await startTestRuntime();
  // The test's own connection: it delivers mail into the inbox and looks at the folders.
  client = new ImapFlow({
    host: '127.0.0.1',
    port: imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: MAILBOX, pass: 'imap-password' },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
});

afterAll(async () => {
  await client?.logout().catch(() => undefined);
  await runtime?.stop();
  await secrets?.stop();
  await new Promise<void>((resolve) => (imap ? imap.close(() => resolve()) : resolve()));
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A resident's letter as the county's mail server stores it (7-bit: encoded subject and body). */
function letter(from: string, subject: string, text: string, extra: string[] = []): string {
  return [
    `Return-Path: <${from}>`,
    `Delivered-To: ${MAILBOX}`,
    `From: ${from}`,
    `To: ${MAILBOX}`,
    `Subject: =?UTF-8?B?${b64(subject)}?=`,
    `Message-ID: <${randomBytes(6).toString('hex')}@example.cn>`,
    'Date: Thu, 03 Dec 2026 10:00:00 +0800',
    ...extra,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(text),
    '',
  ].join('\r\n');
}

async function deliver(...messages: string[]) {
  for (const message of messages) await client.append('INBOX', Buffer.from(message));
}

async function count(folder: string): Promise<number> {
  const listed = await client.list();
  if (!listed.some((entry) => entry.path === folder)) return 0;
  const status = await client.status(folder, { messages: true });
  return status ? (status.messages ?? 0) : 0;
}

async function casesFrom(email: string) {
  return (await runtime.scanAll()).filter(
    (item) => item.entity === 'case' && (item.petitioner as { email?: string })?.email === email,
  );
}

const runJob = () =>
  invoke<ImapPollResult>('jobImapPoll', scheduledEvent(schedules.find((s) => s.fn === 'jobImapPoll')!));

describe('the imap-poll job', () => {
  it('makes a case of each new message, quarantines what cannot be one, and moves everything out of the inbox', async () => {
    const [first, second] = ['resident.one@example.cn', 'resident.two@example.cn'];
    await deliver(
      letter(first, '青山镇路灯不亮', '青山镇新街路灯一个月没亮了，请维修。'),
      letter(second, '溪口村水渠堵塞', '溪口村水渠堵塞，灌溉用水不足。'),
      // No sender: nobody to answer, nothing to register; kept for staff.
      [
        'Subject: =?UTF-8?B?5o2f5Z2P55qE6YKu5Lu2?=',
        `To: ${MAILBOX}`,
        'Content-Type: text/plain',
        '',
        'x',
        '',
      ].join('\r\n'),
      letter('away@example.cn', '自动回复：休假中', '我正在休假。', ['Auto-Submitted: auto-replied']),
    );

    const result = await runJob();
    expect(result).toMatchObject({
      waiting: 4,
      cases: 2,
      quarantined: 1,
      refused: 1,
      duplicates: 0,
      failed: 0,
    });
    for (const sender of [first, second]) {
      const cases = await casesFrom(sender);
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ channel: 'email', status: expect.any(String) });
    }
    expect(await count('INBOX')).toBe(0);
    expect(await count(PROCESSED)).toBe(3);
    expect(await count(QUARANTINE)).toBe(1);

    // The quarantined message is listed for supervisors with its raw copy in the mail bucket, as SES mail is.
    const token = await runtime.tokenFor('supervisor');
    const quarantine = (await (
      await runtime.request('/api/staff/mail/quarantine', { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: { reason: string; rawKey: string; subject?: string }[] };
    const entry = quarantine.items.find((item) => item.subject === '损坏的邮件');
    expect(entry).toMatchObject({ reason: 'no-sender' });
    expect(entry!.rawKey).toMatch(/^raw\/imap-[0-9a-f]{40}$/);
    const raw = await runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: runtime.buckets.mail, Key: entry!.rawKey }),
    );
    expect(await raw.Body!.transformToString()).toContain('5o2f5Z2P55qE6YKu5Lu2');
    expect(secrets.reads.get(PASSWORD_SECRET)).toBe(1);
  });

  it('creates no duplicate when a run dies between the case write and the move, and the next run moves both', async () => {
    const [third, fourth] = ['resident.three@example.cn', 'resident.four@example.cn'];
    await deliver(
      letter(third, '白石乡小学门口缺少减速带', '白石乡小学门口车速太快，请设置减速带。'),
      letter(fourth, '东城街道垃圾清运不及时', '东城街道幸福小区垃圾三天没有清运。'),
    );
    const processedBefore = await count(PROCESSED);
    const settings = imapSettings()!;
    const deps = mailboxDeps();
    const real = remoteMailbox(settings);
    // The function dies right after the first case is written: nothing after that point happens.
    const dying: RemoteMailbox = {
      open: async () => {
        const session = await real.open();
        return {
          waiting: (limit) => session.waiting(limit),
          fetch: (uid) => session.fetch(uid),
          move: async () => {
            throw new Error('killed before the move');
          },
          close: () => session.close(),
        };
      },
    };
    await expect(
      pollMailbox({
        mailbox: dying,
        rawMail: rawMailStore(),
        receive: (delivery) => receiveMail(deps, delivery, new Date()),
        mailboxAddress: settings.address,
        batchSize: settings.batchSize,
        remainingMs: () => 60_000,
      }),
    ).rejects.toThrow('killed before the move');
    expect(await casesFrom(third)).toHaveLength(1);
    expect(await casesFrom(fourth)).toHaveLength(0);
    expect(await count('INBOX')).toBe(2);

    const rerun = await runJob();
    expect(rerun).toMatchObject({ waiting: 2, cases: 1, duplicates: 1, failed: 0 });
    expect(await casesFrom(third)).toHaveLength(1);
    expect(await casesFrom(fourth)).toHaveLength(1);
    expect(await count('INBOX')).toBe(0);
    expect(await count(PROCESSED)).toBe(processedBefore + 2);
  });

  it('takes at most a batch per run and none once the function is close to its timeout', async () => {
    const senders = ['batch.one@example.cn', 'batch.two@example.cn', 'batch.three@example.cn'];
    await deliver(
      ...senders.map((sender, index) => letter(sender, `城关镇噪音扰民 ${index}`, '夜间施工噪音扰民。')),
    );
    const settings = imapSettings()!;
    const deps = mailboxDeps();
    const poll = (remainingMs: number, batchSize: number) =>
      pollMailbox({
        mailbox: remoteMailbox(settings),
        rawMail: rawMailStore(),
        receive: (delivery) => receiveMail(deps, delivery, new Date()),
        mailboxAddress: settings.address,
        batchSize,
        remainingMs: () => remainingMs,
      });

    expect(await poll(60_000, 2)).toMatchObject({ waiting: 2, cases: 2, outOfTime: false });
    expect(await count('INBOX')).toBe(1);
    expect(await poll(5_000, 2)).toMatchObject({ waiting: 1, cases: 0, outOfTime: true });
    expect(await count('INBOX')).toBe(1);
    expect(await runJob()).toMatchObject({ cases: 1 });
    for (const sender of senders) expect(await casesFrom(sender)).toHaveLength(1);
  });
  it('keeps the SES mailbox’s mail-loop rules: our own address and replies to our notices make no case', async () => {
    const resident = 'resident.five@example.cn';
    const quarantinedBefore = await count(QUARANTINE);
    await deliver(
      // The system's own acknowledgement, come back (a forwarding rule, a misrouted copy).
      letter('noreply@huiyin.local', '您的诉求已登记', '您的诉求已登记，跟踪码 HY-ABCD-EFGH。'),
      // An out-of-office that marks nothing, answering a notice (its Message-ID is under the sender's domain,
      // as the SMTP transport and the outbox give them).
      letter(resident, 'Re: 您的诉求已登记', '我正在休假，将于下周回复。', [
        `In-Reply-To: <${'0123456789abcdef'.repeat(2)}@huiyin.local>`,
      ]),
    );

    expect(await runJob()).toMatchObject({ waiting: 2, cases: 0, quarantined: 1, refused: 1, failed: 0 });
    expect(await casesFrom(resident)).toHaveLength(0);
    expect(await casesFrom('noreply@huiyin.local')).toHaveLength(0);
    expect(await count('INBOX')).toBe(0);
    expect(await count(QUARANTINE)).toBe(quarantinedBefore + 1);
    const token = await runtime.tokenFor('supervisor');
    const quarantine = (await (
      await runtime.request('/api/staff/mail/quarantine', { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: { reason: string }[] };
    expect(quarantine.items.filter((item) => item.reason === 'reply-to-notice')).toHaveLength(1);
  });
});
