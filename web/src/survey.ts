import { ApiError, element, formatTime, request, showErrors } from './api.ts';

/**
 * The satisfaction survey page (反馈): opened from the SMS link `survey.html?t=<token>`. Light on purpose
 * (no framework), readable at 360 px, one large tap target per rating, text set with textContent only.
 */

type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

interface SurveyView {
  trackingCode: string;
  status: 'pending' | 'answered' | 'expired' | 'withdrawn' | 'superseded';
  canAnswer: boolean;
  round: number;
  expiresAt?: string;
  unitName?: string;
  rating?: Rating;
  answeredAt?: string;
}

interface SurveyResult {
  trackingCode: string;
  rating: Rating;
  outcome: 'archived' | 'reopened' | 'supervisor';
}

const ratingText: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

const closedText: Record<Exclude<SurveyView['status'], 'pending'>, string> = {
  answered: '您已经提交过评价，感谢您的反馈。',
  expired: '评价期已过，感谢您的关注。',
  withdrawn: '此次评价已取消，如有疑问请联系承办单位。',
  superseded: '此链接已失效，请使用最新收到的评价链接。',
};

const outcomeText: Record<SurveyResult['outcome'], string> = {
  archived: '感谢您的评价！这件诉求已办结归档。',
  reopened: '感谢您的评价。承办单位将对您的诉求进行复查，并在期限内再次答复您。',
  supervisor: '感谢您的评价。您的诉求已提交督办部门跟进处理。',
};

const summary = document.querySelector<HTMLElement>('#summary')!;
const form = document.querySelector<HTMLFormElement>('#survey-form')!;
const errors = document.querySelector<HTMLElement>('#survey-errors')!;
const done = document.querySelector<HTMLElement>('#done')!;
const token = new URLSearchParams(location.search).get('t') ?? '';
const endpoint = `/api/surveys/${encodeURIComponent(token)}`;

function showSummary(view: SurveyView): void {
  const heading = element('h2', view.round > 1 ? '复查结果评价' : '办理结果评价');
  const code = element('p', view.trackingCode, 'code');
  code.setAttribute('aria-label', `跟踪码 ${view.trackingCode}`);
  summary.replaceChildren(heading, code);
  if (view.unitName) summary.append(element('p', `承办单位：${view.unitName}`));
  if (view.canAnswer && view.expiresAt)
    summary.append(element('p', `请在 ${formatTime(view.expiresAt)} 前评价`, 'hint'));
  if (!view.canAnswer && view.status !== 'pending') {
    const note = element('p', closedText[view.status], 'notice');
    summary.append(note);
    if (view.status === 'answered' && view.rating)
      summary.append(element('p', `您的评价：${ratingText[view.rating]}`));
  }
  form.hidden = !view.canAnswer;
}

function showDone(text: string): void {
  form.hidden = true;
  done.replaceChildren(element('p', text));
  done.hidden = false;
  done.focus();
}

function problemMessage(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  switch (error.problem.status) {
    case 404:
      return '评价链接无效，请核对短信中的链接。';
    case 409:
      return closedText.answered;
    case 410:
      return closedText.expired;
    default:
      return null;
  }
}

async function load(): Promise<void> {
  if (!token) {
    summary.replaceChildren(element('p', '缺少评价链接参数，请从短信中的链接打开本页。', 'notice'));
    return;
  }
  try {
    showSummary(await request<SurveyView>(endpoint));
  } catch (error) {
    const message = problemMessage(error) ?? '网络异常，请稍后刷新重试。';
    summary.replaceChildren(element('p', message, 'notice'));
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errors.replaceChildren();
  const rating = form.querySelector<HTMLInputElement>('input[name=rating]:checked')?.value as
    | Rating
    | undefined;
  if (!rating) {
    errors.replaceChildren(element('p', '请选择满意、基本满意或不满意。'));
    form.querySelector<HTMLInputElement>('input[name=rating]')!.focus();
    return;
  }
  const comment = form.querySelector<HTMLTextAreaElement>('#comment')!.value.trim();
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  try {
    const result = await request<SurveyResult>(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating, ...(comment ? { comment } : {}) }),
    });
    showDone(outcomeText[result.outcome]);
  } catch (error) {
    const message = problemMessage(error);
    if (message) showDone(message);
    else showErrors(errors, error);
  } finally {
    button.disabled = false;
  }
});

void load();
