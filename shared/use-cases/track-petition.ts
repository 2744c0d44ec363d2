import { timingSafeEqual } from 'node:crypto';
import type { Case } from '../domain/case/model.ts';
import { type PublicCaseView, toPublicView } from '../domain/case/public-view.ts';
import { normalizeTrackingCode } from '../domain/case/tracking-code.ts';
import {
  MAX_TRACKING_FAILURES,
  MAX_UNLOCK_CODE_ATTEMPTS,
  unlockCode,
  unlockToken,
  unlockUrl,
  verifyUnlockCode,
  verifyUnlockToken,
} from '../domain/case/tracking-unlock.ts';
import { smsVariables } from '../domain/notifications/sms-variables.ts';
import { renderNotification } from '../domain/notifications/templates.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { NotFoundError, TrackingLockedError } from '../errors/index.ts';
import { logger } from '../logging/logger.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { NotificationTransport } from '../ports/notification-transport.ts';
import type { TrackingGuard, TrackingWindow } from '../ports/tracking-guard.ts';
import { lastFourDigits } from '../schemas/phone.ts';

export interface TrackPetitionDeps {
  readonly store: Pick<CaseStore, 'getByTrackingCode' | 'timeline'>;
  readonly catalog: () => Promise<Catalog>;
  /** Builds a survey link (secret and public base URL from the environment); without it no survey is shown. */
  readonly surveyUrl?: (caseId: string, round: number) => string;
  /** Wrong answers per code: after MAX_TRACKING_FAILURES in 24 hours the code is locked for tracking. */
  readonly guard: TrackingGuard;
  /** Signs unlock links and codes, and tells the petitioner that their code was locked. */
  readonly unlock: {
    readonly secret: () => string;
    readonly publicBaseUrl: () => string;
    readonly transport: NotificationTransport;
  };
}

const notFound = () =>
  new NotFoundError({
    zh: '没有找到这件诉求，请核对跟踪码和电话后四位',
    en: 'No petition matches this tracking code and phone',
  });

/**
 * A wrong code and a wrong phone answer the same 404 after the same reads (the case by code, and the code's
 * failure counter) and the same write (one more failure, counted per code string whether or not it exists),
 * so neither answers nor timing tell which codes exist. Five wrong answers in 24 hours lock the code (423);
 * the petitioner of a real code is sent a six-digit unlock code (and a link where the channel may carry one),
 * by SMS or e-mail. Either lifts the lock, and the right phone digits are still needed to see the case.
 */
export async function trackPetition(
  deps: TrackPetitionDeps,
  rawCode: string,
  phoneLastFour: string,
  options: { readonly now: Date; readonly unlockToken?: string; readonly unlockCode?: string },
): Promise<PublicCaseView> {
  const code = normalizeTrackingCode(rawCode);
  if (!code) throw notFound();
  const [found, window] = await Promise.all([
    deps.store.getByTrackingCode(code),
    deps.guard.window(code, options.now),
  ]);
  const locked = window.failures >= MAX_TRACKING_FAILURES;
  const linkLiftsLock =
    locked &&
    options.unlockToken !== undefined &&
    verifyUnlockToken(deps.unlock.secret(), code, window.window, options.unlockToken, options.now);
  if (linkLiftsLock) await deps.guard.clear(code);
  else if (locked) {
    if (options.unlockCode === undefined) throw new TrackingLockedError();
    await unlockWithCode(deps, code, window, options.unlockCode, options.now);
  }
  // Without a phone (e-mail, Open311) the petitioner got a four-digit tracking PIN instead.
  const expected = Buffer.from(
    found?.petitioner.phone
      ? lastFourDigits(found.petitioner.phone)
      : (found?.petitioner.trackingPin ?? '----'),
  );
  const given = Buffer.from(phoneLastFour.padEnd(4, '-').slice(0, 4));
  const matches = timingSafeEqual(expected, given);
  if (!found || !matches) {
    const counted = await deps.guard.recordFailure(code, options.now);
    if (counted.failures < MAX_TRACKING_FAILURES) throw notFound();
    // Exactly one request sees the count reach the limit (an atomic counter): it sends the one notice.
    if (found && counted.failures === MAX_TRACKING_FAILURES)
      await noticeLocked(deps, found, counted.window, options.now);
    throw new TrackingLockedError();
  }
  const [events, catalog] = await Promise.all([deps.store.timeline(found.caseId), deps.catalog()]);
  return toPublicView(found, events, catalog, deps.surveyUrl ? { surveyUrl: deps.surveyUrl } : {});
}

/**
 * A locked code with an unlock code: the try is counted first (atomically, capped per lock), then compared in
 * constant time, so an unknown tracking code, a wrong unlock code and a right one make the same read and write
 * before the answer. The right one lifts the lock; the phone digits are checked next, as after the link.
 */
async function unlockWithCode(
  deps: TrackPetitionDeps,
  code: string,
  window: TrackingWindow,
  given: string,
  now: Date,
): Promise<void> {
  const allowed = await deps.guard.takeUnlockAttempt(code, window.window, MAX_UNLOCK_CODE_ATTEMPTS, now);
  const right = verifyUnlockCode(deps.unlock.secret(), code, window.window, given);
  if (!allowed) throw new TrackingLockedError('unlockCodeSpent');
  if (!right) throw new TrackingLockedError('unlockCodeWrong');
  await deps.guard.clear(code);
}

/** By SMS to a mobile, else by e-mail; a petitioner with neither keeps the 24-hour lock. */
async function noticeLocked(deps: TrackPetitionDeps, item: Case, window: string, now: Date): Promise<void> {
  const phone = item.petitioner.phone;
  const to = phone && /^1\d{10}$/.test(phone) ? { channel: 'sms' as const, to: phone } : null;
  const target =
    to ?? (item.petitioner.email ? { channel: 'email' as const, to: item.petitioner.email } : null);
  if (!target) return;
  const token = unlockToken(deps.unlock.secret(), item.trackingCode, window, now);
  const context = {
    trackingCode: item.trackingCode,
    trackUrl: '',
    unlockUrl: unlockUrl(deps.unlock.publicBaseUrl(), item.trackingCode, token),
    code: unlockCode(deps.unlock.secret(), item.trackingCode, window),
  };
  const rendered = renderNotification('trackingLocked', context);
  try {
    await deps.unlock.transport.send({
      // One notice per lock: the window id is new with each lock, however close together two locks are.
      id: `tracking-locked:${item.caseId}:${window}`,
      channel: target.channel,
      to: target.to,
      ...(target.channel === 'email' ? { subject: rendered.emailSubject } : {}),
      body: target.channel === 'sms' ? rendered.sms : rendered.emailBody,
      ...(target.channel === 'sms' ? { variables: smsVariables('trackingLocked', context) } : {}),
      caseId: item.caseId,
      trackingCode: item.trackingCode,
      template: 'trackingLocked',
    });
  } catch (error) {
    // The lock holds either way (it lifts itself after 24 hours); the answer stays the same.
    logger.warn('tracking-locked notice not sent', { caseId: item.caseId, error: (error as Error).name });
  }
}
