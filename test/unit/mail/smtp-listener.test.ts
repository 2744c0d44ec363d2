import { createServer } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../../../infra/local/errors.ts';
import { freePort } from '../../../infra/local/ports.ts';
import { sesReceiptEvent, startSmtpListener } from '../../../infra/local/smtp-listener.ts';
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
});
