import * as z from 'zod';
import {
  type SmsTemplateSettings,
  smsSignNameSchema,
  smsTemplatesSchema,
} from '../domain/notifications/sms-templates.ts';
import { ConfigurationError } from '../errors/index.ts';
import { countySecretEnvNames } from '../topology.ts';
import { httpUrl, notifyTransport } from './env.ts';
import { secretId } from './mail-env.ts';
import {
  type EnvironmentVariables,
  isCloudStage,
  parseEnvGroup,
  readEnvGroupOnce,
  readEnvOnce,
} from './read-env.ts';

/**
 * Settings of the transports for mainland China (docs/deploy-china.md): the choice of SMS and e-mail transport,
 * and SMS through Tencent Cloud, where AWS China has no SNS SMS (the county's mail server: `mail-env.ts`). Apart
 * from `env.ts` so that the functions that never send do not load these schemas. Each group is read and
 * validated once, on first use, and cleared with the rest by `resetEnvCache`. The `parse…` functions are pure:
 * the CDK app checks the environment it writes with them.
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
  return readEnvOnce('sms-templates', () => parseSmsTemplateSettings(process.env));
}

export function parseSmsTemplateSettings(env: EnvironmentVariables): SmsTemplateSettings {
  const settings = parseEnvGroup(
    'sms-templates',
    z.object({ SMS_SIGN_NAME: smsSignNameSchema, SMS_TEMPLATES: jsonSetting(smsTemplatesSchema) }),
    env,
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

const credentialsVariable = countySecretEnvNames.smsCredentials;

/** The variables of Tencent Cloud SMS (`SMS_*`) besides the signature and the templates. */
export const tencentSmsEnvSchema = /* @__PURE__ */ z.object({
  SMS_SDK_APP_ID: z.string().regex(/^\d{6,20}$/, 'expected the SdkAppId, e.g. 1400006666'),
  SMS_REGION: z.enum(['ap-beijing', 'ap-guangzhou', 'ap-nanjing']).default('ap-guangzhou'),
  SMS_ENDPOINT: httpUrl.default('https://sms.tencentcloudapi.com'),
  [credentialsVariable]: secretId,
});

export function parseTencentSmsSettings(env: EnvironmentVariables, cloud: boolean): TencentSmsSettings {
  const settings = parseEnvGroup('sms-tencent', tencentSmsEnvSchema, env);
  if (cloud && !settings.SMS_ENDPOINT.startsWith('https://'))
    throw new ConfigurationError('SMS_ENDPOINT must be https:// in a cloud stage');
  return {
    appId: settings.SMS_SDK_APP_ID,
    region: settings.SMS_REGION,
    endpoint: settings.SMS_ENDPOINT,
    credentialsSecret: settings[credentialsVariable],
  };
}

export function tencentSmsSettings(): TencentSmsSettings {
  return readEnvOnce('sms-tencent', () => parseTencentSmsSettings(process.env, isCloudStage()));
}
