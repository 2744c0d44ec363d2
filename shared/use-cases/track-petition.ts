import { timingSafeEqual } from 'node:crypto';
import type { Case } from '../domain/case/model.ts';
import { type PublicCaseView, toPublicView } from '../domain/case/public-view.ts';
import { normalizeTrackingCode } from '../domain/case/tracking-code.ts';
import {
  MAX_TRACKING_FAILURES,
  unlockToken,
  unlockUrl,
  verifyUnlockToken,
} from '../domain/case/tracking-unlock.ts';
import { smsVariables } from '../domain/notifications/sms-variables.ts';
import { renderNotification } from '../domain/notifications/templates.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { NotFoundError, TrackingLockedError } from '../errors/index.ts';
import { logger } from '../logging/logger.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { NotificationTransport } from '../ports/notification-transport.ts';
import type { TrackingGuard } from '../ports/tracking-guard.ts';
import { lastFourDigits } from '../schemas/phone.ts';

export interface TrackPetitionDeps {
  readonly store: Pick<CaseStore, 'getByTrackingCode' | 'timeline'>;
  readonly catalog: () => Promise<Catalog>;
  /** Builds a survey link (secret and public base URL from the environment); without it no survey is shown. */
  readonly surveyUrl?: (caseId: string, round: number) => string;
  /** Wrong answers per code: after MAX_TRACKING_FAILURES in 24 hours the code is locked for tracking. */
  readonly guard: TrackingGuard;
  /** Signs unlock links and tells the petitioner that their code was locked. */
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
 * the petitioner of a real code is sent a link that lifts the lock, by SMS or e-mail.
 */
export async function trackPetition(
  deps: TrackPetitionDeps,
  rawCode: string,
  phoneLastFour: string,
  options: { readonly now: Date; readonly unlockToken?: string },
): Promise<PublicCaseView> {
  const code = normalizeTrackingCode(rawCode);
  if (!code) throw notFound();
  if (options.unlockToken && verifyUnlockToken(deps.unlock.secret(), code, options.unlockToken, options.now))
    await deps.guard.clear(code);
  const [found, failures] = await Promise.all([
    deps.store.getByTrackingCode(code),
    deps.guard.failures(code, options.now),
  ]);
  if (failures >= MAX_TRACKING_FAILURES) throw new TrackingLockedError();
  // Without a phone (e-mail, Open311) the petitioner got a four-digit tracking PIN instead.
  const expected = Buffer.from(
    found?.petitioner.phone
      ? lastFourDigits(found.petitioner.phone)
      : (found?.petitioner.trackingPin ?? '----'),
  );
  const given = Buffer.from(phoneLastFour.padEnd(4, '-').slice(0, 4));
  const matches = timingSafeEqual(expected, given);
  if (!found || !matches) {
    const count = await deps.guard.recordFailure(code, options.now);
    if (count < MAX_TRACKING_FAILURES) throw notFound();
    // Exactly one request sees the count reach the limit (an atomic counter): it sends the one notice.
    if (found && count === MAX_TRACKING_FAILURES) await noticeLocked(deps, found, options.now);
    throw new TrackingLockedError();
  }
  const [events, catalog] = await Promise.all([deps.store.timeline(found.caseId), deps.catalog()]);
  return toPublicView(found, events, catalog, deps.surveyUrl ? { surveyUrl: deps.surveyUrl } : {});
}

/** By SMS to a mobile, else by e-mail; a petitioner with neither keeps the 24-hour lock. */
async function noticeLocked(deps: TrackPetitionDeps, item: Case, now: Date): Promise<void> {
  const phone = item.petitioner.phone;
  const to = phone && /^1\d{10}$/.test(phone) ? { channel: 'sms' as const, to: phone } : null;
  const target =
    to ?? (item.petitioner.email ? { channel: 'email' as const, to: item.petitioner.email } : null);
  if (!target) return;
  const token = unlockToken(deps.unlock.secret(), item.trackingCode, now);
  const context = {
    trackingCode: item.trackingCode,
    trackUrl: '',
    unlockUrl: unlockUrl(deps.unlock.publicBaseUrl(), item.trackingCode, token),
  };
  const rendered = renderNotification('trackingLocked', context);
  try {
    await deps.unlock.transport.send({
      id: `tracking-locked:${item.caseId}:${token.split('.')[0]}`,
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
