import * as z from 'zod';
import {
  type SmsTemplateSettings,
  smsSignNameSchema,
  smsTemplatesSchema,
} from '../domain/notifications/sms-templates.ts';
import { ConfigurationError } from '../errors/index.ts';
import { httpUrl, isCloudStage, notifyTransport, readEnvGroupOnce } from './env.ts';

/**
 * Settings of the transports for mainland China (docs/deploy-china.md): SMS through Tencent Cloud, e-mail out
 * over SMTP and in over IMAP, where AWS China has neither SNS SMS nor SES. Apart from `env.ts` so that the
 * functions that never send or read mail do not load these schemas. Each group is read and validated once,
 * on first use, and cleared with the rest by `resetEnvCache`.
 */

/** A JSON document in one variable, parsed and then validated by `schema`. */
function jsonSetting<T>(schema: z.ZodType<T>) {
  return z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'expected JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const hostname = /* @__PURE__ */ z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, 'expected a host name');
const portNumber = /* @__PURE__ */ z.coerce.number().int().min(1).max(65535);
/** `tls`: TLS from the first byte (465, 993); `starttls`: upgrade required (587, 143); `none`: local tests only. */
const mailSecurity = /* @__PURE__ */ z.enum(['tls', 'starttls', 'none']);
export type MailSecurity = z.infer<typeof mailSecurity>;
/** Secrets Manager secret: its ARN or name (the value is read once per cold start, never put in the environment). */
const secretId = /* @__PURE__ */ z.string().min(1).max(2048);

function refuseCleartextInCloud(security: MailSecurity, variable: string): void {
  if (security === 'none' && isCloudStage())
    throw new ConfigurationError(`${variable}=none (no TLS) is refused in a cloud stage`);
}

/** Where SMS go: `sns` (global profile), `tencent` (Tencent Cloud SMS, china profile), `outbox` (one machine). */
export function smsTransport(): 'sns' | 'tencent' | 'outbox' {
  const { SMS_TRANSPORT } = readEnvGroupOnce(
    'sms-transport',
    z.object({ SMS_TRANSPORT: z.enum(['sns', 'tencent', 'outbox']).optional() }),
  );
  return SMS_TRANSPORT ?? (notifyTransport() === 'aws' ? 'sns' : 'outbox');
}

/** Where e-mail goes: `ses` (global profile), `smtp` (the county's mail provider), `outbox` (one machine). */
export function emailTransport(): 'ses' | 'smtp' | 'outbox' {
  const { EMAIL_TRANSPORT } = readEnvGroupOnce(
    'email-transport',
    z.object({ EMAIL_TRANSPORT: z.enum(['ses', 'smtp', 'outbox']).optional() }),
  );
  return EMAIL_TRANSPORT ?? (notifyTransport() === 'aws' ? 'ses' : 'outbox');
}

/**
 * The registered SMS templates (`SMS_TEMPLATES`, JSON, see `domain/notifications/sms-templates.ts`) and the
 * signature (`SMS_SIGN_NAME`). Required by the Tencent transport; with the outbox they make it show the
 * template form of every SMS. `null` when `SMS_TEMPLATES` is unset.
 */
export function smsTemplateSettings(): SmsTemplateSettings | null {
  if (process.env.SMS_TEMPLATES === undefined && smsTransport() !== 'tencent') return null;
  const settings = readEnvGroupOnce(
    'sms-templates',
    z.object({ SMS_SIGN_NAME: smsSignNameSchema, SMS_TEMPLATES: jsonSetting(smsTemplatesSchema) }),
  );
  return { signName: settings.SMS_SIGN_NAME, templates: settings.SMS_TEMPLATES };
}

export interface TencentSmsSettings {
  /** The SMS application's SdkAppId (短信控制台 → 应用管理), e.g. `1400006666`. */
  readonly appId: string;
  readonly region: 'ap-beijing' | 'ap-guangzhou' | 'ap-nanjing';
  readonly endpoint: string;
  /** Secret holding `{"secretId": "…", "secretKey": "…"}` of a CAM user allowed `sms:SendSms`. */
  readonly credentialsSecret: string;
}

export function tencentSmsSettings(): TencentSmsSettings {
  const settings = readEnvGroupOnce(
    'sms-tencent',
    z.object({
      SMS_SDK_APP_ID: z.string().regex(/^\d{6,20}$/, 'expected the SdkAppId, e.g. 1400006666'),
      SMS_REGION: z.enum(['ap-beijing', 'ap-guangzhou', 'ap-nanjing']).default('ap-guangzhou'),
      SMS_ENDPOINT: httpUrl.default('https://sms.tencentcloudapi.com'),
      SMS_CREDENTIALS_SECRET: secretId,
    }),
  );
  if (isCloudStage() && !settings.SMS_ENDPOINT.startsWith('https://'))
    throw new ConfigurationError('SMS_ENDPOINT must be https:// in a cloud stage');
  return {
    appId: settings.SMS_SDK_APP_ID,
    region: settings.SMS_REGION,
    endpoint: settings.SMS_ENDPOINT,
    credentialsSecret: settings.SMS_CREDENTIALS_SECRET,
  };
}

export interface MailServerSettings {
  readonly host: string;
  readonly port: number;
  readonly security: MailSecurity;
  readonly user?: string;
  /** Secret holding the password (a plain secret string). */
  readonly passwordSecret?: string;
}

/** The county's outgoing mail server (`MAIL_SMTP_*`), for `EMAIL_TRANSPORT=smtp`. */
export function smtpSettings(): MailServerSettings {
  const settings = readEnvGroupOnce(
    'smtp',
    z
      .object({
        MAIL_SMTP_HOST: hostname,
        MAIL_SMTP_PORT: portNumber.optional(),
        MAIL_SMTP_SECURITY: mailSecurity.default('starttls'),
        MAIL_SMTP_USER: z.string().min(1).max(320).optional(),
        MAIL_SMTP_PASSWORD_SECRET: secretId.optional(),
      })
      .refine((value) => !value.MAIL_SMTP_USER === !value.MAIL_SMTP_PASSWORD_SECRET, {
        path: ['MAIL_SMTP_PASSWORD_SECRET'],
        message: 'MAIL_SMTP_USER and MAIL_SMTP_PASSWORD_SECRET go together',
      }),
  );
  refuseCleartextInCloud(settings.MAIL_SMTP_SECURITY, 'MAIL_SMTP_SECURITY');
  const defaultPort = { tls: 465, starttls: 587, none: 25 }[settings.MAIL_SMTP_SECURITY];
  return {
    host: settings.MAIL_SMTP_HOST,
    port: settings.MAIL_SMTP_PORT ?? defaultPort,
    security: settings.MAIL_SMTP_SECURITY,
    ...(settings.MAIL_SMTP_USER ? { user: settings.MAIL_SMTP_USER } : {}),
    ...(settings.MAIL_SMTP_PASSWORD_SECRET ? { passwordSecret: settings.MAIL_SMTP_PASSWORD_SECRET } : {}),
  };
}

export interface ImapSettings extends MailServerSettings {
  readonly user: string;
  readonly passwordSecret: string;
  /** The mailbox's own address: the recipient of a message that names none (studio attribution). */
  readonly address: string;
  readonly folder: string;
  /** Where handled messages go (`/`-separated path; created if missing). */
  readonly processedFolder: string;
  /** Where quarantined messages go, so they stay findable next to the quarantine list. */
  readonly quarantineFolder: string;
  /** Messages taken per run at most (the rest wait for the next run). */
  readonly batchSize: number;
}

const folderPath = /* @__PURE__ */ z
  .string()
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  .regex(/^[^\u0000-\u001F*%"\\]{1,200}$/, 'expected a folder path like Huiyin/Processed');

/** The county's mailbox the `imap-poll` job reads (`MAIL_IMAP_*`); `null` when `MAIL_IMAP_HOST` is unset. */
export function imapSettings(): ImapSettings | null {
  if (!process.env.MAIL_IMAP_HOST) return null;
  const settings = readEnvGroupOnce(
    'imap',
    z.object({
      MAIL_IMAP_HOST: hostname,
      MAIL_IMAP_PORT: portNumber.optional(),
      MAIL_IMAP_SECURITY: mailSecurity.default('tls'),
      MAIL_IMAP_USER: z.string().min(1).max(320),
      MAIL_IMAP_PASSWORD_SECRET: secretId,
      MAIL_IMAP_ADDRESS: z.email().optional(),
      MAIL_IMAP_FOLDER: folderPath.default('INBOX'),
      MAIL_IMAP_PROCESSED_FOLDER: folderPath.default('Huiyin/Processed'),
      MAIL_IMAP_QUARANTINE_FOLDER: folderPath.default('Huiyin/Quarantine'),
      MAIL_IMAP_BATCH_SIZE: z.coerce.number().int().min(1).max(200).default(25),
    }),
  );
  refuseCleartextInCloud(settings.MAIL_IMAP_SECURITY, 'MAIL_IMAP_SECURITY');
  const address = settings.MAIL_IMAP_ADDRESS ?? settings.MAIL_IMAP_USER;
  if (!z.email().safeParse(address).success)
    throw new ConfigurationError(
      'MAIL_IMAP_ADDRESS is required when MAIL_IMAP_USER is not an e-mail address',
    );
  return {
    host: settings.MAIL_IMAP_HOST,
    port: settings.MAIL_IMAP_PORT ?? (settings.MAIL_IMAP_SECURITY === 'tls' ? 993 : 143),
    security: settings.MAIL_IMAP_SECURITY,
    user: settings.MAIL_IMAP_USER,
    passwordSecret: settings.MAIL_IMAP_PASSWORD_SECRET,
    address,
    folder: settings.MAIL_IMAP_FOLDER,
    processedFolder: settings.MAIL_IMAP_PROCESSED_FOLDER,
    quarantineFolder: settings.MAIL_IMAP_QUARANTINE_FOLDER,
    batchSize: settings.MAIL_IMAP_BATCH_SIZE,
  };
}
