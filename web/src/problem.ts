/**
 * Error bodies come in two shapes: our functions answer RFC 9457 problem+json (`{ type, title, status, errors }`,
 * the title already in the reader's language), and API Gateway answers for itself wherever it stops a request
 * before any function runs (`{"message":"Not Found"}`, a plain-text 413; HTTP APIs cannot customise these, see
 * docs/deploy.md, "Who answers which error"). Both become one problem with a clear title per status, in
 * Chinese by default. Shared by the public pages and the staff console; no framework, no dictionary file.
 */

export interface Problem {
  type?: string;
  title: string;
  status: number;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export type Language = 'zh' | 'en';

const titles: Record<number, { zh: string; en: string }> = {
  400: { zh: '请求有误，请检查后重试', en: 'The request was not understood; please check it and try again' },
  401: { zh: '登录已失效，请重新登录', en: 'Your session has ended; please sign in again' },
  403: { zh: '没有访问权限', en: 'You do not have access' },
  404: { zh: '没有找到您要的内容', en: 'Not found' },
  409: { zh: '内容已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and try again' },
  413: { zh: '提交的内容太大，请删减后重试', en: 'What you sent is too large; please make it smaller' },
  429: { zh: '访问的人太多了，请稍后再试', en: 'Too many requests right now; please try again shortly' },
  500: { zh: '系统出了点问题，请稍后再试', en: 'Something went wrong on our side; please try again later' },
  502: { zh: '系统暂时不可用，请稍后再试', en: 'The service is unavailable; please try again later' },
  503: { zh: '系统繁忙，请稍后再试', en: 'The service is busy; please try again later' },
  504: { zh: '系统响应超时，请稍后再试', en: 'The service took too long; please try again later' },
};

/** A clear title for a status, whoever answered. */
export function statusTitle(status: number, language: Language): string {
  const known =
    titles[status] ?? (status >= 500 ? titles[500] : status >= 400 ? titles[400] : undefined) ?? titles[500]!;
  return known![language];
}

function isProblem(body: unknown): body is Partial<Problem> {
  return typeof body === 'object' && body !== null && typeof (body as Problem).title === 'string';
}

/**
 * The problem an error response carries: problem+json as our functions wrote it (their title is already
 * localised), anything else (API Gateway's `{message}`, a plain-text or empty body) titled by its status.
 */
export function problemFromResponse(status: number, bodyText: string, language: Language): Problem {
  let body: unknown = null;
  try {
    body = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    body = null;
  }
  if (isProblem(body)) return { ...body, title: body.title!, status };
  return { title: statusTitle(status, language), status };
}
