import { createHmac, hkdfSync, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { smsVariables } from '../domain/notifications/sms-variables.ts';
import { renderNotification } from '../domain/notifications/templates.ts';
import { DependencyUnavailableError, HuiyinError, ValidationError } from '../errors/index.ts';
import { NotificationSendError, type NotificationTransport } from '../ports/notification-transport.ts';
import type { PhoneVerificationStore } from '../ports/phone-verification-store.ts';
import { phoneSchema } from '../schemas/phone.ts';

/**
 * Optional proof that the petitioner holds the phone they give: a six-digit code by SMS, valid ten minutes,
 * five attempts, hashed at rest with a server key, good for one petition. Never logged, never queued: the
 * function sends it itself through the notification transport (SNS in the cloud, the outbox locally), so the
 * code exists in clear only in the SMS. See docs/public-site.md.
 */

export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_ATTEMPTS = 5;

/** `POST /api/phone-verifications`. */
export const phoneVerificationRequestSchema = z.strictObject({ phone: phoneSchema });

export interface PhoneVerificationDeps {
  readonly store: PhoneVerificationStore;
  /** The server secret the hashing key is derived from. */
  readonly secret: () => string;
  readonly newId?: () => string;
  readonly newCode?: () => string;
}

export interface StartVerificationDeps extends PhoneVerificationDeps {
  readonly transport: NotificationTransport;
  /** Per-number limit (throws 429): nobody can flood someone else's phone from many addresses. */
  readonly limitPhone: (phoneHash: string) => Promise<void>;
}

/** 422: the deployment requires phone verification and the petition came without it. */
export class PhoneVerificationRequiredError extends HuiyinError {
  override readonly name = 'PhoneVerificationRequiredError';
  readonly type = 'phone-verification-required';
  readonly status = 422;
  readonly errors = [
    { field: 'phoneVerification', message: '请先获取并填写短信验证码 / verify your phone first' },
  ];

  constructor() {
    super({ zh: '请先验证手机号码', en: 'Phone verification is required' });
  }
}

export type VerificationFailure = 'wrong-code' | 'expired' | 'exhausted' | 'used';

const failureText: Record<VerificationFailure, { zh: string; en: string }> = {
  'wrong-code': { zh: '验证码不正确', en: 'The code is not correct' },
  expired: { zh: '验证码已失效，请重新获取', en: 'The code has expired; request a new one' },
  exhausted: { zh: '验证码输错次数过多，请重新获取', en: 'Too many wrong codes; request a new one' },
  used: {
    zh: '验证码已用于另一件诉求，请重新获取',
    en: 'The code was used for another petition; request a new one',
  },
};

/** 422: the code is wrong, expired, used up or already used. */
export class PhoneVerificationFailedError extends HuiyinError {
  override readonly name = 'PhoneVerificationFailedError';
  readonly type = 'phone-verification-failed';
  readonly status = 422;
  readonly errors: readonly { field: string; message: string }[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(reason: VerificationFailure, attemptsLeft?: number) {
    const text = failureText[reason];
    super(text);
    this.errors = [{ field: 'phoneVerification.code', message: `${text.zh} / ${text.en}` }];
    this.details = { reason, ...(attemptsLeft === undefined ? {} : { attemptsLeft }) };
  }
}

const hashKey = (secret: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'huiyin', 'phone verification v1', 32));

const keyedHash = (secret: string, text: string) =>
  createHmac('sha256', hashKey(secret)).update(text).digest('base64url');

export const phoneHash = (secret: string, phone: string) => keyedHash(secret, `phone:${phone}`);
const codeHash = (secret: string, id: string, code: string) => keyedHash(secret, `code:${id}:${code}`);

/** Creates a verification for a normalised phone number and sends its code by SMS. */
export async function startPhoneVerification(
  deps: StartVerificationDeps,
  phone: string,
  now: Date,
): Promise<{ id: string; expiresAt: string }> {
  const hashedPhone = phoneHash(deps.secret(), phone);
  await deps.limitPhone(hashedPhone);
  const id = (deps.newId ?? randomUUID)();
  const code = (deps.newCode ?? (() => String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0')))();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  await deps.store.create({
    id,
    phoneHash: hashedPhone,
    codeHash: codeHash(deps.secret(), id, code),
    expiresAt,
    attempts: 0,
  });
  const context = { trackingCode: '', trackUrl: '', code, validMinutes: CODE_TTL_MS / 60_000 };
  try {
    await deps.transport.send({
      id: `phone-verification:${id}`,
      channel: 'sms',
      to: phone,
      body: renderNotification('phoneVerification', context).sms,
      variables: smsVariables('phoneVerification', context),
      caseId: '',
      trackingCode: '',
      template: 'phoneVerification',
    });
  } catch (error) {
    if (!(error instanceof NotificationSendError)) throw error;
    // The provider refused this number for good (e.g. it opted out): the person can give another one.
    if (error.undeliverable)
      throw new ValidationError([
        { field: 'phone', message: '无法向该号码发送短信 / an SMS cannot be sent to this number' },
      ]);
    throw new DependencyUnavailableError('sms', { cause: error });
  }
  return { id, expiresAt: expiresAt.toISOString() };
}

/** Checks a code for a normalised phone number; every check counts as an attempt. Throws when it fails. */
export async function checkPhoneVerification(
  deps: PhoneVerificationDeps,
  submitted: { readonly id: string; readonly code: string },
  phone: string,
  now: Date,
): Promise<void> {
  const outcome = await deps.store.countAttempt(
    submitted.id,
    phoneHash(deps.secret(), phone),
    now,
    MAX_ATTEMPTS,
  );
  if (outcome.kind === 'unknown') throw new PhoneVerificationFailedError('expired');
  if (outcome.kind === 'exhausted') throw new PhoneVerificationFailedError('exhausted', 0);
  const expected = Buffer.from(outcome.verification.codeHash);
  const given = Buffer.from(codeHash(deps.secret(), submitted.id, submitted.code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new PhoneVerificationFailedError('wrong-code', MAX_ATTEMPTS - outcome.verification.attempts);
}
