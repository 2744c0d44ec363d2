import { type Problem, problemFromResponse } from './problem.ts';

/**
 * Tiny fetch helpers shared by the public pages (and the survey page); errors arrive as RFC 9457
 * problem+json from our functions or as API Gateway's own `{message}` (problem.ts turns both into a problem).
 * No framework and no dictionary here, so every page that imports this stays small.
 */

export type { Problem } from './problem.ts';

export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** Seconds from `Retry-After` (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(problem.title);
  }
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  // The page's chosen language, not the browser's, decides the language of error titles.
  const response = await fetch(path, {
    ...init,
    headers: {
      accept: 'application/json',
      'accept-language': pageLanguage() === 'en' ? 'en' : 'zh-CN',
      ...(init.headers ?? {}),
    },
  });
  const text = await response.text();
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      problemFromResponse(response.status, text, pageLanguage()),
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  try {
    return (text ? JSON.parse(text) : null) as T;
  } catch {
    return null as T;
  }
}

/** Builds elements with text content only: petition text is never interpreted as HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** The public pages' language: Chinese unless the reader switched to English. */
export const pageLanguage = () => (document.documentElement.lang === 'en' ? 'en' : 'zh');

const localeOf = () => (pageLanguage() === 'en' ? 'en-GB' : 'zh-CN');

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(localeOf(), { timeZone: 'Asia/Shanghai', hour12: false });
}

/** A Shanghai calendar day: 2026年12月14日 / 14 December 2026 (deadlines end at 23:59 that day). */
export function formatDate(iso: string, options: Intl.DateTimeFormatOptions = {}): string {
  return new Date(iso).toLocaleDateString(localeOf(), {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...options,
  });
}

export function showErrors(
  container: HTMLElement,
  error: unknown,
  networkMessage = '网络异常，请稍后再试',
): void {
  container.replaceChildren();
  if (error instanceof ApiError) {
    container.append(element('p', error.problem.title));
    if (error.problem.errors?.length) {
      const list = element('ul');
      for (const item of error.problem.errors) list.append(element('li', item.message));
      container.append(list);
    }
  } else {
    container.append(element('p', networkMessage));
  }
}
