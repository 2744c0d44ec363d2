import { imapDelivery } from '../domain/mail/imap-delivery.ts';
import type { MailDelivery } from '../domain/mail/inbound-event.ts';
import { logger } from '../logging/logger.ts';
import type { AttachmentStore } from '../ports/attachment-store.ts';
import type { MailboxFolder, RemoteMailbox } from '../ports/remote-mailbox.ts';
import type { MailboxResult } from './mailbox.ts';

/**
 * The county's mailbox read over IMAP (AWS China has no SES receiving), feeding the same mailbox use case
 * as SES does. Per message, in this order:
 *
 * 1. fetch it (without marking it read);
 * 2. store the raw bytes in the mail bucket under a key made of their hash (as SES's S3 action does);
 * 3. take it in (`receiveMail`: one case per Message-ID, loop rules, quarantine), idempotent by Message-ID,
 *    or by the bytes' hash when there is none;
 * 4. move it out of the inbox: quarantined mail to the quarantine folder, everything else to the processed one.
 *
 * The move comes last, so a crash anywhere before it leaves the message in the inbox, and the next run
 * takes it in again and finds the case already there: never lost, never doubled. A message that cannot be
 * taken in stays in the inbox for the next run; the others go on. A failing IMAP command ends the run (the
 * connection is suspect). Each run takes at most `batchSize` messages and none once less than `reserveMs` of
 * the function's time is left.
 */

/** Above this a message is not fetched into the function's memory; it is moved to the quarantine folder. */
export const MAX_IMAP_MESSAGE_BYTES = 40 * 1024 * 1024;
/** The worst case of one message (fetch, store, parse, attachments, case write, move). */
export const DEFAULT_RESERVE_MS = 20_000;

export interface ImapPollDeps {
  readonly mailbox: RemoteMailbox;
  /** The mail bucket. */
  readonly rawMail: Pick<AttachmentStore, 'write'>;
  /** The mailbox use case (`receiveMail` with its dependencies). */
  readonly receive: (delivery: MailDelivery) => Promise<MailboxResult>;
  /** The mailbox's own address (recipient of a message that names none). */
  readonly mailboxAddress: string;
  readonly batchSize: number;
  /** Milliseconds left before the function times out (Lambda's context). */
  readonly remainingMs: () => number;
  readonly reserveMs?: number;
}

export interface ImapPollResult {
  /** Messages in the inbox when the run looked (at most the batch size). */
  readonly waiting: number;
  readonly cases: number;
  /** Already taken in by an earlier run (a crash before the move, or the same Message-ID again). */
  readonly duplicates: number;
  readonly quarantined: number;
  /** Machine mail (auto-replies, bounces, lists): never a case, never answered. */
  readonly refused: number;
  /** Too large to fetch: moved to the quarantine folder untouched. */
  readonly oversized: number;
  /** Left in the inbox for the next run. */
  readonly failed: number;
  /** Stopped before the batch was done, to finish within the function's time. */
  readonly outOfTime: boolean;
}

/** Where a message goes after `receiveMail`. A duplicate without a case was quarantined the first time. */
function folderFor(result: MailboxResult): MailboxFolder {
  if (result.outcome === 'quarantined') return 'quarantine';
  if (result.outcome === 'duplicate' && !result.caseId) return 'quarantine';
  return 'processed';
}

export async function pollMailbox(deps: ImapPollDeps): Promise<ImapPollResult> {
  const reserve = deps.reserveMs ?? DEFAULT_RESERVE_MS;
  const counts = { cases: 0, duplicates: 0, quarantined: 0, refused: 0, oversized: 0, failed: 0 };
  let outOfTime = false;
  const session = await deps.mailbox.open();
  try {
    const waiting = await session.waiting(deps.batchSize);
    for (const message of waiting) {
      if (deps.remainingMs() < reserve) {
        outOfTime = true;
        break;
      }
      if (message.size > MAX_IMAP_MESSAGE_BYTES) {
        logger.warn('mail too large to fetch, moved to the quarantine folder', {
          uid: message.uid,
          bytes: message.size,
        });
        await session.move(message.uid, 'quarantine');
        counts.oversized++;
        continue;
      }
      const raw = await session.fetch(message.uid);
      if (!raw) continue;
      const delivery = imapDelivery(raw, deps.mailboxAddress);
      let result: MailboxResult;
      try {
        await deps.rawMail.write(delivery.key, raw, 'message/rfc822');
        result = await deps.receive(delivery);
      } catch (error) {
        // Stays in the inbox; the next run tries again. Never dropped, never moved without a record.
        counts.failed++;
        logger.error('mail could not be taken in; left in the inbox', {
          uid: message.uid,
          deliveryId: delivery.deliveryId,
          error: (error as Error).name,
        });
        continue;
      }
      await session.move(message.uid, folderFor(result));
      if (result.outcome === 'case') counts[result.replayed ? 'duplicates' : 'cases']++;
      else if (result.outcome === 'duplicate') counts.duplicates++;
      else if (result.outcome === 'quarantined') counts.quarantined++;
      else counts.refused++;
    }
    return { waiting: waiting.length, ...counts, outOfTime };
  } finally {
    await session.close();
  }
}
