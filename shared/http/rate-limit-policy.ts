import { createHash } from 'node:crypto';
import { ConfigurationError } from '../errors/index.ts';

/**
 * Per-IP request limits of the public routes: pure policy (classes, defaults, the `RATE_LIMITS` setting, the
 * fixed window a request falls into). The middleware is in `rate-limit.ts`, the counter in the idempotency
 * table (`shared/adapters/dynamo/dynamo-rate-limiter.ts`). See docs/public-site.md for the design.
 */

/**
 * Route classes. `read`: every public GET; `submit`: petitions; `upload`: presigned photo uploads (three per
 * petition, plus retries); `verify`: SMS codes requested from one address; `verifyPhone`: SMS codes sent to one
 * phone number, from any address (so nobody can flood someone else's phone); `helpLetters`: letters to the
 * confidential help mailbox, counted county-wide with no address at all (an address counter next to an
 * anonymous letter would link the two; docs/intake-channels.md); `mailSender`: cases one e-mail address opens a
 * day; `open311`: requests with one Open311 client's key, from any address (the default of clients registered
 * without a limit of their own).
 */
export const rateClasses = [
  'read',
  'submit',
  'upload',
  'verify',
  'verifyPhone',
  'helpLetters',
  'mailSender',
  'open311',
] as const;

export type RateClass = (typeof rateClasses)[number];

export interface RateLimit {
  /** Requests allowed in one window. */
  readonly max: number;
  readonly windowSeconds: number;
}

/**
 * Generous: many residents share one address behind carrier-grade NAT, and a village committee may file for
 * several people from one office. The limits stop floods and scripts, not people.
 */
export const defaultRateLimits: Readonly<Record<RateClass, RateLimit>> = {
  read: { max: 300, windowSeconds: 60 },
  submit: { max: 30, windowSeconds: 600 },
  upload: { max: 60, windowSeconds: 600 },
  verify: { max: 10, windowSeconds: 3600 },
  verifyPhone: { max: 5, windowSeconds: 3600 },
  helpLetters: { max: 30, windowSeconds: 3600 },
  // Cases (and so acknowledgements) one e-mail address may open per day: a person rarely sends more, a
  // mail loop always does.
  mailSender: { max: 10, windowSeconds: 86_400 },
  // A FixMyStreet install sends each report once, polls a few times an hour and resends failures half-hourly.
  open311: { max: 600, windowSeconds: 3600 },
};

export type RateLimits = Readonly<Record<RateClass, RateLimit>> | 'off';

const entryPattern = /^([a-zA-Z][a-zA-Z0-9]*)=(\d{1,6})\/(\d{1,6})$/;

/** `undefined` → defaults; `off` → no limits; `read=5/60,submit=2/600` → those classes changed, others default. */
export function parseRateLimits(setting: string | undefined): RateLimits {
  const text = setting?.trim() ?? '';
  if (text === '') return defaultRateLimits;
  if (text === 'off') return 'off';
  const limits: Record<RateClass, RateLimit> = { ...defaultRateLimits };
  for (const entry of text.split(',')) {
    const match = entryPattern.exec(entry.trim());
    const rateClass = match?.[1] as RateClass | undefined;
    if (!match || !rateClass || !rateClasses.includes(rateClass))
      throw new ConfigurationError(
        `RATE_LIMITS: "${entry}" is not <class>=<max>/<seconds> with class one of ${rateClasses.join(', ')}`,
      );
    const max = Number(match[2]);
    const windowSeconds = Number(match[3]);
    if (max < 1 || windowSeconds < 1)
      throw new ConfigurationError(`RATE_LIMITS: "${entry}" needs a positive limit and window`);
    limits[rateClass] = { max, windowSeconds };
  }
  return limits;
}

export interface RateWindow {
  /** Counter id: class, hashed subject and window number. */
  readonly id: string;
  /** When the window ends (the counter may be deleted then; TTL removes it a little later). */
  readonly endsAt: Date;
}

/**
 * The fixed window `now` falls into, for one subject (an IP address, a phone number). Subjects are hashed, so
 * counters never hold an address or a number in the clear, and live only until TTL removes them.
 */
export function rateWindow(rateClass: RateClass, subject: string, limit: RateLimit, now: Date): RateWindow {
  const windowMs = limit.windowSeconds * 1000;
  const index = Math.floor(now.getTime() / windowMs);
  const hashed = createHash('sha256').update(`${rateClass}\u0000${subject}`).digest('base64url').slice(0, 22);
  return { id: `rate#${rateClass}#${hashed}#${index}`, endsAt: new Date((index + 1) * windowMs) };
}

/** Whole seconds until the window ends, at least one (the `Retry-After` header). */
export function retryAfterSeconds(window: RateWindow, now: Date): number {
  return Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
}
