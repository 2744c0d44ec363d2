import * as z from 'zod';
import {
  type BucketName,
  bucketEnvName,
  type QueueName,
  queueUrlEnvName,
  type TableName,
  tableEnvName,
} from '../topology.ts';
import { assertBucketDeclared, assertQueueDeclared, assertTableDeclared } from './invocation.ts';
import { isCloudStage, readOnce } from './read-env.ts';
import { optionalSecret, secret } from './secrets.ts';

/**
 * Environment access. Each value is read and validated once, on first use (cold start), and a missing or
 * malformed value fails loudly with its name instead of becoming an empty string somewhere deep down.
 * Secrets come through `secrets.ts` (by ARN in the cloud).
 */

export {
  isCloudStage,
  readEnvGroupOnce,
  resetEnvCache,
  type Stage,
  stage,
  stages,
} from './read-env.ts';

// Each checks the local invocation's declaration first (invocation.ts): the cloud names only declared resources.
export function tableName(table: TableName): string {
  assertTableDeclared(table);
  return readOnce(tableEnvName(table), z.string().min(3));
}

/**
 * The local outbox's table: the outbox plays SNS, SES, Tencent SMS and SMTP on one machine and keeps what they
 * would have sent. The stand-in's storage, not the function's (no declaration is asked), in a table of its own
 * without a stream, as the providers produce no stream records; the cloud has no such table.
 */
export function localOutboxTable(): string {
  return readOnce('LOCAL_OUTBOX_TABLE', z.string().min(3));
}

// Not `z.url()`: emulators hand out URLs like `http://sqs.us-east-1.127.0.0.1:9324/…`, which the SDK accepts.
export const httpUrl = z.string().regex(/^https?:\/\/\S+$/, 'expected an http(s) URL');

export function queueUrl(queue: QueueName): string {
  assertQueueDeclared(queue);
  return readOnce(queueUrlEnvName(queue), httpUrl);
}

/** Base URL of the public site, used in links sent to petitioners (survey, tracking). */
export function publicBaseUrl(): string {
  return readOnce('PUBLIC_BASE_URL', httpUrl);
}

/** Secret that signs pagination cursors (and keys phone-verification hashes). */
export function cursorSecret(): string {
  return secret('cursor');
}

/** Secret that signs survey links; links live for weeks, so it must outlive restarts. */
export function surveySecret(): string {
  return secret('survey');
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
  return secret('webhook');
}

/**
 * The value CloudFront sends in the origin-verify header; undefined where the stage does not sit behind
 * CloudFront (then no forwarded viewer address is ever trusted).
 */
export function originVerifySecret(): string | undefined {
  return optionalSecret('originVerify');
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

/**
 * `records`: the identity provider exposes no directory to Huiyin (AWS China profile), so staff administration
 * keeps Huiyin's staff records only (shared/adapters/directory/records-only-user-directory.ts).
 */
export function userDirectoryKind(): 'records' | undefined {
  return readOnce('USER_DIRECTORY', z.enum(['records']).optional());
}

export function bucketName(bucket: BucketName): string {
  assertBucketDeclared(bucket);
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

/**
 * The county-wide Open311 `jurisdiction_id` (a town's code names that town): `county` unless the deployment
 * sets `OPEN311_JURISDICTION_ID`, e.g. to the county's domain as 311 clients often expect.
 */
export function open311JurisdictionId(): string {
  return readOnce(
    'OPEN311_JURISDICTION_ID',
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,59}$/)
      .default('county'),
  );
}
