/**
 * What the mailbox remembers about messages it took in: the outcome per message (so a message SES delivers
 * twice, or a resent copy with the same Message-ID, makes one case) and the quarantine of messages kept for
 * staff review (DESIGN §6: a malformed message is never dropped).
 */

export type QuarantineReason =
  | 'too-large'
  | 'unparseable'
  | 'no-sender'
  | 'empty'
  | 'invalid-content'
  | 'virus'
  | 'spam'
  | 'message-id-conflict'
  /** Answers one of our notices (In-Reply-To/References): staff attach it to the case. */
  | 'reply-to-notice'
  /** Past the daily number of cases one sender address may open (a loop, or a flood). */
  | 'sender-limit';

export interface MailOutcome {
  /** sha256 of the Message-ID (or of the delivery id when the message has none). */
  readonly messageKey: string;
  readonly outcome: 'case' | 'quarantined';
  readonly caseId?: string;
  readonly trackingCode?: string;
  readonly deliveryId: string;
  readonly at: string;
}

export interface QuarantinedMail {
  readonly quarantineId: string;
  readonly receivedAt: string;
  readonly reason: QuarantineReason;
  /** Where the raw message is kept (mail bucket). */
  readonly rawKey: string;
  readonly bytes: number;
  readonly deliveryId: string;
  /** Masked (z***n@example.com); staff unmask by opening the raw message. */
  readonly sender?: string;
  /** The first 100 characters of the subject, control characters removed. */
  readonly subject?: string;
  readonly status: 'pending' | 'resolved';
}

export interface InboundMailStore {
  outcome(messageKey: string): Promise<MailOutcome | null>;
  /** Records a case made from a message (idempotent: the first record wins). */
  recordCase(outcome: MailOutcome): Promise<void>;
  /** Quarantines a message once; false when the message was already handled. */
  quarantine(entry: QuarantinedMail, messageKey: string): Promise<boolean>;
  /** Newest first. */
  listQuarantine(options: { readonly limit: number; readonly cursor?: string }): Promise<{
    readonly items: readonly QuarantinedMail[];
    readonly nextCursor: string | null;
  }>;
}
