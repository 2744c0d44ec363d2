import { element, formatTime, request, showErrors } from './api.ts';

interface PublicCase {
  trackingCode: string;
  statusText: string;
  unit?: { name: string };
  deadlines: { acknowledgeBy?: string; replyBy?: string; provisional: boolean };
  timeline: { at: string; text: string }[];
  reply?: { text: string; at: string };
}

const form = document.querySelector<HTMLFormElement>('#track-form')!;
const codeInput = form.querySelector<HTMLInputElement>('#code')!;
const errors = document.querySelector<HTMLElement>('#track-errors')!;
const result = document.querySelector<HTMLElement>('#result')!;

codeInput.value = new URLSearchParams(location.search).get('code') ?? '';

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errors.replaceChildren();
  result.replaceChildren();
  const code = codeInput.value.trim();
  const phone = form.querySelector<HTMLInputElement>('#phone4')!.value.trim();
  try {
    const found = await request<PublicCase>(
      `/api/petitions/${encodeURIComponent(code)}?phone=${encodeURIComponent(phone)}`,
    );
    const card = element('div', undefined, 'card');
    card.append(element('p', found.trackingCode, 'code'), element('h2', found.statusText));
    if (found.unit) card.append(element('p', `承办单位：${found.unit.name}`));
    if (found.deadlines.replyBy)
      card.append(
        element(
          'p',
          `答复期限：${formatTime(found.deadlines.replyBy)}${found.deadlines.provisional ? '（暂按预估节假日计算）' : ''}`,
        ),
      );
    if (found.reply) card.append(element('h3', '答复'), element('p', found.reply.text));
    const timeline = element('ol', undefined, 'timeline');
    for (const entry of found.timeline) {
      const item = element('li');
      const time = element('time', formatTime(entry.at));
      time.dateTime = entry.at;
      item.append(time, element('span', entry.text));
      timeline.append(item);
    }
    card.append(element('h3', '办理过程'), timeline);
    result.append(card);
  } catch (error) {
    showErrors(errors, error);
  }
});

if (codeInput.value) form.querySelector<HTMLInputElement>('#phone4')!.focus();
