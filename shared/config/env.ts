import * as z from 'zod';
import { ConfigurationError } from '../errors/index.ts';
import {
  type BucketName,
  bucketEnvName,
  type QueueName,
  queueUrlEnvName,
  type TableName,
  tableEnvName,
} from '../topology.ts';

/**
 * Environment access. Each value is read and validated once, on first use (cold start), and a missing or
 * malformed value fails loudly with its name instead of becoming an empty string somewhere deep down.
 */

const cache = new Map<string, unknown>();

function readOnce<T>(name: string, schema: z.ZodType<T>): T {
  if (cache.has(name)) return cache.get(name) as T;
  const parsed = schema.safeParse(process.env[name]);
  if (!parsed.success) {
    throw new ConfigurationError(
      `Environment variable ${name} is missing or invalid: ${parsed.error.issues[0]?.message}`,
    );
  }
  cache.set(name, parsed.data);
  return parsed.data;
}

export const stages = ['local', 'test', 'dev', 'prod'] as const;
export type Stage = (typeof stages)[number];

export function stage(): Stage {
  return readOnce('STAGE', z.enum(stages));
}

/** Cloud stages run on AWS; the local identity provider and demo logins refuse to run there. */
export function isCloudStage(value: Stage = stage()): boolean {
  return value === 'dev' || value === 'prod';
}

export function tableName(table: TableName): string {
  return readOnce(tableEnvName(table), z.string().min(3));
}

// Not `z.url()`: emulators hand out URLs like `http://sqs.us-east-1.127.0.0.1:9324/…`, which the SDK accepts.
const httpUrl = z.string().regex(/^https?:\/\/\S+$/, 'expected an http(s) URL');

export function queueUrl(queue: QueueName): string {
  return readOnce(queueUrlEnvName(queue), httpUrl);
}

/** Base URL of the public site, used in links sent to petitioners (survey, tracking). */
export function publicBaseUrl(): string {
  return readOnce('PUBLIC_BASE_URL', httpUrl);
}

/** Secret that signs pagination cursors (SSM/Secrets Manager in the cloud, generated per run locally). */
export function cursorSecret(): string {
  return readOnce('CURSOR_SECRET', z.string().min(16));
}

/** Secret that signs survey links; links live for weeks, so it must outlive restarts. */
export function surveySecret(): string {
  return readOnce('SURVEY_SECRET', z.string().min(16));
}

/** `outbox`: SMS and e-mail land in the local outbox; `aws`: SNS and SES. */
export function notifyTransport(): 'outbox' | 'aws' {
  return readOnce('NOTIFY_TRANSPORT', z.enum(['outbox', 'aws']));
}

/** The From address of e-mail to petitioners and staff (a verified SES identity in the cloud). */
export function emailSender(): string {
  return readOnce('EMAIL_SENDER', z.email());
}

/** Secret that signs JSON deliveries to units' own systems (HMAC-SHA256). */
export function webhookSecret(): string {
  return readOnce('WEBHOOK_SECRET', z.string().min(16));
}

/**
 * Per-IP limits of the public routes (`shared/http/rate-limit-policy.ts` parses it): unset for the defaults,
 * `read=300/60,submit=30/600` to override classes (max requests / window seconds), `off` to disable (tests).
 */
export function rateLimitSetting(): string | undefined {
  return readOnce('RATE_LIMITS', z.string().max(500).optional());
}

/** Whether a petition needs a one-time SMS code: `required` by default in cloud stages, `off` locally. */
export function phoneVerificationMode(): 'required' | 'off' {
  const setting = readOnce('PHONE_VERIFICATION', z.enum(['required', 'off']).optional());
  return setting ?? (isCloudStage() ? 'required' : 'off');
}

/**
 * How long a warm function trusts a staff record it read (role, scope, disabled): at most 300 s, so a disabled
 * account's tokens stop working within five minutes. Tests set it lower (`STAFF_STATUS_CACHE_SECONDS=2`) rather
 * than wait; 0 reads the record on every request.
 */
export function staffStatusCacheSeconds(): number {
  return readOnce('STAFF_STATUS_CACHE_SECONDS', z.coerce.number().int().min(0).max(300).default(300));
}

/** The Cognito user pool the admin function manages (cloud stages); unset locally, where the local provider's accounts are used. */
export function userPoolId(): string | undefined {
  return readOnce(
    'USER_POOL_ID',
    z
      .string()
      .regex(/^[\w-]+_[0-9a-zA-Z]+$/)
      .optional(),
  );
}

export function bucketName(bucket: BucketName): string {
  return readOnce(bucketEnvName(bucket), z.string().min(3).max(63));
}

/** A non-AWS S3 endpoint (the emulator locally); unset in the cloud. Such endpoints serve buckets by path. */
export function s3Endpoint(): string | undefined {
  return readOnce('AWS_ENDPOINT_URL_S3', httpUrl.optional());
}

/** Where browsers send presigned uploads when that is not S3 itself (the local gateway's S3 proxy). */
export function uploadEndpoint(): string | undefined {
  return readOnce('UPLOAD_ENDPOINT', httpUrl.optional());
}

/** For tests and the local runtime, which set the environment before handlers run. */
export function resetEnvCache(): void {
  cache.clear();
}
