import * as z from 'zod';
import { TITLE_MAX } from '../../schemas/petition.ts';
import { normalizePhone } from '../../schemas/phone.ts';
import { cleanText, visibleCount } from '../../schemas/text-rules.ts';
import type { Category, CategoryAttribute } from '../reference/model.ts';

/**
 * `POST requests` (GeoReport v2): form-encoded fields as FixMyStreet and other clients send them. Pure.
 *
 * Clients resend a refused report for ever (FixMyStreet every 30 minutes, with no maximum), so only what no
 * resend can mend is refused, and then with a permanent error code: no service, no place, no description, a
 * description over the spec's 4,000 characters, coordinates that are not numbers, a required question left
 * unanswered. Everything else is mended: line breaks count once (`\r\n` → `\n`), control characters are
 * removed, over-long names and addresses are cut, and a phone number, e-mail address or media URL that cannot
 * be used is left out (the answer's `service_notice` says so). Empty fields count as absent.
 */

/** GeoReport v2: "description: … up to 4,000 characters". Counted in characters after `\r\n` → `\n`. */
export const DESCRIPTION_MAX = 4000;
export const NAME_MAX = 30;
const ADDRESS_MAX = 250;

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text rules every channel follows (`schemas/text-rules.ts`: NFC, U+2028/U+2029/NEL as line breaks), mended
 * rather than refused: `\r\n` and lone `\r` → `\n`, control characters and bidi embeddings removed, trimmed.
 */
export function normaliseText(value: string): string {
  return cleanText(value.replace(/\r\n?/g, '\n'), 'paragraph').replace(controls, '').trim();
}

/**
 * One line: line breaks and tabs become spaces, bidi marks go (as in every one-line field), then cut to `max`
 * characters (not UTF-16 units). Text that shows nothing (zero-width characters only) is no text.
 */
export function oneLine(value: string, max: number): string {
  const line = cleanText(normaliseText(value).replace(/\s+/g, ' '), 'line');
  // Cut, then trimmed again: a cut at a space must not leave one at the end.
  return visibleCount(line) === 0 ? '' : [...line].slice(0, max).join('').trimEnd();
}

const characters = (value: string) => [...value].length;

/**
 * 4000 → "4,000". Not `toLocaleString('en')`: its first call loads ICU's number formats, about 20 ms of every
 * cold start of the functions that import this module.
 */
const withThousands = (value: number) => String(value).replace(/\B(?=(\d{3})+$)/g, ',');

const coordinate = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,15})?$/, 'must be a decimal number')
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be between ${min} and ${max}`);

const line = (max: number) => z.string().transform((value) => oneLine(value, max));

/** The fields a request may carry; `attribute[…]` answers travel separately (`formFields`). */
export const open311PostSchema = z.object({
  api_key: z.string().max(200).optional(),
  jurisdiction_id: z.string().max(60).optional(),
  service_code: z.string({ error: 'service_code is required' }).trim().min(1).max(60),
  lat: coordinate(-90, 90).optional(),
  long: coordinate(-180, 180).optional(),
  address_string: line(ADDRESS_MAX).optional(),
  address_id: z.string().optional(),
  email: z.string().optional(),
  device_id: line(100).optional(),
  account_id: line(100).optional(),
  first_name: line(NAME_MAX).optional(),
  last_name: line(NAME_MAX).optional(),
  phone: z.string().optional(),
  description: z
    .string()
    .transform(normaliseText)
    .refine((value) => visibleCount(value) > 0, 'description is required')
    .refine(
      (value) => characters(value) <= DESCRIPTION_MAX,
      `at most ${withThousands(DESCRIPTION_MAX)} characters (a line break counts once)`,
    )
    .optional(),
  media_url: z.string().optional(),
});
export type Open311PostFields = z.infer<typeof open311PostSchema>;

export interface Open311FieldError {
  readonly field: string;
  readonly message: string;
}

/** What a valid request becomes: usable contact details only, and what was left out. */
export interface Open311Post extends Omit<Open311PostFields, 'phone' | 'email' | 'media_url'> {
  readonly description: string;
  readonly phone?: string;
  readonly email?: string;
  readonly media_url?: string;
  /** Optional fields that could not be used and were left out (named in the answer's notice). */
  readonly dropped: readonly ('phone' | 'email' | 'media_url')[];
}

export interface FormFields {
  /** First value of each plain field; empty values dropped. */
  readonly fields: Record<string, string>;
  /** `attribute[code]` (and `attribute[code][]`) answers, every value kept. */
  readonly attributes: Record<string, string[]>;
}

/** Form body → fields and attribute answers. */
export function formFields(body: string): FormFields {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (value === '') continue;
    const attribute = /^attribute\[([^\]]{1,60})\](\[\])?$/.exec(key);
    if (attribute) attributes[attribute[1]!] = [...(attributes[attribute[1]!] ?? []), value];
    else if (!(key in fields)) fields[key] = value;
  }
  return { fields, attributes };
}

const emailSchema = z.email().max(254);
const mediaUrlSchema = z.url({ protocol: /^https?$/ }).max(500);

/** Rules across fields, checked on the raw fields so they are reported together with per-field errors. */
function crossFieldErrors(fields: Record<string, string>): Open311FieldError[] {
  const errors: Open311FieldError[] = [];
  const has = (name: string) => fields[name] !== undefined;
  if (has('lat') !== has('long')) errors.push({ field: 'lat', message: 'lat and long go together' });
  if (!((has('lat') && has('long')) || has('address_string')))
    errors.push({
      field: 'address_string',
      message: has('address_id')
        ? 'address_id is not supported here: give lat and long, or address_string'
        : 'a location is required: lat and long, or address_string',
    });
  if (!has('description')) errors.push({ field: 'description', message: 'description is required' });
  return errors;
}

export function parseOpen311Post(
  fields: Record<string, string>,
): { ok: true; value: Open311Post } | { ok: false; errors: Open311FieldError[] } {
  const parsed = open311PostSchema.safeParse(fields);
  const errors = [
    ...crossFieldErrors(fields),
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          field: issue.path.join('.') || 'request',
          message: issue.message,
        }))),
  ];
  // Each rule reports one field once, and the cross-field rules say what the schema cannot: no duplicates.
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const { phone, email, media_url, ...rest } = parsed.data;
  const dropped: Open311Post['dropped'][number][] = [];
  const normalisedPhone = phone ? normalizePhone(phone.slice(0, 40)) : null;
  if (phone && !normalisedPhone) dropped.push('phone');
  const validEmail = email && emailSchema.safeParse(email.trim()).success ? email.trim().toLowerCase() : null;
  if (email && !validEmail) dropped.push('email');
  const validMedia =
    media_url && mediaUrlSchema.safeParse(media_url.trim()).success ? media_url.trim() : null;
  if (media_url && !validMedia) dropped.push('media_url');
  return {
    ok: true,
    value: {
      ...rest,
      description: rest.description ?? '',
      ...(normalisedPhone ? { phone: normalisedPhone } : {}),
      ...(validEmail ? { email: validEmail } : {}),
      ...(validMedia ? { media_url: validMedia } : {}),
      dropped,
    },
  };
}

/** One answered question, ready to show the unit: `问题类型：路灯不亮`. */
export interface AttributeAnswer {
  readonly code: string;
  readonly question: string;
  readonly answer: string;
}

function answerOf(
  attribute: CategoryAttribute,
  values: readonly string[],
): { ok: true; answer: string } | { ok: false; message: string } {
  const names = new Map((attribute.values ?? []).map((value) => [value.key, value.nameZh]));
  switch (attribute.datatype) {
    case 'singlevaluelist': {
      const name = names.get(values[0]!);
      return name
        ? { ok: true, answer: name }
        : { ok: false, message: `not one of ${[...names.keys()].join(', ')}` };
    }
    case 'multivaluelist': {
      const keys = values.flatMap((value) => value.split(',')).map((value) => value.trim());
      const unknown = keys.filter((key) => !names.has(key));
      return unknown.length === 0
        ? { ok: true, answer: keys.map((key) => names.get(key)).join('、') }
        : { ok: false, message: `not one of ${[...names.keys()].join(', ')}` };
    }
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(values[0]!.trim())
        ? { ok: true, answer: values[0]!.trim() }
        : { ok: false, message: 'must be a number' };
    case 'text':
      return { ok: true, answer: [...normaliseText(values[0]!)].slice(0, 1000).join('') };
    default:
      return { ok: true, answer: oneLine(values[0]!, 200) };
  }
}

/**
 * Answers to the service's questions: a required question must be answered and list answers must be keys of
 * the list; answers to questions the service does not ask are ignored (clients keep old definitions).
 */
export function attributeAnswers(
  service: Pick<Category, 'attributes'>,
  given: Readonly<Record<string, readonly string[]>>,
): { ok: true; answers: AttributeAnswer[] } | { ok: false; errors: Open311FieldError[] } {
  const answers: AttributeAnswer[] = [];
  const errors: Open311FieldError[] = [];
  for (const attribute of [...(service.attributes ?? [])].sort((a, b) => a.order - b.order)) {
    const values = (given[attribute.code] ?? []).filter((value) => value.trim() !== '');
    const field = `attribute[${attribute.code}]`;
    if (values.length === 0) {
      if (attribute.required) errors.push({ field, message: `required: ${attribute.descriptionZh}` });
      continue;
    }
    const answer = answerOf(attribute, values);
    if (answer.ok)
      answers.push({ code: attribute.code, question: attribute.descriptionZh, answer: answer.answer });
    else errors.push({ field, message: answer.message });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}

const hasHan = (text: string) => /\p{Script=Han}/u.test(text);

/** 张 + 三 → 张三; John + Smith → John Smith; never longer than the petitioner's name may be. */
export function petitionerName(post: Pick<Open311Post, 'first_name' | 'last_name'>): string | undefined {
  const { first_name: first, last_name: last } = post;
  if (!first && !last) return undefined;
  const name = hasHan(`${first ?? ''}${last ?? ''}`)
    ? `${last ?? ''}${first ?? ''}`
    : [first, last].filter(Boolean).join(' ');
  return [...name].slice(0, NAME_MAX).join('') || undefined;
}

/** The petition's title: the service, then the description's first line, within the title limit. */
export function petitionTitle(serviceName: string, description: string): string {
  const firstLine =
    description
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? '';
  const title = `${serviceName}：${firstLine}`;
  const letters = [...title];
  return letters.length <= TITLE_MAX ? title : `${letters.slice(0, TITLE_MAX - 1).join('')}…`;
}

/** The petition's content: the description and, for the unit handling it, where it is and the answers. */
export function petitionContent(
  post: Pick<Open311Post, 'description' | 'address_string' | 'lat' | 'long' | 'media_url'>,
  answers: readonly AttributeAnswer[] = [],
): string {
  const lines = [post.description];
  const where: string[] = [];
  if (post.address_string) where.push(`地址：${post.address_string}`);
  if (post.lat !== undefined && post.long !== undefined)
    where.push(`坐标：纬度 ${post.lat}，经度 ${post.long}`);
  // A blank line sets what the client added apart from the resident's own words.
  if (where.length > 0 || answers.length > 0 || post.media_url) lines.push('');
  if (where.length > 0) lines.push(`【位置】${where.join('；')}`);
  if (answers.length > 0)
    lines.push(`【补充信息】${answers.map((answer) => `${answer.question}：${answer.answer}`).join('；')}`);
  if (post.media_url) lines.push(`【图片链接】${post.media_url}`);
  return lines.join('\n');
}
