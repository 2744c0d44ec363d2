import type { FieldError, HuiyinError } from '../errors/index.ts';
import type { HttpEvent, HttpResult } from './types.ts';

const baseHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { ...baseHeaders, 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export type Language = 'zh' | 'en';

/** Simplified Chinese unless the client clearly prefers English. */
export function preferredLanguage(event: Pick<HttpEvent, 'headers'>): Language {
  const accept = event.headers?.['accept-language'] ?? '';
  return /^\s*en\b/i.test(accept) ? 'en' : 'zh';
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export function problemTypeUri(type: string): string {
  return `urn:huiyin:problem:${type}`;
}

/** RFC 9457 problem details. `type` is stable for clients; `title` follows the caller's language. */
export function problem(body: ProblemBody, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: body.status,
    headers: { ...baseHeaders, 'content-type': 'application/problem+json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function problemFromError(error: HuiyinError, language: Language, requestId?: string): HttpResult {
  const extensions: Record<string, unknown> = {};
  if ('errors' in error && Array.isArray(error.errors)) extensions.errors = error.errors;
  if ('details' in error && error.details && typeof error.details === 'object')
    Object.assign(extensions, error.details);
  const headers: Record<string, string> = {};
  if ('retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number') {
    headers['retry-after'] = String(error.retryAfterSeconds);
  }
  return problem(
    {
      type: problemTypeUri(error.type),
      title: error.title[language],
      status: error.status,
      ...(requestId ? { instance: `urn:huiyin:request:${requestId}` } : {}),
      ...extensions,
    },
    headers,
  );
}
