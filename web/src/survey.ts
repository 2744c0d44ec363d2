import { ratingName } from '../../shared/domain/case/wording.ts';
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
  ifDissatisfied: 'redo' | 'review';
  reviewBody: string;
  reviewWindow: string;
  expiresAt?: string;
  unitName?: string;
  rating?: Rating;
  answeredAt?: string;
}

interface SurveyResult {
  trackingCode: string;
  rating: Rating;
  outcome: 'archived' | 'reopened' | 'review' | 'reviewable';
  reviewRequestBy?: string;
  reviewBy?: string;
}

const closedText: Record<Exclude<SurveyView['status'], 'pending'>, string> = {
  answered: '您已经提交过评价，感谢您的反馈。',
  expired: '评价期已过，感谢您的关注。',
  withdrawn: '此次评价已取消，如有疑问请联系承办单位。',
  superseded: '此链接已失效，请使用最新收到的评价链接。',
};

/** What really happens next after each outcome (the dates come from the answer). */
function outcomeText(result: SurveyResult, reviewBody: string): string {
  switch (result.outcome) {
    case 'archived':
      return '感谢您的评价！这件诉求已办结归档。';
    case 'reopened':
      return '感谢您的评价。承办单位将重新办理您的诉求，并在期限内再次答复您；我们会短信告知新的答复期限。';
    case 'review':
      return `感谢您的评价。您的复查申请已受理，由${reviewBody}办理${result.reviewBy ? `，将于 ${formatTime(result.reviewBy)} 前作出复查意见并书面答复您` : ''}。`;
    case 'reviewable':
      return `感谢您的评价。如对处理意见不服，您可以${result.reviewRequestBy ? `在 ${formatTime(result.reviewRequestBy)} 前` : ''}向${reviewBody}申请复查；逾期此件终结。`;
  }
}

const summary = document.querySelector<HTMLElement>('#summary')!;
const form = document.querySelector<HTMLFormElement>('#survey-form')!;
const errors = document.querySelector<HTMLElement>('#survey-errors')!;
const done = document.querySelector<HTMLElement>('#done')!;
const token = new URLSearchParams(location.search).get('t') ?? '';
const reviewRow = document.querySelector<HTMLElement>('#request-review-row')!;
const reviewBox = document.querySelector<HTMLInputElement>('#request-review')!;
const reviewHint = document.querySelector<HTMLElement>('#review-hint')!;
let reviewBody = '上一级机关';
const endpoint = `/api/surveys/${encodeURIComponent(token)}`;

function showSummary(view: SurveyView): void {
  const heading = element('h2', view.round > 1 ? '重新办理结果评价' : '办理结果评价');
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
      summary.append(element('p', `您的评价：${ratingName(view.rating)}`));
  }
  reviewBody = view.reviewBody;
  // 不满意 after a first answer sends the case back to the unit; after its second answer, 复查 is the next step.
  reviewHint.textContent =
    view.ifDissatisfied === 'redo'
      ? `选择“不满意”，承办单位将重新办理并再次答复您；也可以勾选下方，直接向${view.reviewBody}申请复查。`
      : `选择“不满意”，您可以勾选下方，向${view.reviewBody}申请复查（自答复之日起${view.reviewWindow}内）。`;
  document.querySelector('#request-review-label')!.textContent = `申请${view.reviewBody}复查`;
  form.hidden = !view.canAnswer;
}

function syncReviewBox(): void {
  const dissatisfied = form.querySelector<HTMLInputElement>('input[value=dissatisfied]')!.checked;
  reviewRow.hidden = !dissatisfied;
  if (!dissatisfied) reviewBox.checked = false;
}
form.addEventListener('change', syncReviewBox);

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
      body: JSON.stringify({
        rating,
        ...(comment ? { comment } : {}),
        ...(rating === 'dissatisfied' && reviewBox.checked ? { requestReview: true } : {}),
      }),
    });
    showDone(outcomeText(result, reviewBody));
  } catch (error) {
    const message = problemMessage(error);
    if (message) showDone(message);
    else showErrors(errors, error);
  } finally {
    button.disabled = false;
  }
});

void load();
