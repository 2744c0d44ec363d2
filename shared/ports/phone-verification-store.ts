/** One-time SMS codes for the public form; only hashes are stored (docs/public-site.md, "Phone verification"). */
export interface PhoneVerification {
  readonly id: string;
  /** Keyed hash of the normalised phone number the code was sent to. */
  readonly phoneHash: string;
  /** Keyed hash of the verification id and the code. */
  readonly codeHash: string;
  readonly expiresAt: Date;
  readonly attempts: number;
}

export type AttemptOutcome =
  /** The attempt was counted; compare the code with `verification.codeHash`. */
  | { readonly kind: 'counted'; readonly verification: PhoneVerification }
  /** No live verification with this id for this phone (never sent, expired, or another number). */
  | { readonly kind: 'unknown' }
  /** Every attempt has been used. */
  | { readonly kind: 'exhausted' };

export interface PhoneVerificationStore {
  create(verification: PhoneVerification): Promise<void>;
  /** Counts one attempt, atomically, unless the verification is unknown, expired or out of attempts. */
  countAttempt(id: string, phoneHash: string, now: Date, maxAttempts: number): Promise<AttemptOutcome>;
}
