import type * as z from 'zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors/index.ts';
import type { HttpEvent } from './types.ts';
import { fieldErrorsFromZod } from './zod-errors.ts';

/** Public bodies are small: a petition's text is capped far below this (see the petition schema). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export function rawBody(event: Pick<HttpEvent, 'body' | 'isBase64Encoded'>, maxBytes: number): string {
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
  return bytes.toString('utf8');
}

/** Parses and validates a JSON body; every failure is a 4xx with field errors and nothing is stored. */
export function parseJsonBody<T extends z.ZodType>(
  event: Pick<HttpEvent, 'body' | 'isBase64Encoded' | 'headers'>,
  schema: T,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): z.infer<T> {
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType))
    throw new UnsupportedMediaTypeError('application/json');
  const text = rawBody(event, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: '', message: 'Body is not valid JSON' }], {
      zh: '提交的内容不是有效的 JSON',
      en: 'Body is not valid JSON',
    });
  }
  return parseWith(schema, value);
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}
