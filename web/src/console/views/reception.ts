import type { ReceptionDay } from '../../../../shared/domain/reception/model.ts';
import { api, query } from '../api.ts';
import { clear, h } from '../dom.ts';
import { currentMonth } from '../format.ts';
import { t } from '../i18n.ts';
import { reference } from '../reference.ts';
import type { SessionUser } from '../session.ts';
import { errorBox, flash, loading } from '../ui.ts';

/**
 * Reception days and the duty roster (接待日与值班表) of one studio and month, on the reception API:
 * generate the month from the studio's rule, then per day choose the representatives on duty, the hours, a
 * note, and publish (公示). Liaison officers see their own studio; admins and supervisors pick one.
 */

/** `GET /api/staff/reception-days`: a studio's month (the visits page reads it too). */
export interface MonthView {
  readonly studioId: string;
  readonly month: string;
  readonly representatives: readonly {
    representativeId: string;
    name: string;
    title?: string;
    active: boolean;
  }[];
  readonly days: readonly ReceptionDay[];
}

export function receptionView(
  container: HTMLElement,
  user: SessionUser,
  params: URLSearchParams,
  hrefBase: string,
  notice?: string,
): void {
  clear(container, loading());
  void (async () => {
    const ref = await reference();
    const studioId =
      user.role === 'liaison'
        ? (user.studioId ?? '')
        : (params.get('studioId') ?? ref.studios[0]?.studioId ?? '');
    const month = params.get('month') ?? currentMonth();
    const studioSelect = h(
      'select',
      { id: 'reception-studio', 'aria-label': t('studios'), disabled: user.role === 'liaison' },
      ref.studios.map((studio) =>
        h('option', { value: studio.studioId, selected: studio.studioId === studioId }, studio.nameZh),
      ),
    );
    const monthInput = h('input', {
      type: 'month',
      id: 'reception-month',
      value: month,
      'aria-label': t('month'),
    });
    const go = () => {
      location.hash = `${hrefBase}${query({ studioId: studioSelect.value, month: monthInput.value })}`;
    };
    studioSelect.addEventListener('change', go);
    monthInput.addEventListener('change', go);
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const list = h('div', null, loading());
    const reload = (done?: string) => receptionView(container, user, params, hrefBase, done);
    const generate = h(
      'button',
      {
        type: 'button',
        id: 'generate-days',
        onClick: async () => {
          try {
            await api('/api/staff/reception-days/generate', { method: 'POST', body: { studioId, month } });
            reload();
          } catch (error) {
            messages.replaceChildren(errorBox(error));
          }
        },
      },
      t('generateDays'),
    );
    clear(
      container,
      // Inside administration the section heading is the page's h1; on its own route this view has its own.
      hrefBase === '#/reception' ? h('h1', null, t('reception')) : null,
      h('div', { class: 'toolbar' }, studioSelect, monthInput, generate),
      messages,
      list,
    );
    if (notice) flash(messages, notice);
    try {
      const view = await api<MonthView>(`/api/staff/reception-days${query({ studioId, month })}`);
      clear(
        list,
        view.days.length === 0
          ? h('p', { class: 'empty' }, t('noReceptionDays'))
          : view.days.map((day) => dayCard(day, view, messages, reload)),
      );
    } catch (error) {
      clear(list, errorBox(error));
    }
  })();
}

function dayCard(
  day: ReceptionDay,
  view: MonthView,
  messages: HTMLElement,
  reload: (done?: string) => void,
): HTMLElement {
  const onDuty = new Set(day.representatives.map((representative) => representative.representativeId));
  const boxes = view.representatives
    .filter((representative) => representative.active || onDuty.has(representative.representativeId))
    .map((representative) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          name: 'representativeIds',
          value: representative.representativeId,
          checked: onDuty.has(representative.representativeId),
        }),
        representative.name,
      ),
    );
  const hours = h('input', {
    name: 'hours',
    value: day.hours ?? '',
    placeholder: '09:00-11:30',
    size: 11,
    'aria-label': t('hours'),
  });
  const note = h('input', { name: 'note', value: day.note ?? '', maxlength: 80, 'aria-label': t('note') });
  const published = h('input', { type: 'checkbox', name: 'published', checked: day.published });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card stack reception-day',
      dataset: { date: day.date },
      onSubmit: async (event: Event) => {
        event.preventDefault();
        const representativeIds = [
          ...form.querySelectorAll<HTMLInputElement>('input[name="representativeIds"]:checked'),
        ].map((box) => box.value);
        try {
          await api(`/api/staff/reception-days/${view.studioId}/${day.date}`, {
            method: 'PUT',
            body: {
              ...(day.updatedAt ? { expectedUpdatedAt: day.updatedAt } : {}),
              representativeIds,
              published: published.checked,
              hours: hours.value.trim() || null,
              note: note.value.trim() || null,
            },
          });
          reload(t('saved'));
        } catch (error) {
          messages.replaceChildren(errorBox(error, () => reload()));
        }
      },
    },
    h(
      'h3',
      null,
      day.date,
      day.nominalDate && day.nominalDate !== day.date
        ? h('small', { class: 'muted' }, ` （${day.nominalDate}）`)
        : null,
      day.provisional ? h('small', { class: 'muted' }, t('provisional')) : null,
    ),
    h('div', { class: 'row' }, boxes),
    h('div', { class: 'row' }, hours, note, h('label', { class: 'check' }, published, t('publish'))),
    h('button', { type: 'submit' }, t('save')),
  );
  return form;
}
