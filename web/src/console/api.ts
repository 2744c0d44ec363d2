import { problemFromResponse } from '../problem.ts';
import { language, t } from './i18n.ts';
import { accessToken, expire } from './session.ts';

/** Fetch helpers for the staff API: Bearer token, language, problem+json errors, 401 → back to sign-in. */

export interface Problem {
  readonly type?: string;
  readonly title: string;
  readonly status: number;
  readonly errors?: readonly { field: string; message: string }[];
  readonly changedBy?: string;
  readonly changedAt?: string;
  readonly [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.title);
    this.status = problem.status;
    this.problem = problem;
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const token = await accessToken();
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': language() === 'en' ? 'en' : 'zh-CN',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError({ title: t('networkError'), status: 0 });
  }
  // An expired, revoked or foreign token, or a disabled account: API Gateway's authorizer and the staff
  // functions both answer 401 (API Gateway's own body is `{"message":"Unauthorized"}`, not problem+json).
  if (response.status === 401 && token) {
    expire();
    throw new ApiError({ title: t('sessionExpired'), status: 401 });
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response;
}

/** Our problem+json, or API Gateway's own `{message}` answers, as one problem (web/src/problem.ts). */
async function problemOf(response: Response): Promise<Problem> {
  return problemFromResponse(response.status, await response.text(), language() === 'en' ? 'en' : 'zh');
}

/** The half of a "中文 / English" API message in the reader's language (a message without both stays whole). */
export function messageIn(message: string, language: 'zh' | 'en'): string {
  const split = message.indexOf(' / ');
  if (split < 0) return message;
  return language === 'en' ? message.slice(split + 3) : message.slice(0, split);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Downloads a file the API serves (exports, ledger): needs the token, so it cannot be a plain link. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await send(path, { headers: { accept: '*/*' } });
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '' && value !== false)
      search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
