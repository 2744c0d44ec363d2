import { ApiError, messageIn } from './api.ts';
import { h } from './dom.ts';
import { errorBox } from './ui.ts';

/**
 * A problem's field errors shown beside the fields they name, as the reader's language: the API writes each
 * message as "中文 / English" and each field as its path in the request (`visitor.phone`, `pages.0`). Errors
 * no field of the form claims are returned for the form's general message area, without the path (a path
 * is an internal word on a Chinese page).
 */

export { messageIn } from './api.ts';

export interface FormField {
  readonly input: HTMLElement;
  readonly message: HTMLElement;
}

/** The form element whose field is the longest prefix of the error's path (`pages.2` → `pages`). */
export function fieldFor<T>(path: string, fields: Readonly<Record<string, T>>): T | undefined {
  let candidate = path;
  for (;;) {
    if (candidate in fields) return fields[candidate];
    const cut = candidate.lastIndexOf('.');
    if (cut < 0) return undefined;
    candidate = candidate.slice(0, cut);
  }
}

/**
 * Puts each field error of `error` into its field's message element (marking the input invalid) and returns
 * the messages no field took. Not an API error with field errors: returns null and shows nothing.
 */
export function showFieldErrors(
  error: unknown,
  fields: Readonly<Record<string, FormField>>,
  language: 'zh' | 'en',
): { readonly unclaimed: string[]; readonly first: HTMLElement | null } | null {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  const unclaimed: string[] = [];
  let first: HTMLElement | null = null;
  for (const item of error.problem.errors) {
    const text = messageIn(item.message, language);
    const target = fieldFor(item.field, fields);
    if (!target) {
      unclaimed.push(text);
      continue;
    }
    target.message.textContent = text;
    target.input.setAttribute('aria-invalid', 'true');
    first ??= target.input;
  }
  return { unclaimed, first };
}

/** Empties every field's message and drops its invalid mark (before a new submit, or after a save). */
export function clearFieldErrors(fields: Readonly<Record<string, FormField>>): void {
  for (const entry of Object.values(fields)) {
    entry.message.textContent = '';
    entry.input.removeAttribute('aria-invalid');
  }
}

/**
 * A failed submit as a form shows it: the previous errors cleared, each field error beside its field (the
 * first such field focused), the rest in the form's message area, which is emptied when the fields took
 * every error; an error without field errors (a conflict, a refusal, the network) as the error box there.
 */
export function showFormErrors(
  error: unknown,
  fields: Readonly<Record<string, FormField>>,
  area: HTMLElement,
  language: 'zh' | 'en',
  /** A conflict's reload button (./ui.ts errorBox). */
  onReload?: () => void,
): void {
  clearFieldErrors(fields);
  const shown = showFieldErrors(error, fields, language);
  if (!shown) {
    area.replaceChildren(errorBox(error, onReload));
    return;
  }
  area.replaceChildren(
    ...(shown.unclaimed.length > 0
      ? [
          h(
            'div',
            { class: 'error', role: 'alert' },
            shown.unclaimed.map((text) => h('p', null, text)),
          ),
        ]
      : []),
  );
  shown.first?.focus();
}

/**
 * The named controls of the forms under `root`, each with a message element beside it (added to the control's
 * `.field` on first use): for forms built without their own field list (the case page's action forms).
 */
export function fieldsOfForms(root: ParentNode): Record<string, FormField> {
  const fields: Record<string, FormField> = {};
  for (const input of root.querySelectorAll<HTMLElement>('form [name]')) {
    const name = input.getAttribute('name')!;
    if (fields[name]) continue;
    const holder = input.closest('.field') ?? input.parentElement;
    if (!holder) continue;
    let message = holder.querySelector<HTMLElement>(':scope > .field-error');
    if (!message) {
      message = h('small', { class: 'field-error', 'aria-live': 'polite' });
      holder.append(message);
    }
    fields[name] = { input, message };
  }
  return fields;
}
