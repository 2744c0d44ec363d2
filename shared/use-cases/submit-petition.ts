import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import {
  IdempotencyKeyReusedError,
  SameTextRegisteredError,
  TrackingCodeTakenError,
} from '../domain/case/errors.ts';
import { type RegistrationInput, register } from '../domain/case/lifecycle.ts';
import type { Actor, Case, CaseAttachment, Channel, PlacementMethod } from '../domain/case/model.ts';
import { accuses } from '../domain/case/petition-types.ts';
import { newTrackingCode } from '../domain/case/tracking-code.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { normalizeText } from '../domain/routing/route-case.ts';
import { type FieldError, ValidationError } from '../errors/index.ts';
import type { AttachmentStore } from '../ports/attachment-store.ts';
import type { CaseStore, IdempotencyGuard } from '../ports/case-store.ts';
import type { PetitionSubmission } from '../schemas/petition.ts';
import {
  checkPhoneVerification,
  type PhoneVerificationDeps,
  PhoneVerificationFailedError,
  PhoneVerificationRequiredError,
} from './phone-verification.ts';

/** An explicit Idempotency-Key is honoured for a day, as clients retry across flaky mobile networks. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * Without a key, the same person (phone, e-mail, name) about the same place (town, category) with the same
 * title and content within this window is one submission (double clicks).
 */
export const DOUBLE_SUBMIT_WINDOW_MS = 10 * 60 * 1000;
/** The same text from anyone else within this window becomes a new case linked as a possible duplicate. */
export const SAME_TEXT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

export interface SubmitPetitionDeps {
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
  readonly newCaseId?: () => string;
  readonly newTrackingCode?: () => string;
  /** Where uploaded photos are checked and kept; without it, petitions with photos are refused. */
  readonly attachments?: AttachmentStore;
  /** One-time SMS codes; without it, petitions carrying a code are refused. */
  readonly phoneVerification?: PhoneVerificationDeps;
}

export interface SubmitPetitionOptions {
  readonly channel: Channel;
  readonly actor: Actor;
  readonly now: Date;
  readonly idempotencyKey?: string;
  readonly studioId?: string;
  /** `required`: the petition must carry a valid one-time code for its phone (public form in cloud stages). */
  readonly phoneVerification?: 'required' | 'off';
  /** Files an intake channel already checked and stored (e-mail attachments, scanned letter pages). */
  readonly attachments?: readonly CaseAttachment[];
  /** Stands in for the phone's last four digits on the tracking page when there is no phone (e-mail, Open311). */
  readonly trackingPin?: string;
  /** How the channel found the town (recorded on the case). */
  readonly placedBy?: PlacementMethod;
  /** The Open311 client system filing the petition. */
  readonly open311ClientId?: string;
  /**
   * The same submission (same person, place and words) is one case within `windowMs` of the first, among
   * submissions of `scope` only (default: the double-click window of 10 minutes, across all submitters).
   * Open311 clients resend for days.
   */
  readonly sameSubmission?: { readonly scope: string; readonly windowMs: number };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function referenceErrors(request: PetitionSubmission, catalog: Catalog): FieldError[] {
  const errors: FieldError[] = [];
  if (
    request.categoryCode &&
    !catalog.categories.some((category) => category.code === request.categoryCode)
  ) {
    errors.push({ field: 'categoryCode', message: '没有这个诉求类别 / unknown category' });
  }
  if (!catalog.jurisdictions.some((jurisdiction) => jurisdiction.code === request.jurisdictionCode)) {
    errors.push({ field: 'jurisdictionCode', message: '没有这个镇街 / unknown town or street' });
  }
  if (request.website) errors.push({ field: 'website', message: 'must be empty' });
  if (request.accusedUnitId !== undefined) {
    if (!accuses(request.petitionType))
      errors.push({
        field: 'accusedUnitId',
        message: '只有检举控告（举报）可以填写被检举单位 / only an accusation names a unit',
      });
    else if (!catalog.units.some((unit) => unit.unitId === request.accusedUnitId))
      errors.push({ field: 'accusedUnitId', message: '没有这个单位 / unknown unit' });
  }
  return errors;
}

function guardsFor(
  request: PetitionSubmission,
  options: SubmitPetitionOptions,
  confidential: boolean,
): IdempotencyGuard[] {
  const fingerprint = sha256(
    JSON.stringify([
      request.categoryCode ?? null,
      request.jurisdictionCode,
      request.title,
      request.content,
      request.petitioner,
      request.confidential,
      // Only when present, so fingerprints of petitions without them stay what they were.
      ...(request.petitionType ? [request.petitionType, request.accusedUnitId ?? null] : []),
      ...(request.attachments?.length ? [request.attachments, request.shareLocation === true] : []),
    ]),
  );
  // A double click is the same person about the same place with the same words; anything else is another
  // petition, even with the same phone (a family shares one) or the same text (neighbours copy a letter).
  const sameSubmission = JSON.stringify([
    request.petitioner.phone ?? null,
    request.petitioner.email ?? null,
    request.petitioner.anonymous ? null : (request.petitioner.name ?? null),
    request.jurisdictionCode,
    request.categoryCode ?? null,
    request.title,
    request.content,
  ]);
  const submissionKey = sha256(
    options.sameSubmission ? `${options.sameSubmission.scope}\u0000${sameSubmission}` : sameSubmission,
  );
  const guards: IdempotencyGuard[] = [
    {
      scope: 'petition-submission',
      key: submissionKey,
      fingerprint: submissionKey,
      expiresAt: new Date(
        options.now.getTime() + (options.sameSubmission?.windowMs ?? DOUBLE_SUBMIT_WINDOW_MS),
      ),
    },
  ];
  if (request.phoneVerification) {
    // One code, one petition: a second petition with the same verification fails this guard.
    guards.push({
      scope: 'phone-verification-use',
      key: request.phoneVerification.id,
      fingerprint,
      expiresAt: new Date(options.now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
    });
  }
  if (options.idempotencyKey) {
    guards.unshift({
      scope: 'petition-key',
      key: sha256(options.idempotencyKey),
      fingerprint,
      expiresAt: new Date(options.now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
    });
  }
  // A confidential petition stays out of "possible duplicate" links both ways, as it stays out of similar
  // cases (docs/metrics.md): it leaves no marker another case could be linked to, and is linked to none.
  if (confidential) return guards;
  // Last: the replay guards above are checked first, so a double click is a replay and not a "duplicate".
  const sameText = sha256(normalizeText(`${request.title}\n${request.content}`));
  guards.push({
    scope: 'petition-text',
    key: sameText,
    fingerprint: sameText,
    expiresAt: new Date(options.now.getTime() + SAME_TEXT_WINDOW_MS),
    onConflict: 'report',
  });
  return guards;
}

export interface SubmitPetitionResult {
  readonly case: Case;
  readonly replayed: boolean;
}

/**
 * Registers a petition: validates references, then writes case + event + tracking code + idempotency
 * guards in one transaction. The stream takes it from there (routing), so nothing can half-happen.
 */
export async function submitPetition(
  deps: SubmitPetitionDeps,
  request: PetitionSubmission,
  options: SubmitPetitionOptions,
): Promise<SubmitPetitionResult> {
  const catalog = await deps.catalog();
  const errors = referenceErrors(request, catalog);
  if (request.attachments?.length && !deps.attachments)
    errors.push({ field: 'attachments', message: '此渠道不接受照片 / photos are not accepted here' });
  if (request.phoneVerification && !deps.phoneVerification)
    errors.push({ field: 'phoneVerification', message: '此渠道无需验证码 / not accepted here' });
  if (errors.length > 0) throw new ValidationError(errors);
  // The code is checked after everything else, so a typo elsewhere does not cost one of its five attempts.
  if (request.phoneVerification && deps.phoneVerification) {
    await checkPhoneVerification(
      deps.phoneVerification,
      request.phoneVerification,
      request.petitioner.phone ?? '',
      options.now,
    );
  } else if (options.phoneVerification === 'required') {
    throw new PhoneVerificationRequiredError();
  }
  // Loaded only for petitions with photos (image parsing stays out of the function's cold start).
  const attachments =
    request.attachments?.length && deps.attachments
      ? await (await import('./claim-attachments.ts')).claimAttachments(
          deps.attachments,
          request.attachments,
          { shareLocation: request.shareLocation === true },
        )
      : [];

  const confidential =
    request.confidential ||
    catalog.categories.some((category) => category.code === request.categoryCode && category.confidential);
  let guards = guardsFor(request, options, confidential);
  let possibleDuplicateOf: string | undefined;
  const caseId = (deps.newCaseId ?? ulid)();
  for (let attempt = 0; attempt < 6; attempt++) {
    const input: RegistrationInput = {
      caseId,
      trackingCode: (deps.newTrackingCode ?? newTrackingCode)(),
      channel: options.channel,
      ...(request.categoryCode ? { categoryCode: request.categoryCode } : {}),
      ...(request.petitionType ? { petitionType: request.petitionType } : {}),
      ...(request.accusedUnitId ? { accusedUnitId: request.accusedUnitId } : {}),
      jurisdictionCode: request.jurisdictionCode,
      ...(options.studioId ? { studioId: options.studioId } : {}),
      title: request.title,
      content: request.content,
      petitioner: {
        ...(request.petitioner.name && !request.petitioner.anonymous
          ? { name: request.petitioner.name }
          : {}),
        ...(request.petitioner.phone ? { phone: request.petitioner.phone } : {}),
        ...(request.petitioner.email ? { email: request.petitioner.email } : {}),
        ...(request.petitioner.address ? { address: request.petitioner.address } : {}),
        ...(options.trackingPin && !request.petitioner.phone ? { trackingPin: options.trackingPin } : {}),
        anonymous: request.petitioner.anonymous,
      },
      confidential,
      ...(options.placedBy ? { placedBy: options.placedBy } : {}),
      ...(options.open311ClientId ? { open311ClientId: options.open311ClientId } : {}),
      ...(attachments.length + (options.attachments?.length ?? 0) > 0
        ? { attachments: [...(options.attachments ?? []), ...attachments] }
        : {}),
      ...(possibleDuplicateOf ? { possibleDuplicateOf } : {}),
    };
    try {
      const result = await deps.store.create(
        register(input, { actor: options.actor, now: options.now }),
        guards,
      );
      return { case: result.case, replayed: result.outcome === 'replayed' };
    } catch (error) {
      // Without an Idempotency-Key only the verification guard can carry another request's fingerprint.
      if (error instanceof IdempotencyKeyReusedError && request.phoneVerification && !options.idempotencyKey)
        throw new PhoneVerificationFailedError('used');
      if (error instanceof SameTextRegisteredError) {
        // Another person's petition with the same words: a case of its own, with its own tracking code,
        // linked to the first for staff to judge. The marker keeps pointing at the first case.
        possibleDuplicateOf = error.caseId;
        guards = guards.filter((guard) => guard.onConflict !== 'report');
        continue;
      }
      if (!(error instanceof TrackingCodeTakenError)) throw error;
    }
  }
  throw new Error('could not draw an unused tracking code in 5 attempts');
}
