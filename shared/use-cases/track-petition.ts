import { timingSafeEqual } from 'node:crypto';
import { type PublicCaseView, toPublicView } from '../domain/case/public-view.ts';
import { normalizeTrackingCode } from '../domain/case/tracking-code.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { NotFoundError } from '../errors/index.ts';
import type { CaseStore } from '../ports/case-store.ts';
import { lastFourDigits } from '../schemas/phone.ts';

export interface TrackPetitionDeps {
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
  /** Builds a survey link (secret and public base URL from the environment); without it no survey is shown. */
  readonly surveyUrl?: (caseId: string, round: number) => string;
}

const notFound = () =>
  new NotFoundError({
    zh: '没有找到这件诉求，请核对跟踪码和电话后四位',
    en: 'No petition matches this tracking code and phone',
  });

/** A wrong code and a wrong phone answer the same 404, so codes cannot be enumerated. */
export async function trackPetition(
  deps: TrackPetitionDeps,
  rawCode: string,
  phoneLastFour: string,
): Promise<PublicCaseView> {
  const code = normalizeTrackingCode(rawCode);
  if (!code) throw notFound();
  const found = await deps.store.getByTrackingCode(code);
  // Without a phone (e-mail, Open311) the petitioner got a four-digit tracking PIN instead.
  const expected = Buffer.from(
    found?.petitioner.phone
      ? lastFourDigits(found.petitioner.phone)
      : (found?.petitioner.trackingPin ?? '----'),
  );
  const given = Buffer.from(phoneLastFour.padEnd(4, '-').slice(0, 4));
  if (!found || !timingSafeEqual(expected, given)) throw notFound();
  const [events, catalog] = await Promise.all([deps.store.timeline(found.caseId), deps.catalog()]);
  return toPublicView(found, events, catalog, deps.surveyUrl ? { surveyUrl: deps.surveyUrl } : {});
}
