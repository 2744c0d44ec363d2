import { randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SMTPServer } from 'smtp-server';
import { RAW_MAIL_PREFIX } from '../../shared/domain/mail/inbound-event.ts';
import { MAX_RAW_MAIL_BYTES } from '../../shared/use-cases/mailbox.ts';
import { StartupError } from './errors.ts';
import { invoke } from './functions.ts';
import { assertPortFree } from './ports.ts';

/**
 * The local stand-in for SES receiving: an SMTP server that does what an SES receipt rule does in the cloud
 * (docs/intake-channels.md). It stores each message in the mail bucket under `raw/<message id>` (the
 * emulator's S3), with a `Return-Path` header from the envelope as a receiving MTA adds one, answers 250, and
 * then invokes the mailbox function with an SES receipt event (Lambda action, `Event` invocation), retrying
 * twice on failure as Lambda does for asynchronous invocations. No authentication and no TLS: it listens
 * on the loopback interface only, for the developer's own mail client and the tests.
 */

export interface SmtpListenerOptions {
  readonly port: number;
  readonly host?: string;
  readonly s3: S3Client;
  readonly mailBucket: string;
  readonly log?: (line: string) => void;
  /** Tests: how long to wait between invocation attempts (Lambda waits about a minute, then two). */
  readonly retryDelaysMs?: readonly number[];
}

export interface SmtpListener {
  readonly url: string;
  readonly port: number;
  /** Messages accepted whose mailbox invocation (with its retries) has not finished. */
  pendingDeliveries(): number;
  stop(): Promise<void>;
}

/** SES message ids are lower-case letters and digits; so are these. */
export function localMessageId(): string {
  return randomBytes(20).toString('hex');
}

export interface SesEnvelope {
  readonly messageId: string;
  readonly mailFrom: string;
  readonly recipients: readonly string[];
  readonly timestamp: Date;
}

/**
 * What SES's Lambda action sends (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-lambda-event.html):
 * the mail's envelope and the receipt's verdicts, not the content. Local scanning does not exist, so the
 * verdicts say `DISABLED` (spam, virus) and `GRAY` (SPF, DKIM, DMARC): not checked, not failed.
 */
export function sesReceiptEvent(envelope: SesEnvelope, functionArn: string) {
  const timestamp = envelope.timestamp.toISOString();
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp,
            source: envelope.mailFrom,
            messageId: envelope.messageId,
            destination: [...envelope.recipients],
            headersTruncated: false,
            headers: [],
            commonHeaders: { returnPath: envelope.mailFrom, messageId: envelope.messageId },
          },
          receipt: {
            timestamp,
            processingTimeMillis: 0,
            recipients: [...envelope.recipients],
            spamVerdict: { status: 'DISABLED' },
            virusVerdict: { status: 'DISABLED' },
            spfVerdict: { status: 'GRAY' },
            dkimVerdict: { status: 'GRAY' },
            dmarcVerdict: { status: 'GRAY' },
            action: { type: 'Lambda', functionArn, invocationType: 'Event' },
          },
        },
      },
    ],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const retryDelays = options.retryDelaysMs ?? [1_000, 2_000];
  await assertPortFree(options.port, 'SMTP listener', 'SMTP_PORT');
  const pending = new Set<Promise<void>>();

  const deliver = async (envelope: SesEnvelope) => {
    const event = sesReceiptEvent(
      envelope,
      'arn:aws:lambda:us-east-1:000000000000:function:huiyin-mailReceiver',
    );
    for (let attempt = 0; ; attempt++) {
      try {
        await invoke('mailReceiver', event);
        return;
      } catch (error) {
        if (attempt >= retryDelays.length) {
          log(`[smtp] mailbox failed on message ${envelope.messageId}: ${(error as Error).message}`);
          return;
        }
        await sleep(retryDelays[attempt]!);
      }
    }
  };

  const server = new SMTPServer({
    banner: 'Huiyin local mailbox (stand-in for SES receiving)',
    size: MAX_RAW_MAIL_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const error = new Error('Message exceeds the mailbox size limit') as Error & {
            responseCode: number;
          };
          error.responseCode = 552;
          callback(error);
          return;
        }
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const envelope: SesEnvelope = {
          messageId: localMessageId(),
          mailFrom,
          recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
          timestamp: new Date(),
        };
        // A receiving MTA records the envelope sender as Return-Path (RFC 5321 §4.4); `<>` for bounces.
        const raw = Buffer.concat([Buffer.from(`Return-Path: <${mailFrom}>\r\n`), ...chunks]);
        options.s3
          .send(
            new PutObjectCommand({
              Bucket: options.mailBucket,
              Key: `${RAW_MAIL_PREFIX}${envelope.messageId}`,
              Body: raw,
              ContentType: 'message/rfc822',
            }),
          )
          .then(() => {
            callback(null, `Message accepted as ${envelope.messageId}`);
            const task = deliver(envelope).finally(() => pending.delete(task));
            pending.add(task);
          })
          .catch((error: unknown) => {
            log(`[smtp] could not store a message: ${(error as Error).message}`);
            const failure = new Error('Temporary failure, try again later') as Error & {
              responseCode: number;
            };
            failure.responseCode = 451;
            callback(failure);
          });
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${options.port} (SMTP listener) is already in use; stop the other process or set SMTP_PORT to another port.`,
            )
          : error,
      );
    server.server.once('error', onError);
    server.listen(options.port, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error: Error) => log(`[smtp] ${error.message}`));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `smtp://${host}:${port}`,
    port,
    pendingDeliveries: () => pending.size,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...pending]);
    },
  };
}
