import { createHash, randomInt } from 'node:crypto';
import * as z from 'zod';
import { lineText, paragraphText } from '../../schemas/text.ts';
import { trackingAlphabet } from '../case/tracking-code.ts';

/**
 * 心理帮助信箱 (the confidential help mailbox): township cadres write to the county's organisation department
 * about stress, in confidence. A letter is not a case: it has no petitioner, never enters case indexes,
 * routing, notices or reports, and only the organisation department's designated staff can open it. The
 * writer keeps a letter code and a passphrase of their choosing and reads the reply with both.
 *
 * Anonymous means anonymous: a letter stores its text, the day it came (no time of day), a slow hash of the
 * passphrase, and later the reply. No name, phone, e-mail, address, user agent, or anything that links it to
 * a person or a connection. The letter code itself is never stored: the letter's id is a hash of it.
 */

/** `XL-7K3Q-9MXD-2HPA-WQ4N`: 16 symbols of the tracking alphabet = 80 random bits. */
const CODE_SYMBOLS = 16;
export const letterCodePattern = /^XL(-[2-9A-HJ-NP-Z]{4}){4}$/;

function formatCode(symbols: string): string {
  return `XL-${symbols.match(/.{4}/g)!.join('-')}`;
}

export function newLetterCode(random: (max: number) => number = randomInt): string {
  let symbols = '';
  for (let i = 0; i < CODE_SYMBOLS; i++) symbols += trackingAlphabet[random(trackingAlphabet.length)];
  return formatCode(symbols);
}

/**
 * The code a retried submission gets: derived from the client's Idempotency-Key (random, 32+ characters,
 * made by the page and never stored here), so a retry after a lost answer finds the same letter.
 */
export function letterCodeForKey(idempotencyKey: string): string {
  const digest = createHash('sha256').update(`huiyin-help-letter\u0000${idempotencyKey}`).digest();
  let symbols = '';
  for (let i = 0; i < CODE_SYMBOLS; i++) symbols += trackingAlphabet[digest[i]! % trackingAlphabet.length];
  return formatCode(symbols);
}

/** Accepts what people type: lower case, spaces, missing dashes or a missing `XL` prefix. */
export function normalizeLetterCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const body = compact.startsWith('XL') ? compact.slice(2) : compact;
  if (body.length !== CODE_SYMBOLS) return null;
  const code = formatCode(body);
  return letterCodePattern.test(code) ? code : null;
}

/** The letter's id: a hash of its code, so the stored letter (and staff screens) never show the code. */
export function letterIdOf(code: string): string {
  return createHash('sha256').update(`huiyin-help-id\u0000${code}`).digest('hex').slice(0, 32);
}

export const helpLetterSchema = z.object({
  letterId: z.string().regex(/^[0-9a-f]{32}$/),
  /** The Shanghai day it came; deliberately no time of day. */
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The day by which the organisation department means to reply (working days, docs/intake-channels.md). */
  replyBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  subject: z.string().max(60).optional(),
  content: z.string().min(1).max(5000),
  /** scrypt, as for staff passwords (`shared/domain/users/password.ts`). */
  passphraseHash: z.string().min(1),
  status: z.enum(['received', 'replied']),
  reply: z
    .object({
      text: z.string().min(1).max(5000),
      repliedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      /** Staff id of the designated officer who replied (staff actions are accountable). */
      by: z.string().min(1),
    })
    .optional(),
});
export type HelpLetter = z.infer<typeof helpLetterSchema>;

/** `POST /api/help-mailbox/letters`: no name, no phone, nothing but the letter and a passphrase. */
export const writeLetterSchema = z.strictObject({
  subject: lineText(1, 60).optional(),
  content: paragraphText(10, 5000),
  passphrase: z
    .string()
    .min(8, '口令至少 8 个字符 / at least 8 characters')
    .max(64, '口令最多 64 个字符 / at most 64 characters'),
});
export type WriteLetterRequest = z.infer<typeof writeLetterSchema>;

/** `POST /api/help-mailbox/read`: both secrets in the body, never in a URL (URLs end up in logs). */
export const readLetterSchema = z.strictObject({
  code: z.string().min(1).max(40),
  passphrase: z.string().min(1).max(64),
});

/** `POST /api/staff/help-mailbox/letters/{letterId}/reply` */
export const replyLetterSchema = z.strictObject({ text: paragraphText(5, 5000) });

/** `GET /api/staff/help-mailbox/counts?month=YYYY-MM` */
export const helpMailboxCountsQuerySchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM / a month as YYYY-MM'),
});

export const letterIdPathSchema = z.object({
  letterId: z.string().regex(/^[0-9a-f]{32}$/, '信件编号格式不正确'),
});

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32,128}$/, 'Idempotency-Key: 32–128 random letters, digits, - or _')
  .optional();

/** What the writer reads back: their letter and the reply, nothing about who handled it. */
export interface LetterForWriter {
  readonly receivedOn: string;
  readonly subject?: string;
  readonly content: string;
  readonly status: HelpLetter['status'];
  readonly replyBy: string;
  readonly reply?: { readonly text: string; readonly repliedOn: string };
}

export function toWriterView(letter: HelpLetter): LetterForWriter {
  return {
    receivedOn: letter.receivedOn,
    ...(letter.subject ? { subject: letter.subject } : {}),
    content: letter.content,
    status: letter.status,
    replyBy: letter.replyBy,
    ...(letter.reply ? { reply: { text: letter.reply.text, repliedOn: letter.reply.repliedOn } } : {}),
  };
}

/** Failed reads of one code allowed in 24 hours before it is locked for reading (no enumeration). */
export const MAX_READ_FAILURES = 5;
export const READ_FAILURE_WINDOW_SECONDS = 24 * 3600;

/** Working days the organisation department gives itself to reply. */
export const REPLY_WORKING_DAYS = 5;
