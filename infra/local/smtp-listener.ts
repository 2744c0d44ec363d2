import { randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SMTPServer } from 'smtp-server';
import { RAW_MAIL_PREFIX } from '../../shared/domain/mail/inbound-event.ts';
import { type FunctionName, inboundMail } from '../../shared/topology.ts';
import { MAX_RAW_MAIL_BYTES } from '../../shared/use-cases/mailbox.ts';
import { StartupError } from './errors.ts';
import { localFunctionArn } from './functions.ts';
import { assertPortFree } from './ports.ts';

/**
 * The local stand-in for SES receiving: an SMTP server that does what an SES receipt rule does in the cloud
 * (docs/intake-channels.md). It stores each message in the mail bucket under `raw/<message id>` (the
 * emulator's S3), with a `Return-Path` header from the envelope as a receiving MTA adds one, answers 250, and
 * then invokes the mailbox function asynchronously with an SES receipt event (Lambda action, `Event`
 * invocation): through the runtime's async invoker, which retries and then records a failure in the on-failure
 * destination as Lambda does. No authentication and no TLS: it listens on the loopback interface only, for the
 * developer's own mail client and the tests.
 */

export interface SmtpListenerOptions {
  readonly port: number;
  readonly host?: string;
  readonly s3: S3Client;
  readonly mailBucket: string;
  readonly log?: (line: string) => void;
  /** Lambda's asynchronous invocation (infra/local/async-invoke.ts): returns at once, retries, records failures. */
  readonly invokeAsync: (fn: FunctionName, event: unknown) => void;
  /** Tests: a smaller size limit (default MAX_RAW_MAIL_BYTES, as the mailbox reads). */
  readonly maxMessageBytes?: number;
}

/** Recipients one message may name (50, as SES allows per message when sending). */
export const MAX_RECIPIENTS = 50;

/**
 * Collects a message's chunks up to `limit` bytes and drops the rest while counting it: an oversized message
 * is read to its end (SMTP needs that to answer 552) but never held in memory beyond the limit.
 */
export function boundedCollector(limit: number) {
  const chunks: Buffer[] = [];
  let received = 0;
  let retained = 0;
  return {
    push(chunk: Buffer) {
      received += chunk.length;
      if (received > limit) {
        chunks.length = 0;
        retained = 0;
        return;
      }
      chunks.push(chunk);
      retained += chunk.length;
    },
    get exceeded() {
      return received > limit;
    },
    get retainedBytes() {
      return retained;
    },
    bytes: () => Buffer.concat(chunks),
  };
}

export interface SmtpListener {
  readonly url: string;
  readonly port: number;
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

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const maxBytes = options.maxMessageBytes ?? MAX_RAW_MAIL_BYTES;
  await assertPortFree(options.port, 'SMTP listener', 'SMTP_PORT');

  const deliver = (envelope: SesEnvelope) =>
    options.invokeAsync(inboundMail.fn, sesReceiptEvent(envelope, localFunctionArn(inboundMail.fn)));

  const server = new SMTPServer({
    banner: 'Huiyin local mailbox (stand-in for SES receiving)',
    size: maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(_address, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
        const error = new Error(`Too many recipients (at most ${MAX_RECIPIENTS})`) as Error & {
          responseCode: number;
        };
        error.responseCode = 452; // RFC 5321 §4.5.3.1.10: the client sends the rest in another message.
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const body = boundedCollector(maxBytes);
      stream.on('data', (chunk: Buffer) => body.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded || body.exceeded) {
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
        const raw = Buffer.concat([Buffer.from(`Return-Path: <${mailFrom}>\r\n`), body.bytes()]);
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
            deliver(envelope);
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
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
