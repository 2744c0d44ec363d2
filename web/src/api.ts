/**
 * Tiny fetch helpers shared by the public pages (and the survey page); errors arrive as RFC 9457
 * problem+json. No framework and no dictionary here, so every page that imports this stays small.
 */

export interface Problem {
  type?: string;
  title: string;
  status: number;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

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
  const response = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      (body as Problem | null) ?? { title: `HTTP ${response.status}`, status: response.status },
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return body as T;
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

const localeOf = () => (document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN');

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
