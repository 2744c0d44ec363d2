import { createServer } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../../../infra/local/errors.ts';
import { freePort } from '../../../infra/local/ports.ts';
import {
  boundedCollector,
  MAX_RECIPIENTS,
  sesReceiptEvent,
  startSmtpListener,
} from '../../../infra/local/smtp-listener.ts';
import { deliveriesOf, inboundMailEventSchema } from '../../../shared/domain/mail/inbound-event.ts';

describe('the local SMTP listener', () => {
  it('says in one line which variable to change when its port is taken', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
    try {
      const started = startSmtpListener({
        port,
        s3: new S3Client({}),
        mailBucket: 'mail',
        invokeAsync: () => undefined,
      });
      await expect(started).rejects.toBeInstanceOf(StartupError);
      await expect(started).rejects.toThrow(
        `Port ${port} (SMTP listener) is already in use; stop the other process or set SMTP_PORT to another port.`,
      );
    } finally {
      blocker.close();
    }
  });

  it('starts and stops, printing its URL', async () => {
    const listener = await startSmtpListener({
      port: await freePort(),
      s3: new S3Client({}),
      mailBucket: 'mail',
      invokeAsync: () => undefined,
    });
    expect(listener.url).toBe(`smtp://127.0.0.1:${listener.port}`);
    await listener.stop();
  });

  it('invokes the mailbox with the event SES would send, which the mailbox reads back', () => {
    const event = sesReceiptEvent(
      {
        messageId: 'a'.repeat(40),
        mailFrom: '',
        recipients: ['xinfang@huiyin.local'],
        timestamp: new Date(0),
      },
      'arn:aws:lambda:us-east-1:000000000000:function:x',
    );
    expect(deliveriesOf(inboundMailEventSchema.parse(event))).toEqual([
      {
        bucket: null,
        key: `raw/${'a'.repeat(40)}`,
        deliveryId: 'a'.repeat(40),
        envelopeSender: '',
        recipients: ['xinfang@huiyin.local'],
        virusFound: false,
        spamFound: false,
      },
    ]);
  });

  it('never holds more than the limit of a message in memory, and says so when it is over', () => {
    const body = boundedCollector(1_000);
    body.push(Buffer.alloc(600));
    expect([body.exceeded, body.retainedBytes]).toEqual([false, 600]);
    for (let index = 0; index < 100; index++) body.push(Buffer.alloc(600));
    expect([body.exceeded, body.retainedBytes, body.bytes().length]).toEqual([true, 0, 0]);
  });

  it('refuses an oversized message with 552, and recipients past the cap with 452', async () => {
    const stored: unknown[] = [];
    const s3 = { send: async (command: unknown) => stored.push(command) } as unknown as S3Client;
    const invoked: string[][] = [];
    const listener = await startSmtpListener({
      port: await freePort(),
      s3,
      mailBucket: 'mail',
      maxMessageBytes: 64 * 1024,
      invokeAsync: (_fn, event) =>
        invoked.push((event as ReturnType<typeof sesReceiptEvent>).Records[0]!.ses.receipt.recipients),
    });
    const smtp = createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    try {
      await expect(
        smtp.sendMail({
          from: 'a@example.cn',
          to: 'xinfang@huiyin.local',
          subject: 'big',
          text: 'x'.repeat(512 * 1024),
        }),
      ).rejects.toMatchObject({ responseCode: 552 });
      expect(stored).toEqual([]);

      const many = Array.from({ length: MAX_RECIPIENTS + 1 }, (_, index) => `r${index}@huiyin.local`);
      const sent = await smtp.sendMail({ from: 'a@example.cn', to: many, subject: 'many', text: 'hi' });
      expect(sent.rejected).toEqual([`r${MAX_RECIPIENTS}@huiyin.local`]);
      expect(sent.rejectedErrors?.[0]).toMatchObject({ responseCode: 452 });
      expect(stored).toHaveLength(1);
      await listener.stop();
      expect(invoked).toEqual([many.slice(0, MAX_RECIPIENTS)]);
    } finally {
      smtp.close();
      await listener.stop();
    }
  });
});
