import * as z from 'zod';
import { ConfigurationError } from '../errors/index.ts';
import { countySecretEnvNames } from '../topology.ts';
import { type EnvironmentVariables, isCloudStage, parseEnvGroup, readEnvOnce } from './read-env.ts';

/**
 * Settings of the county's own mail server (docs/deploy-china.md): e-mail out over SMTP and in over IMAP, where
 * AWS China has no SES. Apart from the SMS settings (`mainland-env.ts`), so that the mailbox reader does not load
 * the SMS template rules. Each group is read and validated once, on first use, and cleared with the rest by
 * `resetEnvCache`. The `parse…` functions are pure: the CDK app checks the environment it writes with them.
 */

const hostname = /* @__PURE__ */ z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, 'expected a host name');
const portNumber = /* @__PURE__ */ z.coerce.number().int().min(1).max(65535);
/** `tls`: TLS from the first byte (465, 993); `starttls`: upgrade required (587, 143); `none`: local tests only. */
const mailSecurity = /* @__PURE__ */ z.enum(['tls', 'starttls', 'none']);
export type MailSecurity = z.infer<typeof mailSecurity>;
/** Secrets Manager secret: its ARN or name (the value is read on first use, never put in the environment). */
export const secretId = /* @__PURE__ */ z.string().min(1).max(2048);

export function refuseCleartextInCloud(security: MailSecurity, variable: string, cloud: boolean): void {
  if (security === 'none' && cloud)
    throw new ConfigurationError(`${variable}=none (no TLS) is refused in a cloud stage`);
}

export interface MailServerSettings {
  readonly host: string;
  readonly port: number;
  readonly security: MailSecurity;
  readonly user?: string;
  /** Secret holding the password (a plain secret string). */
  readonly passwordSecret?: string;
}

const smtpPasswordVariable = countySecretEnvNames.smtpPassword;

/** The variables of the county's outgoing mail server (`MAIL_SMTP_*`). */
export const smtpEnvSchema = /* @__PURE__ */ z
  .object({
    MAIL_SMTP_HOST: hostname,
    MAIL_SMTP_PORT: portNumber.optional(),
    MAIL_SMTP_SECURITY: mailSecurity.default('starttls'),
    MAIL_SMTP_USER: z.string().min(1).max(320).optional(),
    [smtpPasswordVariable]: secretId.optional(),
  })
  .refine((value) => !value.MAIL_SMTP_USER === !value[smtpPasswordVariable], {
    path: [smtpPasswordVariable],
    message: `MAIL_SMTP_USER and ${smtpPasswordVariable} go together`,
  });

export function parseSmtpSettings(env: EnvironmentVariables, cloud: boolean): MailServerSettings {
  const settings = parseEnvGroup('smtp', smtpEnvSchema, env);
  refuseCleartextInCloud(settings.MAIL_SMTP_SECURITY, 'MAIL_SMTP_SECURITY', cloud);
  const defaultPort = { tls: 465, starttls: 587, none: 25 }[settings.MAIL_SMTP_SECURITY];
  const passwordSecret = settings[smtpPasswordVariable];
  return {
    host: settings.MAIL_SMTP_HOST,
    port: settings.MAIL_SMTP_PORT ?? defaultPort,
    security: settings.MAIL_SMTP_SECURITY,
    ...(settings.MAIL_SMTP_USER ? { user: settings.MAIL_SMTP_USER } : {}),
    ...(passwordSecret ? { passwordSecret } : {}),
  };
}

/** The county's outgoing mail server (`MAIL_SMTP_*`), for `EMAIL_TRANSPORT=smtp`. */
export function smtpSettings(): MailServerSettings {
  return readEnvOnce('smtp', () => parseSmtpSettings(process.env, isCloudStage()));
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

const imapPasswordVariable = countySecretEnvNames.imapPassword;

/** The variables of the county's mailbox (`MAIL_IMAP_*`). */
export const imapEnvSchema = /* @__PURE__ */ z.object({
  MAIL_IMAP_HOST: hostname,
  MAIL_IMAP_PORT: portNumber.optional(),
  MAIL_IMAP_SECURITY: mailSecurity.default('tls'),
  MAIL_IMAP_USER: z.string().min(1).max(320),
  [imapPasswordVariable]: secretId,
  MAIL_IMAP_ADDRESS: z.email().optional(),
  MAIL_IMAP_FOLDER: folderPath.default('INBOX'),
  MAIL_IMAP_PROCESSED_FOLDER: folderPath.default('Huiyin/Processed'),
  MAIL_IMAP_QUARANTINE_FOLDER: folderPath.default('Huiyin/Quarantine'),
  MAIL_IMAP_BATCH_SIZE: z.coerce.number().int().min(1).max(200).default(25),
});

/** The mailbox the `imap-poll` job reads; `null` when `MAIL_IMAP_HOST` is unset. */
export function parseImapSettings(env: EnvironmentVariables, cloud: boolean): ImapSettings | null {
  if (!env.MAIL_IMAP_HOST) return null;
  const settings = parseEnvGroup('imap', imapEnvSchema, env);
  refuseCleartextInCloud(settings.MAIL_IMAP_SECURITY, 'MAIL_IMAP_SECURITY', cloud);
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
    passwordSecret: settings[imapPasswordVariable],
    address,
    folder: settings.MAIL_IMAP_FOLDER,
    processedFolder: settings.MAIL_IMAP_PROCESSED_FOLDER,
    quarantineFolder: settings.MAIL_IMAP_QUARANTINE_FOLDER,
    batchSize: settings.MAIL_IMAP_BATCH_SIZE,
  };
}

/** The county's mailbox the `imap-poll` job reads (`MAIL_IMAP_*`); `null` when `MAIL_IMAP_HOST` is unset. */
export function imapSettings(): ImapSettings | null {
  return readEnvOnce('imap', () => parseImapSettings(process.env, isCloudStage()));
}
