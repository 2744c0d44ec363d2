import { publicStatusText } from '../../shared/domain/case/wording.ts';
import { ApiError, element, formatDate, formatTime, request } from './api.ts';
import { initLanguage, lang, localized, onLangChange, t } from './i18n.ts';

/**
 * The tracking page: tracking code + last four phone digits → status in plain language, the unit, deadlines,
 * what the petitioner wrote (not for confidential petitions), the reply, the survey link and the timeline.
 * Everything the server sends is set as text: a `<script>` in a petition shows as the characters it is.
 * After too many wrong digits the server answers 423; the page then asks for the six-digit unlock code sent to
 * the petitioner (the SMS of a registered template can carry no link) and sends it with the next query.
 */

type Status =
  | 'registered'
  | 'triage'
  | 'assigned'
  | 'acknowledged'
  | 'replied'
  | 'closed'
  | 'archived'
  | 'rejected'
  | 'reviewing'
  | 'reviewed'
  | 'rechecking';

interface PublicCase {
  trackingCode: string;
  status: Status;
  statusText: string;
  unit?: { id: string; name: string };
  deadlines: { acknowledgeBy?: string; replyBy?: string; provisional: boolean };
  timeline: { at: string; type: string; text: string }[];
  nextStep?: { zh: string; en: string };
  hearBack?: { zh: string; en: string };
  reply?: { text: string; at: string };
  confidential?: boolean;
  petition?: { title: string; content: string; photos: number };
  survey?: { url: string; status: 'pending' | 'answered' | 'expired' | 'withdrawn'; expiresAt?: string };
}

/** English for timeline entries; entries whose text carries details (a reason) keep the server's Chinese too. */
const eventEnglish: Record<string, string> = {
  registered: 'Your petition was registered',
  triaged: 'Passed on to choose the responsible unit',
  accepted: 'Accepted',
  assigned: 'Assigned to the responsible unit',
  reassigned: 'Reassigned to another unit',
  returned: 'Finding the responsible unit again',
  rejected: 'Not accepted',
  acknowledged: 'Taken on by the unit',
  replied: 'The unit replied',
  extensionDecided: 'Deadline extended',
  closed: 'Closed; please rate how it was handled',
  surveyAnswered: 'You rated it',
  surveyExpired: 'The rating period ended without a rating',
  reopened: 'The unit is handling it again',
  archived: 'Archived',
  reviewRequested: 'Review (复查) requested',
  reviewDecided: 'Review opinion',
  recheckRequested: 'Recheck (复核) requested',
  recheckDecided: 'Recheck opinion; the case has concluded',
  concluded: 'The case has concluded',
};
const detailedEvents = new Set([
  'assigned',
  'reassigned',
  'triaged',
  'accepted',
  'rejected',
  'extensionDecided',
  'surveyAnswered',
  'reviewRequested',
  'reviewDecided',
  'recheckRequested',
  'recheckDecided',
]);

const form = document.querySelector<HTMLFormElement>('#track-form')!;
const codeInput = form.querySelector<HTMLInputElement>('#code')!;
const phoneInput = form.querySelector<HTMLInputElement>('#phone4')!;
const unlockField = form.querySelector<HTMLElement>('#unlock-field')!;
const unlockInput = form.querySelector<HTMLInputElement>('#unlock-code')!;
const unlockError = form.querySelector<HTMLElement>('#unlock-code-error')!;
const errors = document.querySelector<HTMLElement>('#track-errors')!;
const result = document.querySelector<HTMLElement>('#result')!;

let found: PublicCase | null = null;

function row(list: HTMLElement, term: string, value: string): void {
  list.append(element('dt', term), element('dd', value));
}

function timelineText(entry: PublicCase['timeline'][number]): string {
  if (lang() !== 'en') return entry.text;
  const english = eventEnglish[entry.type];
  if (!english) return entry.text;
  return detailedEvents.has(entry.type) ? `${english} (${entry.text})` : english;
}

function surveyPart(survey: NonNullable<PublicCase['survey']>): HTMLElement[] {
  const parts: HTMLElement[] = [element('h3', t('track.survey'))];
  if (survey.status === 'pending') {
    const link = element('a', t('track.surveyGo'), 'survey-link button-link');
    link.href = survey.url;
    parts.push(link);
    if (survey.expiresAt)
      parts.push(element('p', t('track.surveyBy', { date: formatTime(survey.expiresAt) }), 'hint'));
  } else {
    const key =
      survey.status === 'answered'
        ? 'track.surveyAnswered'
        : survey.status === 'expired'
          ? 'track.surveyExpired'
          : 'track.surveyWithdrawn';
    parts.push(element('p', t(key)));
  }
  return parts;
}

function render(): void {
  result.replaceChildren();
  if (!found) return;
  const card = element('article', undefined, 'card');
  const heading = element('h2', lang() === 'en' ? publicStatusText[found.status].en : found.statusText);
  heading.id = 'status-heading';
  card.setAttribute('aria-labelledby', heading.id);
  card.append(element('p', found.trackingCode, 'code'), heading);

  const facts = element('dl', undefined, 'facts');
  if (found.unit) row(facts, t('track.unit'), found.unit.name);
  const provisional = found.deadlines.provisional ? ` ${t('track.provisional')}` : '';
  if (found.deadlines.acknowledgeBy && (found.status === 'assigned' || found.status === 'triage'))
    row(facts, t('track.acknowledgeBy'), formatDate(found.deadlines.acknowledgeBy) + provisional);
  if (
    found.deadlines.replyBy &&
    found.status !== 'replied' &&
    found.status !== 'closed' &&
    found.status !== 'archived'
  )
    row(facts, t('track.replyBy'), formatDate(found.deadlines.replyBy) + provisional);
  if (facts.childElementCount > 0) card.append(facts);
  if (found.nextStep) {
    const next = element('p', lang() === 'en' ? found.nextStep.en : found.nextStep.zh, 'next-step');
    card.append(element('h3', t('track.nextStep')), next);
  }
  if (found.hearBack)
    card.append(element('p', lang() === 'en' ? found.hearBack.en : found.hearBack.zh, 'hear-back'));

  if (found.reply) {
    card.append(element('h3', t('track.reply')), element('p', found.reply.text, 'text-block'));
    card.append(element('p', formatTime(found.reply.at), 'hint'));
  }
  if (found.survey) card.append(...surveyPart(found.survey));

  card.append(element('h3', t('track.petition')));
  if (found.petition) {
    card.append(
      element('p', found.petition.title, 'petition-title'),
      element('p', found.petition.content, 'text-block'),
    );
    if (found.petition.photos > 0)
      card.append(element('p', t('track.photos', { count: found.petition.photos }), 'hint'));
  } else if (found.confidential) {
    card.append(element('p', t('track.confidential'), 'hint'));
  }

  const timeline = element('ol', undefined, 'timeline');
  for (const entry of found.timeline) {
    const item = element('li');
    const time = element('time', formatTime(entry.at));
    time.dateTime = entry.at;
    item.append(time, element('span', timelineText(entry)));
    timeline.append(item);
  }
  card.append(element('h3', t('track.timeline')), timeline);
  result.append(card);
}

function setUnlockError(message: string | null): void {
  unlockError.textContent = message ?? '';
  unlockError.hidden = !message;
  if (message) unlockInput.setAttribute('aria-invalid', 'true');
  else unlockInput.removeAttribute('aria-invalid');
}

function showError(error: unknown): void {
  errors.replaceChildren();
  setUnlockError(null);
  if (error instanceof ApiError) {
    errors.append(
      element(
        'p',
        error.problem.status === 429
          ? t('error.rateLimited', { seconds: error.retryAfter ?? 60 })
          : error.problem.title,
      ),
    );
    if (error.problem.status === 423) {
      // Locked: ask for the unlock code, and say next to it what was wrong with the one typed.
      unlockField.hidden = false;
      const fieldError = error.problem.errors?.find((item) => item.field === 'unlockCode');
      if (fieldError) setUnlockError(localized(fieldError.message));
      unlockInput.focus();
    }
  } else {
    errors.append(element('p', typeof error === 'string' ? error : t('error.network')));
  }
}

/** From the link sent after too many wrong digits: lifts the lock with the next query. */
const unlock = new URLSearchParams(location.search).get('unlock');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errors.replaceChildren();
  found = null;
  result.replaceChildren();
  const code = codeInput.value.trim().toUpperCase();
  const phone = phoneInput.value.trim();
  const unlockCode = unlockField.hidden ? '' : unlockInput.value.trim();
  if (!code || !/^\d{4}$/.test(phone)) {
    showError(t('track.validate'));
    (code ? phoneInput : codeInput).focus();
    return;
  }
  if (unlockCode && !/^\d{6}$/.test(unlockCode)) {
    setUnlockError(t('track.unlockCodeFormat'));
    unlockInput.focus();
    return;
  }
  setUnlockError(null);
  const query = new URLSearchParams({ phone });
  if (unlock) query.set('unlock', unlock);
  if (unlockCode) query.set('unlockCode', unlockCode);
  try {
    found = await request<PublicCase>(`/api/petitions/${encodeURIComponent(code)}?${query}`, {
      headers: lang() === 'en' ? { 'accept-language': 'en' } : {},
    });
    unlockField.hidden = true;
    unlockInput.value = '';
    render();
    result.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1');
    result.querySelector<HTMLElement>('h2')?.focus();
  } catch (error) {
    showError(error);
  }
});

initLanguage();
onLangChange(render);
codeInput.value = new URLSearchParams(location.search).get('code') ?? '';
if (codeInput.value) phoneInput.focus();
