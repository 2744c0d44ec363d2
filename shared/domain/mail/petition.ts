import * as z from 'zod';
import { CONTENT_MAX, TITLE_MAX } from '../../schemas/petition.ts';
import { normalizePhone } from '../../schemas/phone.ts';
import type { DropReason } from './attachments.ts';

/**
 * Turns a parsed e-mail into the fields of a petition. Pure. The mail itself is untrusted text: control
 * characters are removed (the petition schema refuses them), lengths are capped with a visible note (the
 * raw message stays in the mail bucket, so nothing is lost), and only a phone number the sender labelled as
 * theirs is taken (a number in the text may be anybody's).
 */

export interface ParsedMailFields {
  readonly subject?: string;
  /** Plain-text body (mailparser derives it from HTML when there is no text part). */
  readonly text?: string;
  readonly fromAddress?: string;
  readonly fromName?: string;
}

export interface MailPetitionFields {
  readonly title: string;
  readonly content: string;
  readonly email: string;
  readonly name?: string;
  readonly phone?: string;
  readonly contentTruncated: boolean;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

/** Room kept at the end of the content for the attachment note. */
export const ATTACHMENT_NOTE_RESERVE = 300;
const BODY_MAX = CONTENT_MAX - ATTACHMENT_NOTE_RESERVE;
const TRUNCATION_NOTE = '……（正文过长，以下从略，全文见原始邮件）';

function cleanText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(controls, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function cleanLine(value: string): string {
  return cleanText(value)
    .replace(/[\n\t]+/g, ' ')
    .trim();
}

function truncate(value: string, max: number, note: string): { text: string; truncated: boolean } {
  const characters = [...value];
  if (characters.length <= max) return { text: value, truncated: false };
  return { text: characters.slice(0, max - [...note].length).join('') + note, truncated: true };
}

const labelledPhone =
  /(?:联系电话|联系手机|电话号码|手机号码|手机号|电话|手机|联系方式|tel|phone|mobile)\s*[:：]?\s*(\+?[\d][\d\s()-]{5,18}\d)/gi;

/** The first phone number the sender labelled (联系电话：138…), normalised; `undefined` without one. */
export function labelledPhoneIn(text: string): string | undefined {
  for (const match of text.matchAll(labelledPhone)) {
    const phone = normalizePhone(match[1]!);
    if (phone) return phone;
  }
  return undefined;
}

const emailSchema = z.email();

/** A display name usable as the petitioner's name: one line, 1–30 characters, not an address. */
function usableName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const cleaned = cleanLine(name).replace(/^["']|["']$/g, '');
  if (!cleaned || cleaned.includes('@') || [...cleaned].length > 30) return undefined;
  return cleaned;
}

export type MailPetitionResult =
  | { readonly ok: true; readonly fields: MailPetitionFields }
  | { readonly ok: false; readonly reason: 'no-sender' | 'empty' };

export function petitionFromMail(mail: ParsedMailFields, hasAttachments: boolean): MailPetitionResult {
  const address = mail.fromAddress?.trim().toLowerCase();
  if (!address || !emailSchema.safeParse(address).success) return { ok: false, reason: 'no-sender' };
  const subject = cleanLine(mail.subject ?? '');
  const body = cleanText(mail.text ?? '');
  if (!subject && !body && !hasAttachments) return { ok: false, reason: 'empty' };

  const firstLine =
    body
      .split('\n')
      .find((line) => line.trim().length >= 2)
      ?.trim() ?? '';
  let title = subject.length >= 2 ? subject : firstLine || '电子邮件来信';
  title = truncate(title, TITLE_MAX, '…').text;

  const { text: bodyText, truncated } = truncate(
    body || (hasAttachments ? '（邮件正文为空，内容见附件）' : '（邮件正文为空）'),
    BODY_MAX,
    TRUNCATION_NOTE,
  );
  const content = [...bodyText].length >= 5 ? bodyText : `${title}：${bodyText}`;
  const phone = labelledPhoneIn(`${subject}\n${body}`);
  const name = usableName(mail.fromName);
  return {
    ok: true,
    fields: {
      title,
      content,
      email: address,
      ...(name ? { name } : {}),
      ...(phone ? { phone } : {}),
      contentTruncated: truncated,
    },
  };
}

/** The note appended to the content about attachments that were kept and dropped. */
export function attachmentNote(
  kept: readonly string[],
  dropped: readonly { readonly filename: string; readonly reason: DropReason }[],
): string {
  if (kept.length === 0 && dropped.length === 0) return '';
  const why: Record<DropReason, string> = {
    type: '类型不允许',
    size: '超出大小限制',
    count: '超出数量限制',
    unreadable: '图片无法识别',
  };
  const lines = ['', '【附件】'];
  if (kept.length > 0) lines.push(`已保存 ${kept.length} 个：${kept.join('、')}`);
  if (dropped.length > 0)
    lines.push(
      `未保存 ${dropped.length} 个（原始邮件已存档）：${dropped.map((file) => `${file.filename}（${why[file.reason]}）`).join('、')}`,
    );
  const note = lines.join('\n');
  return truncate(note, ATTACHMENT_NOTE_RESERVE, '…').text;
}
