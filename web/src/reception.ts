import { ApiError, element, request } from './api.ts';
import { initLanguage, lang, onLangChange, t } from './i18n.ts';

/**
 * The reception calendar (公示): the coming reception days of every studio, or of one, with the
 * representatives on duty, two months at a time (`GET /api/reception-days`).
 */

interface Calendar {
  from: string;
  to: string;
  studios: { studioId: string; name: string; address: string; rule: { zh: string; en: string } }[];
  days: {
    studioId: string;
    date: string;
    hours?: string;
    representatives: { name: string; title: string }[];
    note?: string;
    provisional?: true;
  }[];
}

const studioSelect = document.querySelector<HTMLSelectElement>('#studio')!;
const list = document.querySelector<HTMLOListElement>('#day-list')!;
const status = document.querySelector<HTMLElement>('#reception-status')!;
const errors = document.querySelector<HTMLElement>('#reception-errors')!;
const more = document.querySelector<HTMLButtonElement>('#more-days')!;
const rules = document.querySelector<HTMLUListElement>('#studio-rules')!;

const studios = new Map<string, Calendar['studios'][number]>();
let days: Calendar['days'] = [];
let loadedUntil: string | null = null;

/** `2026-12-10` → the day after, as `YYYY-MM-DD` (pure date arithmetic, no time zone involved). */
function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function plusDays(date: string, count: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + count);
  return next.toISOString().slice(0, 10);
}

function formatDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(lang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  });
}

/** Each studio's own rule (days, hours, holidays), as the studio set it: never a promise it does not keep. */
function renderRules(): void {
  rules.replaceChildren();
  for (const studio of studios.values()) {
    if (studioSelect.value && studio.studioId !== studioSelect.value) continue;
    rules.append(element('li', `${studio.name}：${lang() === 'en' ? studio.rule.en : studio.rule.zh}`));
  }
}

function render(): void {
  renderRules();
  list.replaceChildren();
  for (const day of days) {
    const studio = studios.get(day.studioId);
    const item = element('li', undefined, 'card day');
    const time = element('time', formatDay(day.date));
    time.dateTime = day.date;
    const heading = element('h3');
    heading.append(time);
    item.append(heading);
    if (studio)
      item.append(
        element('p', studio.name, 'studio-name'),
        element('p', t('reception.address', { address: studio.address }), 'hint'),
      );
    if (day.hours) item.append(element('p', t('reception.hours', { hours: day.hours })));
    if (day.representatives.length > 0) {
      item.append(element('p', t('reception.onDuty'), 'label'));
      const people = element('ul', undefined, 'people');
      for (const person of day.representatives)
        people.append(element('li', person.title ? `${person.name}（${person.title}）` : person.name));
      item.append(people);
    }
    if (day.note) item.append(element('p', day.note, 'note'));
    if (day.provisional) item.append(element('p', t('reception.provisional'), 'hint provisional'));
    list.append(item);
  }
  status.textContent = days.length > 0 ? t('reception.count', { count: days.length }) : t('reception.none');
}

async function load(append: boolean): Promise<void> {
  errors.replaceChildren();
  status.textContent = t('reception.loading');
  more.disabled = true;
  const params = new URLSearchParams();
  if (studioSelect.value) params.set('studioId', studioSelect.value);
  if (append && loadedUntil) {
    const from = dayAfter(loadedUntil);
    params.set('from', from);
    params.set('to', plusDays(from, 61));
  }
  try {
    const calendar = await request<Calendar>(`/api/reception-days?${params}`, {
      headers: lang() === 'en' ? { 'accept-language': 'en' } : {},
    });
    if (studios.size === 0) {
      for (const studio of calendar.studios) {
        studios.set(studio.studioId, studio);
        const option = element('option', studio.name);
        option.value = studio.studioId;
        studioSelect.append(option);
      }
    }
    days = append ? [...days, ...calendar.days] : calendar.days;
    loadedUntil = calendar.to;
    render();
  } catch (error) {
    status.textContent = '';
    errors.append(element('p', error instanceof ApiError ? error.problem.title : t('error.network')));
  } finally {
    more.disabled = false;
  }
}

studioSelect.addEventListener('change', () => {
  loadedUntil = null;
  void load(false);
});
more.addEventListener('click', () => void load(true));

initLanguage();
onLangChange(render);
void load(false);
