import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { TrackingCodeTakenError } from '../domain/case/errors.ts';
import { type RegistrationInput, register } from '../domain/case/lifecycle.ts';
import type { Actor, Case, Channel } from '../domain/case/model.ts';
import { newTrackingCode } from '../domain/case/tracking-code.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { type FieldError, ValidationError } from '../errors/index.ts';
import type { CaseStore, IdempotencyGuard } from '../ports/case-store.ts';
import type { SubmitPetitionRequest } from '../schemas/petition.ts';

/** An explicit Idempotency-Key is honoured for a day, as clients retry across flaky mobile networks. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** Without a key, the same phone + title + content within this window is one submission (double clicks). */
export const DOUBLE_SUBMIT_WINDOW_MS = 10 * 60 * 1000;

export interface SubmitPetitionDeps {
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
  readonly newCaseId?: () => string;
  readonly newTrackingCode?: () => string;
}

export interface SubmitPetitionOptions {
  readonly channel: Channel;
  readonly actor: Actor;
  readonly now: Date;
  readonly idempotencyKey?: string;
  readonly studioId?: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function referenceErrors(request: SubmitPetitionRequest, catalog: Catalog): FieldError[] {
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
  return errors;
}

function guardsFor(request: SubmitPetitionRequest, options: SubmitPetitionOptions): IdempotencyGuard[] {
  const fingerprint = sha256(
    JSON.stringify([
      request.categoryCode ?? null,
      request.jurisdictionCode,
      request.title,
      request.content,
      request.petitioner,
      request.confidential,
    ]),
  );
  const guards: IdempotencyGuard[] = [
    {
      scope: 'petition-content',
      key: sha256(JSON.stringify([request.petitioner.phone, request.title, request.content])),
      fingerprint: sha256(JSON.stringify([request.petitioner.phone, request.title, request.content])),
      expiresAt: new Date(options.now.getTime() + DOUBLE_SUBMIT_WINDOW_MS),
    },
  ];
  if (options.idempotencyKey) {
    guards.unshift({
      scope: 'petition-key',
      key: sha256(options.idempotencyKey),
      fingerprint,
      expiresAt: new Date(options.now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
    });
  }
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
  request: SubmitPetitionRequest,
  options: SubmitPetitionOptions,
): Promise<SubmitPetitionResult> {
  const catalog = await deps.catalog();
  const errors = referenceErrors(request, catalog);
  if (errors.length > 0) throw new ValidationError(errors);

  const confidential =
    request.confidential ||
    catalog.categories.some((category) => category.code === request.categoryCode && category.confidential);
  const guards = guardsFor(request, options);
  const caseId = (deps.newCaseId ?? ulid)();
  for (let attempt = 0; attempt < 5; attempt++) {
    const input: RegistrationInput = {
      caseId,
      trackingCode: (deps.newTrackingCode ?? newTrackingCode)(),
      channel: options.channel,
      ...(request.categoryCode ? { categoryCode: request.categoryCode } : {}),
      jurisdictionCode: request.jurisdictionCode,
      ...(options.studioId ? { studioId: options.studioId } : {}),
      title: request.title,
      content: request.content,
      petitioner: {
        ...(request.petitioner.name && !request.petitioner.anonymous
          ? { name: request.petitioner.name }
          : {}),
        phone: request.petitioner.phone,
        anonymous: request.petitioner.anonymous,
      },
      confidential,
    };
    try {
      const result = await deps.store.create(
        register(input, { actor: options.actor, now: options.now }),
        guards,
      );
      return { case: result.case, replayed: result.outcome === 'replayed' };
    } catch (error) {
      if (!(error instanceof TrackingCodeTakenError)) throw error;
    }
  }
  throw new Error('could not draw an unused tracking code in 5 attempts');
}
