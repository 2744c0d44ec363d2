import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { SmtpTransport } from '../../shared/adapters/notify/smtp-transport.ts';
import {
  NotificationSendError,
  type OutgoingNotification,
} from '../../shared/ports/notification-transport.ts';
import { type SecretsManagerStub, startSecretsManagerStub } from '../support/provider-stubs.ts';
import {
  changeUnit,
  eventually,
  petitionBody,
  startTestRuntime,
  type TestRuntime,
} from '../support/runtime-harness.ts';

/**
 * E-mail through the county's SMTP server (AWS China has no SES): a real SMTP server (`smtp-server`) that
 * requires a login, the transport wired from the environment with its password in Secrets Manager, and the
 * pipeline sending a unit's new-assignment e-mail through it.
 */

const PASSWORD_SECRET = 'huiyin/smtp-password';
const UNIT_ADDRESS = 'jiaotong@qingxi.gov.cn';

interface Received {
  readonly user?: string;
  readonly recipients: string[];
  readonly mail: ParsedMail;
}

let runtime: TestRuntime;
let secrets: SecretsManagerStub;
let server: SMTPServer;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  port = await freePort();
  server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    // The tests run without TLS on the loopback interface; production refuses `none` in cloud stages.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'huiyin@qingxi.gov.cn' && auth.password === 'mail-password')
        return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      if (address.address.startsWith('busy@')) {
        const error = new Error('Try again later') as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      return callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            user: session.user as string | undefined,
            recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  secrets = await startSecretsManagerStub({ [PASSWORD_SECRET]: 'mail-password' });
  Object.assign(process.env, {
    EMAIL_TRANSPORT: 'smtp',
    MAIL_SMTP_HOST: '127.0.0.1',
    MAIL_SMTP_PORT: String(port),
    MAIL_SMTP_SECURITY: 'none',
    MAIL_SMTP_USER: 'huiyin@qingxi.gov.cn',
    MAIL_SMTP_PASSWORD_SECRET: PASSWORD_SECRET,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
  });
  runtime = await startTestRuntime();
  // The transport unit takes its assignments by e-mail too (before any function has cached the catalog).
  await changeUnit(runtime, 'dept-transport', { delivery: 'email', contactEmail: UNIT_ADDRESS });
});

afterAll(async () => {
  await runtime?.stop();
  await secrets?.stop();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const transport = () =>
  new SmtpTransport({
    host: '127.0.0.1',
    port,
    security: 'none',
    user: 'huiyin@qingxi.gov.cn',
    password: async () => 'mail-password',
    sender: 'noreply@qingxi.gov.cn',
  });

const notice = (overrides: Partial<OutgoingNotification> = {}): OutgoingNotification => ({
  id: 'case-1:3:replied:email:0123456789abcdef',
  channel: 'email',
  to: 'resident@example.cn',
  subject: '您的诉求已答复（HY-ABCD-EFGH）',
  body: '您好：\n\n您的诉求已答复。',
  caseId: 'case-1',
  trackingCode: 'HY-ABCD-EFGH',
  template: 'replied',
  ...overrides,
});

describe('e-mail over SMTP', () => {
  it('sends a unit its new assignment through the county server, logged in with the password from Secrets Manager', async () => {
    const { caseId, trackingCode } = (await (
      await runtime.postJson('/api/petitions', petitionBody({ categoryCode: 'transport' }))
    ).json()) as { caseId: string; trackingCode: string };
    const message = await eventually(
      async () => received.find((entry) => entry.mail.subject?.includes(trackingCode)),
      20_000,
    );
    expect(message.user).toBe('huiyin@qingxi.gov.cn');
    expect(message.recipients).toEqual([UNIT_ADDRESS]);
    expect(message.mail.from?.text).toBe('noreply@huiyin.local');
    expect(message.mail.subject).toContain('新交办件');
    expect(message.mail.text).toContain(trackingCode);
    // Derived from the notification id (which holds the case id), not random: a resend is recognisable.
    expect(message.mail.messageId).toMatch(/^<[0-9a-f]{32}@huiyin\.local>$/);
    expect(caseId).toBeTruthy();
    expect(secrets.reads.get(PASSWORD_SECRET)).toBe(1);
  });

  it('marks every message as automatic, forwards the headers the notification sets, and gives a resend the same Message-ID', async () => {
    const smtp = transport();
    await smtp.send(notice({ headers: { 'X-Huiyin-Notice': 'replied' } }));
    await smtp.send(notice({ headers: { 'X-Huiyin-Notice': 'replied' } }));
    await smtp.send(notice({ id: 'case-2:1:registered:email:0123456789abcdef', template: 'registered' }));
    const copies = received.filter((entry) => entry.recipients.includes('resident@example.cn'));
    expect(copies).toHaveLength(3);
    for (const copy of copies.slice(0, 2)) {
      // RFC 3834: a notice is auto-generated, the acknowledgement of a petition auto-replied (below).
      expect(copy.mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(copy.mail.headers.get('x-auto-response-suppress')).toBe('All');
      expect(copy.mail.headers.get('x-huiyin-notice')).toBe('replied');
    }
    expect(copies[2]!.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(copies[0]!.mail.messageId).toBe(copies[1]!.mail.messageId);

    await expect(smtp.send(notice({ headers: { 'X-Injected': 'a\r\nBcc: x@example.cn' } }))).rejects.toThrow(
      /invalid header/,
    );
  });

  it('calls a recipient the server refuses for good undeliverable, and a temporary refusal worth a retry', async () => {
    const smtp = transport();
    const refused = await smtp.send(notice({ to: 'nobody@qingxi.gov.cn' })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NotificationSendError);
    expect(refused).toMatchObject({ code: 'EENVELOPE:550', undeliverable: true });

    const busy = await smtp.send(notice({ to: 'busy@qingxi.gov.cn' })).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(NotificationSendError);
    expect(busy).toMatchObject({ code: 'EENVELOPE:451', undeliverable: false });
  });
});
