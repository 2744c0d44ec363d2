import { Secret, TOTP } from 'otpauth';
import type { DynamoLocalAccounts, LocalAccount } from '../../shared/adapters/dynamo/dynamo-user-accounts.ts';
import { hashPassword, verifyPassword } from '../../shared/domain/users/password.ts';
import { passwordProblems } from '../../shared/domain/users/password-policy.ts';
import type { MessageKey } from './oidc-pages.ts';

/**
 * The steps of a sign-in at the local OIDC provider, as Cognito's managed login takes them: password (scrypt),
 * a new password when the current one is temporary, TOTP enrolment on the first sign-in, then a TOTP code on
 * every sign-in. Five wrong codes in a row lock the account's sign-in for 15 minutes (kept on the account, so
 * a restart does not lift it); each code is accepted once. Wrong passwords are throttled per username and
 * address (five per 15 minutes), which cannot be used to lock someone else out.
 */

export const MAX_TOTP_FAILURES = 5;
export const TOTP_LOCK_MINUTES = 15;
const MAX_PASSWORD_FAILURES = 5;
const PASSWORD_FAILURE_WINDOW_MS = 15 * 60 * 1000;
const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ISSUER = '回音 Huiyin';

export type SignInStep =
  | { readonly kind: 'password' }
  | { readonly kind: 'new-password'; readonly username: string }
  | { readonly kind: 'enrol'; readonly username: string; readonly secret: string }
  | { readonly kind: 'totp'; readonly username: string }
  | { readonly kind: 'done'; readonly username: string };

export type SignInError =
  | { readonly kind: 'message'; readonly key: MessageKey }
  | { readonly kind: 'locked'; readonly until: string }
  | { readonly kind: 'wrong-code'; readonly remaining: number }
  | { readonly kind: 'password-policy'; readonly problems: readonly { zh: string; en: string }[] };

export interface SignInResult {
  readonly step: SignInStep;
  readonly error?: SignInError;
}

export function totpOf(username: string, secret: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The time step a code belongs to (the current one, or one either side for a phone clock a little off). */
export function codeStep(secret: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf('', secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export class LocalSignIn {
  readonly #accounts: DynamoLocalAccounts;
  readonly #now: () => number;
  readonly #passwordFailures = new Map<string, number[]>();

  constructor(options: { accounts: DynamoLocalAccounts; now?: () => number }) {
    this.#accounts = options.accounts;
    this.#now = options.now ?? Date.now;
  }

  #lock(account: LocalAccount): SignInError | null {
    if (account.lockedUntil && Date.parse(account.lockedUntil) > this.#now())
      return { kind: 'locked', until: account.lockedUntil };
    return null;
  }

  /**
   * Username and password. The same answer, and comparable work, for an unknown user, a wrong password and a
   * disabled account. Returns the account when the password is right, else the error to show.
   */
  async checkPassword(
    username: string,
    password: string,
    address: string,
  ): Promise<{ account: LocalAccount } | { error: SignInError }> {
    const now = this.#now();
    const key = `${username}|${address}`;
    const recent = (this.#passwordFailures.get(key) ?? []).filter(
      (at) => now - at < PASSWORD_FAILURE_WINDOW_MS,
    );
    if (recent.length >= MAX_PASSWORD_FAILURES) return { error: { kind: 'message', key: 'throttled' } };
    const account = username ? await this.#accounts.get(username) : null;
    let valid = false;
    if (account) valid = await verifyPassword(password, account.passwordHash);
    else await hashPassword(password);
    if (!account || !valid || !account.enabled) {
      this.#passwordFailures.set(key, [...recent, now]);
      return { error: { kind: 'message', key: 'wrongCredentials' } };
    }
    this.#passwordFailures.delete(key);
    return { account };
  }

  /** After a right password: the lock, a forced password change, enrolment, or the code. */
  async password(username: string, password: string, address: string): Promise<SignInResult> {
    const checked = await this.checkPassword(username, password, address);
    if ('error' in checked) return { step: { kind: 'password' }, error: checked.error };
    return this.#after(checked.account);
  }

  #after(account: LocalAccount): SignInResult {
    const locked = this.#lock(account);
    if (locked) return { step: { kind: 'password' }, error: locked };
    if (account.passwordTemporary) return { step: { kind: 'new-password', username: account.username } };
    if (!account.totpSecret)
      return { step: { kind: 'enrol', username: account.username, secret: newTotpSecret() } };
    return { step: { kind: 'totp', username: account.username } };
  }

  async newPassword(
    step: Extract<SignInStep, { kind: 'new-password' }>,
    password: string,
    confirmation: string,
  ): Promise<SignInResult> {
    if (password !== confirmation) return { step, error: { kind: 'message', key: 'passwordMismatch' } };
    const problems = passwordProblems(password);
    if (problems.length > 0) return { step, error: { kind: 'password-policy', problems } };
    const current = await this.#accounts.get(step.username);
    if (!current?.enabled)
      return { step: { kind: 'password' }, error: { kind: 'message', key: 'wrongCredentials' } };
    if (await verifyPassword(password, current.passwordHash))
      return { step, error: { kind: 'message', key: 'samePassword' } };
    await this.#accounts.setPassword(
      step.username,
      await hashPassword(password),
      false,
      new Date(this.#now()),
    );
    return this.#after({ ...current, passwordTemporary: false });
  }

  async enrol(step: Extract<SignInStep, { kind: 'enrol' }>, code: string): Promise<SignInResult> {
    const matched = codeStep(step.secret, code.trim(), this.#now());
    if (matched === null) return { step, error: { kind: 'message', key: 'enrolWrongCode' } };
    await this.#accounts.enrolTotp(step.username, step.secret, matched);
    return { step: { kind: 'done', username: step.username } };
  }

  async totp(step: Extract<SignInStep, { kind: 'totp' }>, code: string): Promise<SignInResult> {
    const account = await this.#accounts.get(step.username);
    if (!account?.enabled || !account.totpSecret)
      return { step: { kind: 'password' }, error: { kind: 'message', key: 'wrongCredentials' } };
    const locked = this.#lock(account);
    if (locked) return { step: { kind: 'password' }, error: locked };
    const matched = codeStep(account.totpSecret, code.trim(), this.#now());
    if (matched === null) {
      const lockUntil = new Date(this.#now() + TOTP_LOCK_MINUTES * 60 * 1000);
      const failure = await this.#accounts.recordTotpFailure(step.username, MAX_TOTP_FAILURES, lockUntil);
      if (failure.lockedUntil)
        return { step: { kind: 'password' }, error: { kind: 'locked', until: failure.lockedUntil } };
      return { step, error: { kind: 'wrong-code', remaining: MAX_TOTP_FAILURES - failure.failures } };
    }
    if (!(await this.#accounts.acceptTotpStep(step.username, matched)))
      return { step, error: { kind: 'message', key: 'codeUsed' } };
    return { step: { kind: 'done', username: step.username } };
  }
}
