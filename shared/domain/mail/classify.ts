/**
 * Is this message written by a person, or by a machine (an out-of-office reply, a bounce, a list)? Machine
 * mail never becomes a case and is never answered: answering an auto-reply is how mail loops start
 * (RFC 3834 §2, RFC 5230 §4.6). Pure: works on the header lines, before any MIME parsing.
 */

export type AutomaticReason =
  | 'auto-submitted'
  | 'precedence'
  | 'autoreply-header'
  | 'auto-response-suppress'
  | 'null-return-path'
  | 'delivery-report'
  | 'mailer-daemon'
  | 'mailing-list'
  | 'own-address';

export type MailClassification =
  | { readonly kind: 'person' }
  | { readonly kind: 'automatic'; readonly reason: AutomaticReason }
  /** Answers one of our own notices (In-Reply-To/References): not a new petition; staff attach it. */
  | { readonly kind: 'reply-to-notice' };

/** Who we are: the addresses the system sends from or receives at, and the domains of its Message-IDs. */
export interface OwnMail {
  readonly addresses: readonly string[];
  /** `abc@<domain>`: SES writes `<id>@<region>.amazonses.com`, the local outbox `<id>@<sender domain>`. */
  readonly messageIdDomains: readonly string[];
}

/** Header names in lower case → every value of that header (a header may repeat). */
export type HeaderLines = ReadonlyMap<string, readonly string[]>;

const MAX_HEADER_BYTES = 256 * 1024;

/**
 * Reads the header block of a raw RFC 5322 message (up to the first empty line) into lower-case names and
 * unfolded values. Tolerant: a line without a colon is skipped, so a broken header never throws here.
 */
export function readHeaderLines(raw: Buffer): HeaderLines {
  const head = raw.subarray(0, MAX_HEADER_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end === -1 ? head : head.slice(0, end);
  const headers = new Map<string, string[]>();
  let current: { name: string; value: string } | null = null;
  const flush = () => {
    if (!current) return;
    const list = headers.get(current.name) ?? [];
    list.push(current.value.trim());
    headers.set(current.name, list);
    current = null;
  };
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current) {
      (current as { name: string; value: string }).value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    current = { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) };
  }
  flush();
  return headers;
}

const first = (headers: HeaderLines, name: string) => headers.get(name)?.[0];

const addressIn = (value: string) => (/<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1] ?? value).trim().toLowerCase();

/** Message-IDs named in In-Reply-To and References, lower case, without brackets. */
function referencedIds(headers: HeaderLines): string[] {
  return ['in-reply-to', 'references'].flatMap((name) =>
    (headers.get(name) ?? []).flatMap((value) =>
      [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!.toLowerCase()),
    ),
  );
}

const inDomain = (id: string, domain: string) => {
  const host = id.slice(id.lastIndexOf('@') + 1);
  const wanted = domain.toLowerCase();
  return host === wanted || host.endsWith(`.${wanted}`);
};

/**
 * The rules, in order. `envelopeSender` is the SMTP `MAIL FROM` (SES: `mail.source`); an empty one (`<>`)
 * is how bounces and other automatic notifications are sent (RFC 5321 §4.5.5). With `own`, mail from the
 * system's own addresses is machine mail (it never answers itself), and a reply to one of its notices is
 * recognised by the Message-ID it names, whatever else the replying software forgot to mark.
 */
export function classifyMail(
  headers: HeaderLines,
  envelopeSender?: string | null,
  own?: OwnMail,
): MailClassification {
  if (own) {
    const addresses = new Set(own.addresses.map((address) => address.toLowerCase()));
    const senders = [first(headers, 'from'), first(headers, 'sender'), envelopeSender ?? undefined]
      .filter((value): value is string => Boolean(value?.trim()))
      .map(addressIn);
    if (senders.some((sender) => addresses.has(sender))) return { kind: 'automatic', reason: 'own-address' };
  }

  const autoSubmitted = first(headers, 'auto-submitted');
  if (autoSubmitted && !/^no\b/i.test(autoSubmitted)) return { kind: 'automatic', reason: 'auto-submitted' };

  const precedence = first(headers, 'precedence');
  if (precedence && /^(bulk|junk|list|auto[_-]reply)\b/i.test(precedence))
    return { kind: 'automatic', reason: 'precedence' };

  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder'])
    if (headers.has(name)) return { kind: 'automatic', reason: 'autoreply-header' };

  if (headers.has('x-auto-response-suppress')) return { kind: 'automatic', reason: 'auto-response-suppress' };

  const returnPath = first(headers, 'return-path');
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath.trim()))
    return { kind: 'automatic', reason: 'null-return-path' };
  if (envelopeSender !== undefined && envelopeSender !== null && /^<?\s*>?$/.test(envelopeSender.trim()))
    return { kind: 'automatic', reason: 'null-return-path' };

  const contentType = first(headers, 'content-type') ?? '';
  if (
    /multipart\/report/i.test(contentType) &&
    /report-type\s*=\s*"?(delivery-status|disposition-notification)/i.test(contentType)
  )
    return { kind: 'automatic', reason: 'delivery-report' };

  const from = first(headers, 'from') ?? '';
  if (/\b(mailer-daemon|postmaster)@/i.test(from)) return { kind: 'automatic', reason: 'mailer-daemon' };

  // Every List-* header (RFC 2369, 2919, 8058) says a list sent it.
  if ([...headers.keys()].some((name) => name.startsWith('list-')))
    return { kind: 'automatic', reason: 'mailing-list' };

  if (own && referencedIds(headers).some((id) => own.messageIdDomains.some((domain) => inDomain(id, domain))))
    return { kind: 'reply-to-notice' };

  return { kind: 'person' };
}
