import { element } from './api.ts';
import { lang } from './i18n.ts';

/**
 * 附近已有类似诉求: while a resident writes, the form asks `POST /api/petitions/similar` whether the town already
 * has petitions like the draft, and lists their titles and status (never anyone's text). A hint only: the
 * resident submits either way. Asked when the title, text or town change (after a pause), never on each key.
 */

const texts = {
  zh: { heading: '附近已有类似诉求', note: '如果是同一件事，您仍然可以提交，我们会一并办理。' },
  en: {
    heading: 'Similar petitions nearby',
    note: 'If it is the same matter, you can still submit; they will be handled together.',
  },
} as const;

const PAUSE_MS = 600;

export function startSimilarHint(form: {
  readonly town: HTMLSelectElement;
  readonly title: HTMLInputElement;
  readonly content: HTMLTextAreaElement;
  /** The hint is shown right after this element. */
  readonly after: HTMLElement;
}): void {
  const box = element('div');
  box.id = 'similar-hint';
  box.className = 'notice';
  box.setAttribute('role', 'status');
  box.hidden = true;
  form.after.after(box);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = '';

  const ask = async () => {
    const draft = {
      jurisdictionCode: form.town.value,
      title: form.title.value.trim(),
      content: form.content.value.trim(),
    };
    const key = JSON.stringify(draft);
    if (!draft.jurisdictionCode || [...draft.title].length < 2 || key === asked) return;
    asked = key;
    try {
      const response = await fetch('/api/petitions/similar', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: key,
      });
      if (!response.ok || key !== asked) return;
      const { items } = (await response.json()) as { items: { title: string; status: string }[] };
      const words = texts[lang() === 'en' ? 'en' : 'zh'];
      const list = element('ul');
      list.append(...items.map((item) => element('li', `${item.title}（${item.status}）`)));
      box.replaceChildren(element('strong', words.heading), list, element('p', words.note));
      box.hidden = items.length === 0;
    } catch {
      // A hint only: without it the form works the same.
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void ask(), PAUSE_MS);
  };
  for (const input of [form.town, form.title, form.content]) input.addEventListener('change', later);
  form.content.addEventListener('input', later);
}
