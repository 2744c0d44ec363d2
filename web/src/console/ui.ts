import { ApiError, messageIn } from './api.ts';
import { h } from './dom.ts';
import { language, t } from './i18n.ts';
import { conflictMessage } from './model.ts';

/** Small pieces several views share. */

/**
 * An error as people read it: the problem's title and its field errors' messages in the page's language (never
 * a field's path: forms show field errors beside their fields through ./field-errors.ts); a 409 conflict with
 * a reload button.
 */
export function errorBox(error: unknown, onReload?: () => void): HTMLElement {
  if (error instanceof ApiError) {
    const conflict = conflictMessage(error.problem);
    if (conflict)
      return h(
        'div',
        { class: 'error conflict', role: 'alert' },
        h('p', null, conflict),
        onReload ? h('button', { type: 'button', class: 'reload', onClick: onReload }, t('reload')) : null,
      );
    return h(
      'div',
      { class: 'error', role: 'alert' },
      h('p', null, error.problem.title),
      error.problem.errors?.length
        ? h(
            'ul',
            null,
            error.problem.errors.map((item) =>
              h('li', null, messageIn(item.message, language() === 'en' ? 'en' : 'zh')),
            ),
          )
        : null,
    );
  }
  return h('div', { class: 'error', role: 'alert' }, h('p', null, t('networkError')));
}

export function loading(): HTMLElement {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, t('loading'));
}

export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null,
  );
}

export function flash(container: HTMLElement, text: string): void {
  const note = h('p', { class: 'flash', role: 'status' }, text);
  container.prepend(note);
  setTimeout(() => note.remove(), 4000);
}

const FLASH_KEY = 'huiyin.flash';

/** A message for the next view (e.g. "退回已完成" after the case left the caller's list). */
export function flashOnNextView(text: string): void {
  sessionStorage.setItem(FLASH_KEY, text);
}

/** Shows (once) the message a previous view left. */
export function showPendingFlash(container: HTMLElement): void {
  const text = sessionStorage.getItem(FLASH_KEY);
  if (!text) return;
  sessionStorage.removeItem(FLASH_KEY);
  container.prepend(h('p', { class: 'flash', role: 'status' }, text));
}
