import { createHash, randomInt } from 'node:crypto';
import { storedFileName } from '../domain/attachments/file-names.ts';
import { storedImageExtension } from '../domain/attachments/image-type.ts';
import { IdempotencyKeyReusedError } from '../domain/case/errors.ts';
import { type Actor, type CaseAttachment, systemActor } from '../domain/case/model.ts';
import { selectAttachments } from '../domain/mail/attachments.ts';
import { classifyMail, type OwnMail, readHeaderLines } from '../domain/mail/classify.ts';
import { defaultJurisdiction, findJurisdiction } from '../domain/mail/find-jurisdiction.ts';
import type { MailDelivery } from '../domain/mail/inbound-event.ts';
import { attachmentNote, petitionFromMail } from '../domain/mail/petition.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { ValidationError } from '../errors/index.ts';
import { defaultRateLimits, type RateLimit, rateWindow } from '../http/rate-limit-policy.ts';
import { logger } from '../logging/logger.ts';
import { type AttachmentStore, TooLargeObjectError } from '../ports/attachment-store.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { InboundMailStore, QuarantineReason } from '../ports/inbound-mail-store.ts';
import type { MailParser, ParsedMessage } from '../ports/mail-parser.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import { maskEmail } from '../schemas/phone.ts';
import { submitPetition } from './submit-petition.ts';

/**
 * The mailbox (DESIGN §4, §6): one raw message in the mail bucket → a case with channel `email`, an
 * acknowledgement through the ordinary `registered` notification (the notifier e-mails `petitioner.email`),
 * or nothing at all for machine mail (auto-replies, bounces, lists: answering them makes mail loops), or a
 * quarantine entry for staff when the message cannot become a case. A message is never silently dropped:
 * the raw object stays in the mail bucket in every outcome.
 *
 * Idempotent: SES may invoke twice, and a sender may resend. The Message-ID is the idempotency key of the
 * registration (one transaction with the case), and the outcome is remembered per message afterwards, so a
 * copy arriving days later still finds its case.
 */

/** SES accepts up to 40 MB; beyond this the message is kept for staff but not parsed in a Lambda. */
export const MAX_RAW_MAIL_BYTES = 25 * 1024 * 1024;

/** The mailbox registers as the system (no staff member was involved). */
export const mailboxActor: Actor = { ...systemActor, id: 'mailbox' };

export interface MailboxDeps {
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
  /** The mail bucket (raw messages). */
  readonly rawMail: Pick<AttachmentStore, 'read'>;
  /** The attachments bucket. */
  readonly attachments: Pick<AttachmentStore, 'write'>;
  readonly inbox: InboundMailStore;
  readonly parser: MailParser;
  /** The system's own addresses and Message-ID domains: it never answers itself (RFC 3834 §2). */
  readonly own: OwnMail;
  /** Counts cases per sender per day; past the limit a message is quarantined and not acknowledged. */
  readonly senderLimit: { readonly limiter: RateLimiter; readonly limit?: RateLimit };
  readonly newTrackingPin?: () => string;
}

export type MailboxResult =
  | { readonly outcome: 'case'; readonly caseId: string; readonly replayed: boolean }
  | { readonly outcome: 'refused'; readonly reason: string }
  | { readonly outcome: 'quarantined'; readonly reason: QuarantineReason }
  | { readonly outcome: 'duplicate'; readonly caseId?: string };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `<abc@example.com>` and `abc@example.com` are the same Message-ID. */
function messageIdOf(value: string | undefined): string | null {
  const trimmed = value?.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return trimmed && trimmed.length <= 998 ? trimmed : null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const subjectControls = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

const cleanSubject = (subject: string | undefined) =>
  subject?.replace(subjectControls, ' ').trim().slice(0, 100) || undefined;

/** The studio whose mailbox received the message: `studio-xikou@…` → `studio-xikou`. */
function studioOf(recipients: readonly string[], catalog: Catalog) {
  for (const recipient of recipients) {
    const local = recipient.split('@')[0]?.toLowerCase().split('+')[0];
    const studio = catalog.studios.find((candidate) => candidate.studioId === local);
    if (studio) return studio;
  }
  return undefined;
}

export async function receiveMail(
  deps: MailboxDeps,
  delivery: MailDelivery,
  now: Date,
): Promise<MailboxResult> {
  const receivedAt = now.toISOString();
  let raw: Uint8Array | null;
  try {
    raw = (await deps.rawMail.read(delivery.key, MAX_RAW_MAIL_BYTES))?.bytes ?? null;
  } catch (error) {
    if (!(error instanceof TooLargeObjectError)) throw error;
    return quarantine(deps, delivery, sha256(`delivery:${delivery.deliveryId}`), 'too-large', receivedAt, {
      bytes: MAX_RAW_MAIL_BYTES + 1,
    });
  }
  // The trigger came after the object was written: a missing object is an error worth a retry, not a drop.
  if (!raw) throw new Error(`raw message ${delivery.deliveryId} not found in the mail bucket`);

  const headers = readHeaderLines(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  const classification = classifyMail(headers, delivery.envelopeSender, {
    addresses: [...deps.own.addresses, ...delivery.recipients],
    messageIdDomains: deps.own.messageIdDomains,
  });
  if (classification.kind === 'automatic') {
    logger.info('mail refused: automatic message', {
      deliveryId: delivery.deliveryId,
      automatic: classification.reason,
    });
    return { outcome: 'refused', reason: classification.reason };
  }

  const messageId = messageIdOf(headers.get('message-id')?.[0]);
  const messageKey = sha256(messageId ? `message-id:${messageId}` : `delivery:${delivery.deliveryId}`);
  const known = await deps.inbox.outcome(messageKey);
  if (known) {
    logger.info('mail already handled', { deliveryId: delivery.deliveryId, outcome: known.outcome });
    return { outcome: 'duplicate', ...(known.caseId ? { caseId: known.caseId } : {}) };
  }
  const bytes = raw.byteLength;
  // A reply to one of our notices is not a new petition, marked as automatic or not: staff attach it.
  if (classification.kind === 'reply-to-notice')
    return quarantine(deps, delivery, messageKey, 'reply-to-notice', receivedAt, { bytes });
  if (delivery.virusFound) return quarantine(deps, delivery, messageKey, 'virus', receivedAt, { bytes });
  if (delivery.spamFound) return quarantine(deps, delivery, messageKey, 'spam', receivedAt, { bytes });

  let parsed: ParsedMessage;
  try {
    parsed = await deps.parser.parse(raw);
  } catch (error) {
    logger.warn('mail could not be parsed', {
      deliveryId: delivery.deliveryId,
      error: (error as Error).name,
    });
    return quarantine(deps, delivery, messageKey, 'unparseable', receivedAt, { bytes });
  }
  const details = {
    bytes,
    ...(parsed.fromAddress ? { sender: maskEmail(parsed.fromAddress) } : {}),
    ...(cleanSubject(parsed.subject) ? { subject: cleanSubject(parsed.subject) } : {}),
  };

  const selection = selectAttachments(parsed.attachments);
  const extracted = petitionFromMail(parsed, selection.kept.length > 0);
  if (!extracted.ok) return quarantine(deps, delivery, messageKey, extracted.reason, receivedAt, details);
  const fields = extracted.fields;

  // However well-marked a loop's mail is not, one sender cannot make more than a few cases (and
  // acknowledgements) a day: the rest wait for staff in the quarantine.
  const senderLimit = deps.senderLimit.limit ?? defaultRateLimits.mailSender;
  const allowed = await deps.senderLimit.limiter.hit(
    rateWindow('mailSender', fields.email.toLowerCase(), senderLimit, now),
    senderLimit,
  );
  if (!allowed.allowed) return quarantine(deps, delivery, messageKey, 'sender-limit', receivedAt, details);

  const catalog = await deps.catalog();
  const studio = studioOf(delivery.recipients, catalog);
  const jurisdictionCode =
    findJurisdiction(`${fields.title}\n${fields.content}`, catalog.jurisdictions) ??
    studio?.jurisdictionCode ??
    defaultJurisdiction(catalog.jurisdictions);
  if (!jurisdictionCode) throw new Error('the catalog has no jurisdictions');

  const { stored, unreadable } = await storeAttachments(deps, messageKey, selection.kept);
  const note = attachmentNote(
    stored.map((attachment) => attachment.name ?? ''),
    [...selection.dropped, ...unreadable],
  );
  try {
    const result = await submitPetition(
      { store: deps.store, catalog: async () => catalog },
      {
        jurisdictionCode,
        title: fields.title,
        content: `${fields.content}${note ? `\n${note}` : ''}`,
        petitioner: {
          ...(fields.name ? { name: fields.name } : {}),
          ...(fields.phone ? { phone: fields.phone } : {}),
          email: fields.email,
          anonymous: false,
        },
        confidential: false,
      },
      {
        channel: 'email',
        actor: mailboxActor,
        now,
        idempotencyKey: `mail:${messageKey}`,
        ...(studio ? { studioId: studio.studioId } : {}),
        ...(stored.length > 0 ? { attachments: stored } : {}),
        ...(fields.phone ? {} : { trackingPin: (deps.newTrackingPin ?? newTrackingPin)() }),
      },
    );
    await deps.inbox.recordCase({
      messageKey,
      outcome: 'case',
      caseId: result.case.caseId,
      trackingCode: result.case.trackingCode,
      deliveryId: delivery.deliveryId,
      at: receivedAt,
    });
    logger.info('mail registered', {
      deliveryId: delivery.deliveryId,
      caseId: result.case.caseId,
      replayed: result.replayed,
      attachments: stored.length,
      dropped: selection.dropped.length,
    });
    return { outcome: 'case', caseId: result.case.caseId, replayed: result.replayed };
  } catch (error) {
    if (error instanceof ValidationError)
      return quarantine(deps, delivery, messageKey, 'invalid-content', receivedAt, details);
    // The same Message-ID with other content: a forgery or a broken client; a person decides.
    if (error instanceof IdempotencyKeyReusedError)
      return quarantine(deps, delivery, messageKey, 'message-id-conflict', receivedAt, details);
    throw error;
  }
}

/** Four random digits that stand in for the phone's last four on the tracking page. */
export function newTrackingPin(): string {
  return String(randomInt(0, 10_000)).padStart(4, '0');
}

/**
 * Writes the kept attachments under `attachments/mail/<messageKey>/`: deterministic keys, so a repeated
 * delivery overwrites the same objects instead of leaving orphans. Images are rebuilt from their pixels
 * (nothing of the original's metadata survives, as on the public form); one that cannot be decoded is not
 * kept, and the case says so (the raw message stays in the mail bucket for staff).
 */
async function storeAttachments(
  deps: MailboxDeps,
  messageKey: string,
  kept: ReturnType<typeof selectAttachments>['kept'],
): Promise<{
  stored: CaseAttachment[];
  unreadable: { filename: string; reason: 'unreadable'; bytes: number }[];
}> {
  const stored: CaseAttachment[] = [];
  const unreadable: { filename: string; reason: 'unreadable'; bytes: number }[] = [];
  // One at a time: at most one decoded image in memory.
  for (const [index, attachment] of kept.entries()) {
    let bytes: Uint8Array = attachment.content;
    let contentType = attachment.type.contentType;
    let extension = attachment.type.extension;
    if (attachment.type.kind === 'image') {
      // Loaded only for mail that carries images (most mail does not).
      const { cleanImage, UndecodableImageError } = await import('../adapters/images/clean-image.ts');
      try {
        const image = await cleanImage(bytes);
        bytes = image.bytes;
        contentType = image.contentType;
        extension = storedImageExtension[image.contentType];
      } catch (error) {
        if (!(error instanceof UndecodableImageError)) throw error;
        unreadable.push({
          filename: attachment.filename?.trim() || `附件${index + 1}`,
          reason: 'unreadable',
          bytes: attachment.content.byteLength,
        });
        continue;
      }
    }
    const name = storedFileName(attachment.filename, extension, `附件${index + 1}.${extension}`);
    const key = `attachments/mail/${messageKey.slice(0, 32)}/${index + 1}.${extension}`;
    await deps.attachments.write(key, bytes, contentType);
    stored.push({ key, contentType, bytes: bytes.byteLength, name, source: 'email' });
  }
  return { stored, unreadable };
}

async function quarantine(
  deps: MailboxDeps,
  delivery: MailDelivery,
  messageKey: string,
  reason: QuarantineReason,
  receivedAt: string,
  details: { bytes: number; sender?: string; subject?: string },
): Promise<MailboxResult> {
  const added = await deps.inbox.quarantine(
    {
      quarantineId: messageKey.slice(0, 32),
      receivedAt,
      reason,
      rawKey: delivery.key,
      deliveryId: delivery.deliveryId,
      status: 'pending',
      ...details,
    },
    messageKey,
  );
  logger.warn('mail quarantined for staff review', {
    deliveryId: delivery.deliveryId,
    quarantine: reason,
    added,
  });
  return added ? { outcome: 'quarantined', reason } : { outcome: 'duplicate' };
}
