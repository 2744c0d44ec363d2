import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createTransport, type Transporter } from 'nodemailer';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import type { Case } from '../../shared/domain/case/model.ts';
import {
  eventually,
  SETTLE_TEST_TIMEOUT_MS,
  startTestRuntime,
  type TestRuntime,
} from '../support/runtime-harness.ts';

/**
 * The mailbox end to end: real SMTP (nodemailer) → local listener → raw message in the emulator's S3 →
 * mailbox function with an SES receipt event → case, acknowledgement, quarantine.
 */

let runtime: TestRuntime;
let smtp: Transporter;

/** A 1×1 PNG. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  runtime = await startTestRuntime({ smtpPort: await freePort() });
  const port = Number(new URL(runtime.smtpUrl!).port);
  smtp = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
});

afterAll(async () => {
  smtp?.close();
  await runtime?.stop();
});

async function casesFrom(email: string): Promise<Case[]> {
  const items = await runtime.scanAll();
  return items.filter(
    (item) => item.entity === 'case' && (item.petitioner as { email?: string })?.email === email,
  ) as unknown as Case[];
}

async function tokenHeaders(username: string) {
  return { authorization: `Bearer ${await runtime.tokenFor(username)}` };
}

describe('a resident writes to the mailbox', () => {
  it('becomes an e-mail case with its attachment in S3, acknowledged by e-mail with the tracking code', async () => {
    const sender = 'li.si@example.cn';
    const info = await smtp.sendMail({
      from: '李四 <li.si@example.cn>',
      to: 'studio-xikou@mail.huiyin.local',
      subject: '茶园灌溉用水不足',
      text: '溪口村茶园今年灌溉用水不足，希望协调水渠清淤。\n联系电话：（未留）',
      attachments: [
        { filename: '水渠照片.png', content: png, contentType: 'image/png' },
        {
          filename: 'setup.exe',
          content: Buffer.from('MZ\x90\x00 not allowed'),
          contentType: 'application/octet-stream',
        },
      ],
    });
    expect(info.accepted).toEqual(['studio-xikou@mail.huiyin.local']);

    const [found] = await eventually(async () => {
      const cases = await casesFrom(sender);
      return cases.length > 0 ? cases : undefined;
    }, 10_000);
    expect(found).toMatchObject({
      channel: 'email',
      studioId: 'studio-xikou',
      jurisdictionCode: 'xikou',
      title: '茶园灌溉用水不足',
      petitioner: { name: '李四', email: sender, anonymous: false },
    });
    expect(found!.petitioner.phone).toBeUndefined();
    expect(found!.petitioner.trackingPin).toMatch(/^\d{4}$/);
    expect(found!.content).toContain('未保存 1 个');
    expect(found!.content).toContain('setup.exe（类型不允许）');
    expect(found!.attachments).toHaveLength(1);
    const [attachment] = found!.attachments!;
    expect(attachment).toMatchObject({ contentType: 'image/png', source: 'email', name: '水渠照片.png' });
    const stored = await runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: runtime.buckets.attachments, Key: attachment!.key }),
    );
    // Rebuilt from its pixels (clean-image.ts): the same 1×1 picture, not the same bytes.
    const kept = await sharp(Buffer.from(await stored.Body!.transformToByteArray())).metadata();
    expect([kept.format, kept.width, kept.height]).toEqual(['png', 1, 1]);

    const acknowledgement = await eventually(async () => {
      const outbox = await readOutbox(runtime.clients.document, runtime.outboxTable);
      return outbox.find((entry) => entry.to === sender && entry.template === 'registered');
    }, 10_000);
    expect(acknowledgement.channel).toBe('email');
    expect(acknowledgement.body).toContain(found!.trackingCode);
    expect(acknowledgement.body).toContain(`查询码 ${found!.petitioner.trackingPin}`);

    // The tracking page takes the PIN where it asks for the phone's last four digits.
    const tracked = await runtime.request(
      `/api/petitions/${found!.trackingCode}?phone=${found!.petitioner.trackingPin}`,
    );
    expect(tracked.status).toBe(200);
    const wrong = String((Number(found!.petitioner.trackingPin) + 1) % 10_000).padStart(4, '0');
    expect((await runtime.request(`/api/petitions/${found!.trackingCode}?phone=${wrong}`)).status).toBe(404);
  });

  it('takes a phone number the sender labelled as theirs, so the acknowledgement also goes by SMS', async () => {
    const sender = 'wang.wu@example.cn';
    await smtp.sendMail({
      from: sender,
      to: 'xinfang@mail.huiyin.local',
      subject: '青山镇路灯不亮',
      text: '青山镇新街路灯一个月没亮了。\n\n联系电话：139 0000 4321',
    });
    const [found] = await eventually(async () => {
      const cases = await casesFrom(sender);
      return cases.length > 0 ? cases : undefined;
    }, 10_000);
    expect(found).toMatchObject({ jurisdictionCode: 'qingshan', petitioner: { phone: '13900004321' } });
    expect(found!.studioId).toBeUndefined();
    const sms = await eventually(async () => {
      const outbox = await readOutbox(runtime.clients.document, runtime.outboxTable);
      return outbox.find((entry) => entry.to === '13900004321' && entry.template === 'registered');
    }, 10_000);
    expect(sms.body).toContain(found!.trackingCode);
  });

  it(
    'makes one case of the same Message-ID delivered twice',
    async () => {
      const sender = 'twice@example.cn';
      const message = {
        from: sender,
        to: 'xinfang@mail.huiyin.local',
        subject: '同一封信投递两次',
        text: '白石乡小学门口缺少减速带，请设置。',
        messageId: '<resend-4711@example.cn>',
      };
      await smtp.sendMail(message);
      await smtp.sendMail(message);
      await eventually(async () => ((await casesFrom(sender)).length > 0 ? true : undefined), 10_000);
      // Both deliveries have been handled (and everything they set off) once the pipeline has settled.
      await runtime.settled();
      expect(await casesFrom(sender)).toHaveLength(1);
    },
    SETTLE_TEST_TIMEOUT_MS,
  );
});

describe('machine mail and broken mail', () => {
  it(
    'creates nothing for auto-replies, bounces and list mail',
    async () => {
      const sender = 'robot@example.cn';
      const variants: { headers?: Record<string, string>; envelopeFrom?: string }[] = [
        { headers: { 'Auto-Submitted': 'auto-replied' } },
        { headers: { Precedence: 'bulk' } },
        { headers: { 'X-Autoreply': 'yes' } },
        { headers: { 'X-Auto-Response-Suppress': 'All' } },
        { envelopeFrom: '' },
      ];
      for (const [index, variant] of variants.entries()) {
        await smtp.sendMail({
          from: sender,
          to: 'xinfang@mail.huiyin.local',
          subject: `自动回复：我正在休假 ${index}`,
          text: '您好，我正在休假，将于下周回复您的邮件。',
          ...(variant.headers ? { headers: variant.headers } : {}),
          ...(variant.envelopeFrom !== undefined
            ? { envelope: { from: variant.envelopeFrom, to: 'xinfang@mail.huiyin.local' } }
            : {}),
        });
      }
      // A person's message sent after them: once it is a case, the machine mail before it has been handled.
      const person = 'after-robots@example.cn';
      await smtp.sendMail({
        from: person,
        to: 'xinfang@mail.huiyin.local',
        subject: '东城街道垃圾清运不及时',
        text: '东城街道幸福小区垃圾三天没有清运。',
      });
      await eventually(async () => ((await casesFrom(person)).length > 0 ? true : undefined), 10_000);
      await runtime.settled();
      expect(await casesFrom(sender)).toHaveLength(0);
      const outbox = await readOutbox(runtime.clients.document, runtime.outboxTable);
      expect(outbox.filter((entry) => entry.to === sender)).toHaveLength(0);
      const quarantine = (await (
        await runtime.request('/api/staff/mail/quarantine', { headers: await tokenHeaders('supervisor') })
      ).json()) as { items: { subject?: string }[] };
      expect(quarantine.items.filter((item) => item.subject?.startsWith('自动回复'))).toHaveLength(0);
    },
    SETTLE_TEST_TIMEOUT_MS,
  );

  it('keeps a malformed message for staff review and lists it for supervisors only', async () => {
    // No From header at all, and a body that is not MIME: no sender to answer, nothing to register.
    await smtp.sendMail({
      envelope: { from: 'broken@example.cn', to: ['xinfang@mail.huiyin.local'] },
      raw: 'Subject: =?UTF-8?B?5o2f5Z2P55qE6YKu5Lu2?=\r\nContent-Type: multipart/mixed\r\n\r\n--\x00\x01garbage',
    });
    const entry = await eventually(async () => {
      const response = await runtime.request('/api/staff/mail/quarantine', {
        headers: await tokenHeaders('supervisor'),
      });
      const body = (await response.json()) as {
        items: { reason: string; rawKey: string; subject?: string; status: string }[];
      };
      return body.items.find((item) => item.subject === '损坏的邮件');
    }, 10_000);
    expect(entry).toMatchObject({ reason: 'no-sender', status: 'pending' });
    expect(entry.rawKey).toMatch(/^raw\/[0-9a-f]{40}$/);
    const raw = await runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: runtime.buckets.mail, Key: entry.rawKey }),
    );
    expect(await raw.Body!.transformToString()).toContain('garbage');

    const liaison = await runtime.request('/api/staff/mail/quarantine', {
      headers: await tokenHeaders('liaison-studio-xikou'),
    });
    expect(liaison.status).toBe(403);
  });
});
