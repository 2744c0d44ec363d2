import type { Transporter } from 'nodemailer';
import { notificationMessageId, outgoingMailHeaders } from '../../domain/mail/outgoing-headers.ts';
import {
  NotificationSendError,
  type NotificationTransport,
  type OutgoingNotification,
} from '../../ports/notification-transport.ts';

/**
 * E-mail through the county's own mail server over SMTP (`nodemailer`), where SES does not exist (AWS China).
 * One connection per message, no pool: a Lambda container is frozen between invocations and a pooled
 * connection would be dead when it thaws. `nodemailer` is imported on first use.
 *
 * The Message-ID derives from the notification's id, so a message sent again after a crash (the ledger's
 * stale claim taken over) carries the same Message-ID and receiving clients show it once.
 */

export interface SmtpTransportOptions {
  readonly host: string;
  readonly port: number;
  /** `tls`: TLS from the first byte; `starttls`: the upgrade is required; `none`: local tests only. */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly user?: string;
  readonly password?: () => Promise<string>;
  /** The From address. */
  readonly sender: string;
}

/** Header names and values a notification may add; anything else would be a header injection. */
const HEADER_NAME = /^[A-Za-z0-9-]{1,76}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks in a header value are the injection.
const HEADER_VALUE = /^[^\r\n\u0000]{0,998}$/;

export class SmtpTransport implements NotificationTransport {
  readonly #options: SmtpTransportOptions;
  readonly #domain: string;
  #transporter?: Promise<Transporter>;

  constructor(options: SmtpTransportOptions) {
    this.#options = options;
    this.#domain = options.sender.split('@').pop() ?? 'localhost';
  }

  async send(notification: OutgoingNotification): Promise<void> {
    if (notification.channel !== 'email')
      throw new Error(`SmtpTransport does not send ${notification.channel} notifications`);
    const headers = outgoingMailHeaders(notification.template, notification.headers);
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(value))
        throw new Error(`notification ${notification.id} carries an invalid header ${JSON.stringify(name)}`);
    }
    if (!this.#transporter) {
      this.#transporter = this.#create();
      // A failed set-up (the password could not be read) is tried again on the next message.
      this.#transporter.catch(() => {
        this.#transporter = undefined;
      });
    }
    const transporter = await this.#transporter;
    try {
      await transporter.sendMail({
        from: this.#options.sender,
        to: notification.to,
        subject: notification.subject ?? '',
        text: notification.body,
        headers: { ...headers },
        messageId: `<${notificationMessageId(notification.id, this.#domain)}>`,
      });
    } catch (error) {
      throw smtpError(error);
    }
  }

  async #create(): Promise<Transporter> {
    const { createTransport } = await import('nodemailer');
    const { host, port, security, user, password } = this.#options;
    return createTransport({
      host,
      port,
      secure: security === 'tls',
      requireTLS: security === 'starttls',
      ignoreTLS: security === 'none',
      ...(user && password ? { auth: { user, pass: await password() } } : {}),
      tls: { minVersion: 'TLSv1.2', servername: host },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }
}

/**
 * nodemailer's error as a provider code (`EENVELOPE:550`): a recipient the server refuses for good (5xx at
 * RCPT) is undeliverable; a 4xx, a dropped connection or a refused login is worth another attempt.
 */
function smtpError(error: unknown): NotificationSendError {
  const failure = error as { code?: unknown; responseCode?: unknown };
  const code = typeof failure.code === 'string' && failure.code ? failure.code : 'SmtpError';
  const status = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const undeliverable = code === 'EENVELOPE' && status !== undefined && status >= 500;
  return new NotificationSendError(status ? `${code}:${status}` : code, undeliverable, { cause: error });
}
