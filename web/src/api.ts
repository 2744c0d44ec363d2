/** Tiny fetch helpers shared by the public pages; errors arrive as RFC 9457 problem+json. */

export interface Problem {
  title: string;
  status: number;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(body ?? { title: `HTTP ${response.status}`, status: response.status });
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

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

export function showErrors(container: HTMLElement, error: unknown): void {
  container.replaceChildren();
  if (error instanceof ApiError) {
    container.append(element('p', error.problem.title));
    if (error.problem.errors?.length) {
      const list = element('ul');
      for (const item of error.problem.errors) list.append(element('li', item.message));
      container.append(list);
    }
  } else {
    container.append(element('p', '网络异常，请稍后再试'));
  }
}
