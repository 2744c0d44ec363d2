import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/functions.ts';
import { localMessageId, sesReceiptEvent } from '../../infra/local/smtp-listener.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { RAW_MAIL_PREFIX } from '../../shared/domain/mail/inbound-event.ts';
import type { MailboxResult } from '../../shared/use-cases/mailbox.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { clearOfWindowEdge } from '../support/window-edge.ts';

/**
 * Mail loops (RFC 3834 both ways), on the real mailbox function, DynamoDB and S3: what the system sends is
 * marked as automatic; a reply to a notice is not a new petition even when the replying software marks
 * nothing; the system never answers its own addresses; one sender cannot open more than the daily cap.
 * Each message is stored and handed to the function as the SMTP listener does, so its outcome is read
 * directly instead of waited for.
 */

process.env.RATE_LIMITS = 'mailSender=3/86400';

let runtime: TestRuntime;
const composer = createTransport({ streamTransport: true, buffer: true });
const mailbox = 'xinfang@mail.huiyin.local';

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

async function deliver(mail: Mail.Options): Promise<MailboxResult> {
  const raw = (await composer.sendMail({ to: mailbox, ...mail })).message as Buffer;
  const messageId = localMessageId();
  const mailFrom = String(mail.from).replace(/^.*<|>.*$/g, '');
  await runtime.clients.s3.send(
    new PutObjectCommand({
      Bucket: runtime.buckets.mail,
      Key: `${RAW_MAIL_PREFIX}${messageId}`,
      Body: Buffer.concat([Buffer.from(`Return-Path: <${mailFrom}>\r\n`), raw]),
    }),
  );
  const event = sesReceiptEvent(
    { messageId, mailFrom, recipients: [mailbox], timestamp: new Date() },
    'arn:aws:lambda:us-east-1:000000000000:function:huiyin-mailReceiver',
  );
  const { results } = await invoke<{ results: MailboxResult[] }>('mailReceiver', event);
  return results[0]!;
}

const casesFrom = async (email: string) =>
  (await runtime.scanAll()).filter(
    (item) => item.entity === 'case' && (item.petitioner as { email?: string })?.email === email,
  );
const outboxTo = async (email: string) =>
  (await readOutbox(runtime.clients.document, runtime.outboxTable)).filter((entry) => entry.to === email);

describe('mail loops', () => {
  it('marks the acknowledgement as automatic, and a reply to it is not a new petition', async () => {
    const sender = 'wang.wu@example.cn';
    expect(
      await deliver({
        from: `王五 <${sender}>`,
        subject: '桥面破损',
        text: '青山镇石桥桥面破损，行人易摔倒。',
      }),
    ).toMatchObject({ outcome: 'case', replayed: false });
    const [ack] = await eventually(async () => {
      const sent = await outboxTo(sender);
      return sent.length > 0 ? sent : undefined;
    }, 15_000);
    expect(ack!.headers).toEqual({ 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' });
    expect(ack!.messageId).toMatch(/^[0-9a-f]{32}@huiyin\.local$/);

    // An out-of-office reply that marks nothing: no Auto-Submitted, no Precedence, only In-Reply-To.
    expect(
      await deliver({
        from: sender,
        subject: `Re: ${ack!.subject}`,
        text: '我正在休假，将于下周回复。',
        inReplyTo: `<${ack!.messageId}>`,
        references: `<${ack!.messageId}>`,
      }),
    ).toEqual({ outcome: 'quarantined', reason: 'reply-to-notice' });
    // The same for a reply to a notice SES sent (its Message-IDs are under amazonses.com).
    expect(
      await deliver({
        from: sender,
        subject: '回复：诉求已登记',
        text: '收到，谢谢。',
        inReplyTo: '<0100018c2b7e7d1a-5a1b2c3d-aaaa-bbbb-cccc-000000000000-000000@email.amazonses.com>',
      }),
    ).toEqual({ outcome: 'quarantined', reason: 'reply-to-notice' });
    expect(await casesFrom(sender)).toHaveLength(1);
    expect(await outboxTo(sender)).toHaveLength(1);
  });

  it('never answers its own addresses', async () => {
    for (const from of ['noreply@huiyin.local', `回音信访 <${mailbox}>`])
      expect(await deliver({ from, subject: '您的诉求已登记', text: '跟踪码 HY-TEST' })).toEqual({
        outcome: 'refused',
        reason: 'own-address',
      });
    expect(await casesFrom('noreply@huiyin.local')).toHaveLength(0);
    expect(await outboxTo('noreply@huiyin.local')).toHaveLength(0);
  });

  it('lets one address open at most the daily cap of cases; the rest wait for staff', async () => {
    const sender = 'flood@example.cn';
    // The cap is a day's window aligned to the epoch: all four letters must fall into the same one.
    await clearOfWindowEdge(86_400, 30_000);
    const outcomes: string[] = [];
    for (let index = 1; index <= 4; index++)
      outcomes.push(
        (await deliver({ from: sender, subject: `第${index}封`, text: `第${index}封来信，内容各不相同。` }))
          .outcome,
      );
    expect(outcomes).toEqual(['case', 'case', 'case', 'quarantined']);
    await eventually(async () => ((await outboxTo(sender)).length === 3 ? true : undefined), 15_000);
    expect(await casesFrom(sender)).toHaveLength(3);
  });
});
