import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import {
  imapEnvSchema,
  parseImapSettings,
  parseSmtpSettings,
  smtpEnvSchema,
} from '../../shared/config/mail-env.ts';
import {
  parseSmsTemplateSettings,
  parseTencentSmsSettings,
  tencentSmsEnvSchema,
} from '../../shared/config/mainland-env.ts';
import { ConfigurationError } from '../../shared/errors/index.ts';
import {
  type CountySecretName,
  countySecretEnvNames,
  type FunctionName,
  type FunctionUses,
  imapMailbox,
} from '../../shared/topology.ts';
import type { DeploymentProfile } from './profile.ts';

/**
 * The county's own providers, where AWS has no service for the job (docs/deploy-china.md): Tencent Cloud SMS and
 * the county's SMTP server in the china profile (AWS China has neither SNS SMS nor SES), and the county's IMAP
 * mailbox in either profile (the china profile's only e-mail intake). A deployment names them in one JSON file,
 * `-c transports=<file>`, with a section per provider holding the very variables the functions read
 * (`shared/config/mainland-env.ts`, `shared/config/mail-env.ts`), so one vocabulary serves the file, the
 * functions' environment, the local runtime and the docs:
 *
 * ```json
 * { "sms":  { "SMS_SDK_APP_ID": "1400006666", "SMS_SIGN_NAME": "青溪县信访",
 *             "SMS_TEMPLATES": "sms-templates.json", "SMS_CREDENTIALS_SECRET": "arn:aws-cn:secretsmanager:…" },
 *   "smtp": { "MAIL_SMTP_HOST": "smtp.exmail.qq.com", … },
 *   "imap": { "MAIL_IMAP_HOST": "imap.exmail.qq.com", … } }
 * ```
 *
 * The file is checked at synth with the functions' own parsers (as a cloud stage reads them), so a deployment
 * that would fail at its first message fails to synthesize instead. `SMS_TEMPLATES` is a path (relative to the
 * file) or the mapping itself; it is checked with the registered texts and written to the environment without
 * them, as Lambda allows 4 KB of environment per function. The county's secrets are named by ARN and granted
 * only to the functions whose topology entry declares them (`uses.countySecrets`).
 */

export type TransportSection = 'sms' | 'smtp' | 'imap';

/** Each section's variables, ready for a function's environment (`SMS_TEMPLATES` as compact JSON). */
export type TransportSettings = Readonly<Partial<Record<TransportSection, Readonly<Record<string, string>>>>>;

/** The variables a section may hold: exactly those its parser reads. */
const sectionVariables: Readonly<Record<TransportSection, readonly string[]>> = {
  sms: [...Object.keys(tencentSmsEnvSchema.shape), 'SMS_SIGN_NAME', 'SMS_TEMPLATES'],
  smtp: Object.keys(smtpEnvSchema.shape),
  imap: Object.keys(imapEnvSchema.shape),
};

/** The county secret each section names, and the topology entries that must declare it to use the section. */
export const sectionSecret: Readonly<Record<TransportSection, CountySecretName>> = {
  sms: 'smsCredentials',
  smtp: 'smtpPassword',
  imap: 'imapPassword',
};

/** The sections a profile uses: SNS and SES carry SMS and e-mail in the global profile. */
export function profileSections(profile: DeploymentProfile): readonly TransportSection[] {
  return profile === 'china' ? ['sms', 'smtp', 'imap'] : ['imap'];
}

/**
 * The sections a topology function uses where its profile has them: SMS and SMTP for what it sends, IMAP for the
 * mailbox reader. Its `uses.countySecrets` must name exactly their secrets (checked at every synth, both
 * profiles, by `checkCountySecrets`).
 */
export function transportSections(fn: FunctionName, uses: FunctionUses): TransportSection[] {
  return [
    ...(uses.sends?.includes('sms') ? (['sms'] as const) : []),
    ...(uses.sends?.includes('email') ? (['smtp'] as const) : []),
    ...(fn === imapMailbox.fn ? (['imap'] as const) : []),
  ];
}

/** A function's declared county secrets against what it does; a mismatch is a topology mistake. */
export function checkCountySecrets(fn: FunctionName, uses: FunctionUses): void {
  const needed = transportSections(fn, uses).map((name) => sectionSecret[name]);
  const declared = uses.countySecrets ?? [];
  const missing = needed.filter((secret) => !declared.includes(secret));
  const unused = declared.filter((secret) => !needed.includes(secret));
  if (missing.length > 0 || unused.length > 0)
    throw new TransportSettingsError(
      `${fn}: uses.countySecrets should be [${needed.join(', ')}] for what it sends and reads` +
        ` (${[...missing.map((secret) => `missing ${secret}`), ...unused.map((secret) => `unused ${secret}`)].join(', ')})`,
    );
}

const scalar = z.union([z.string(), z.number().transform(String)]);
const section = z.record(z.string(), scalar);
const fileSchema = z.strictObject({
  sms: z.record(z.string(), z.union([scalar, z.record(z.string(), z.unknown())])).optional(),
  smtp: section.optional(),
  imap: section.optional(),
});

export class TransportSettingsError extends Error {
  override readonly name = 'TransportSettingsError';
}

/** A county secret's ARN in the deployment's partition (and region, where the stacks have one). */
function checkSecretArn(
  variable: string,
  value: string,
  partition: string,
  region: string | undefined,
): void {
  const match = /^arn:([\w-]+):secretsmanager:([\w-]+):\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/.exec(value);
  if (!match)
    throw new TransportSettingsError(
      `${variable} must be the secret's complete ARN (arn:${partition}:secretsmanager:<region>:<account>:secret:<name>-<6 characters>), as create-secret prints it`,
    );
  if (match[1] !== partition)
    throw new TransportSettingsError(
      `${variable} is in the ${match[1]} partition; this deployment is in ${partition}`,
    );
  if (region && match[2] !== region)
    throw new TransportSettingsError(`${variable} is in ${match[2]}; the functions run in ${region}`);
}

/**
 * Checks a transports document (parsed JSON) for a profile and returns each section's variables. `baseDir`
 * resolves an `SMS_TEMPLATES` path.
 */
export function parseTransports(
  document: unknown,
  options: { readonly profile: DeploymentProfile; readonly region?: string; readonly baseDir: string },
): TransportSettings {
  const parsed = fileSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TransportSettingsError(`${issue?.path.join('.') || 'the file'}: ${issue?.message}`);
  }
  const partition = options.profile === 'china' ? 'aws-cn' : 'aws';
  const settings: Partial<Record<TransportSection, Record<string, string>>> = {};
  for (const name of ['sms', 'smtp', 'imap'] as const) {
    const raw = parsed.data[name];
    if (!raw) continue;
    if (!profileSections(options.profile).includes(name))
      throw new TransportSettingsError(
        `${name} belongs to the china profile (-c profile=china); the global profile sends through SNS and SES`,
      );
    const unknown = Object.keys(raw).filter((key) => !sectionVariables[name].includes(key));
    if (unknown.length > 0)
      throw new TransportSettingsError(
        `${name}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among its variables (${sectionVariables[name].join(', ')})`,
      );
    const variables = Object.fromEntries(
      Object.entries(raw).map(([key, value]) => [
        key,
        key === 'SMS_TEMPLATES' ? templatesJson(value, options.baseDir) : String(value),
      ]),
    );
    try {
      check(name, variables);
    } catch (error) {
      if (error instanceof ConfigurationError) throw new TransportSettingsError(`${name}: ${error.message}`);
      throw error;
    }
    const secretVariable = countySecretEnvNames[sectionSecret[name]];
    const secret = variables[secretVariable];
    if (secret) checkSecretArn(`${name}.${secretVariable}`, secret, partition, options.region);
    if (name === 'sms') {
      // The registered texts were checked above; the functions get the mapping without them (4 KB of environment).
      const { templates } = parseSmsTemplateSettings(variables);
      const compact = Object.fromEntries(
        Object.entries(templates).map(([kind, { templateId, variables: values }]) => [
          kind,
          { templateId, variables: values },
        ]),
      );
      variables.SMS_TEMPLATES = JSON.stringify(compact);
    }
    settings[name] = variables;
  }
  return settings;
}

/** The section as a cloud stage's function reads it, with the same parsers (throws `ConfigurationError`). */
function check(name: TransportSection, variables: Record<string, string>): void {
  if (name === 'sms') {
    parseTencentSmsSettings(variables, true);
    parseSmsTemplateSettings(variables);
  } else if (name === 'smtp') {
    parseSmtpSettings(variables, true);
  } else if (!parseImapSettings(variables, true)) {
    throw new ConfigurationError('Environment variable MAIL_IMAP_HOST is missing');
  }
}

function templatesJson(value: unknown, baseDir: string): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  const path = resolve(baseDir, value);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new TransportSettingsError(`sms.SMS_TEMPLATES: cannot read ${path}`);
  }
}

/** `-c transports=<file>`: the file's sections, checked for the profile. */
export function readTransportsFile(
  path: string,
  options: { readonly profile: DeploymentProfile; readonly region?: string },
): TransportSettings {
  const absolute = resolve(path);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new TransportSettingsError(`-c transports=${path}: ${(error as Error).message}`);
  }
  try {
    return parseTransports(document, { ...options, baseDir: dirname(absolute) });
  } catch (error) {
    throw new TransportSettingsError(`-c transports=${path}: ${(error as Error).message}`);
  }
}

/**
 * The variables a function gets from the transports: those of the sections it uses (`transportSections`, as its
 * profile has them) with the county secret's ARN, and that ARN, for the read grant.
 */
export function transportEnvironment(
  sections: readonly TransportSection[],
  settings: TransportSettings,
): { readonly environment: Record<string, string>; readonly secretArns: readonly string[] } {
  const environment: Record<string, string> = {};
  const secretArns: string[] = [];
  for (const name of sections) {
    const variables = settings[name];
    if (!variables) continue;
    Object.assign(environment, variables);
    const secretArn = variables[countySecretEnvNames[sectionSecret[name]]];
    if (secretArn) secretArns.push(secretArn);
  }
  return { environment, secretArns };
}
