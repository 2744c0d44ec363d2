import * as z from 'zod';
import { CONTENT_MAX, TITLE_MAX } from '../../schemas/petition.ts';
import { phoneSchema } from '../../schemas/phone.ts';
import { lineText, paragraphText } from '../../schemas/text.ts';

/**
 * `POST requests` (GeoReport v2): form-encoded fields, validated as the spec requires — `service_code`,
 * a location (`lat` and `long`, or `address_string`; `address_id` is not supported here), and this
 * endpoint also requires a `description` (a petition needs its text). Empty fields count as absent, as
 * form clients send them. Pure.
 */

/** Room left in the case content for the location lines appended to the description. */
export const DESCRIPTION_MAX = CONTENT_MAX - 300;

const coordinate = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,3}(\.\d{1,12})?$/, 'must be a decimal number')
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be between ${min} and ${max}`);

export const open311PostSchema = z.object({
  api_key: z.string().max(200).optional(),
  jurisdiction_id: z.string().max(60).optional(),
  service_code: z.string({ error: 'service_code is required' }).min(1).max(60),
  lat: coordinate(-90, 90).optional(),
  long: coordinate(-180, 180).optional(),
  address_string: lineText(1, 250).optional(),
  address_id: z.string().max(100).optional(),
  email: z.email().max(254).optional(),
  device_id: z.string().max(100).optional(),
  account_id: z.string().max(100).optional(),
  first_name: lineText(1, 30).optional(),
  last_name: lineText(1, 30).optional(),
  phone: phoneSchema.optional(),
  description: paragraphText(5, DESCRIPTION_MAX).optional(),
  media_url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});
export type Open311Post = z.infer<typeof open311PostSchema>;

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

export interface Open311FieldError {
  readonly field: string;
  readonly message: string;
}

/** Form body → fields (first value of each; empty values and `attribute[…]` dropped: no service has any). */
export function formFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (value === '' || key in fields || key.startsWith('attribute[')) continue;
    fields[key] = value;
  }
  return fields;
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
  if (parsed.success && errors.length === 0) return { ok: true, value: parsed.data };
  return { ok: false, errors };
}

const hasHan = (text: string) => /\p{Script=Han}/u.test(text);

/** 张 + 三 → 张三; John + Smith → John Smith. */
export function petitionerName(post: Pick<Open311Post, 'first_name' | 'last_name'>): string | undefined {
  const { first_name: first, last_name: last } = post;
  if (!first && !last) return undefined;
  const name = hasHan(`${first ?? ''}${last ?? ''}`)
    ? `${last ?? ''}${first ?? ''}`
    : [first, last].filter(Boolean).join(' ');
  return [...name].slice(0, 30).join('');
}

/** The petition's title: the service, then the description's first line, within the title limit. */
export function petitionTitle(serviceName: string, description: string): string {
  const firstLine =
    description
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? '';
  const title = `${serviceName}：${firstLine}`;
  const characters = [...title];
  return characters.length <= TITLE_MAX ? title : `${characters.slice(0, TITLE_MAX - 1).join('')}…`;
}

/** The petition's content: the description and, for the unit handling it, where it is. */
export function petitionContent(post: Open311Post): string {
  const lines = [post.description ?? ''];
  const where: string[] = [];
  if (post.address_string) where.push(`地址：${post.address_string}`);
  if (post.lat !== undefined && post.long !== undefined)
    where.push(`坐标：纬度 ${post.lat}，经度 ${post.long}`);
  if (where.length > 0) lines.push('', `【位置】${where.join('；')}`);
  if (post.media_url) lines.push(`【图片链接】${post.media_url}`);
  return lines.join('\n');
}
