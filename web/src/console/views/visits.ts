import { toShanghaiDate } from '../../../../shared/domain/calendar/shanghai-time.ts';
import type { ReceptionDay } from '../../../../shared/domain/reception/model.ts';
import { daysForVisits, isGroupVisit, visitMonths } from '../../../../shared/domain/reception/visit-days.ts';
import { api, query } from '../api.ts';
import { clear, h } from '../dom.ts';
import { showFormErrors } from '../field-errors.ts';
import { language, pick, t, visitKindName, visitOutcomeName } from '../i18n.ts';
import { looksLikePhone } from '../model.ts';
import { reference } from '../reference.ts';
import type { SessionUser } from '../session.ts';
import { errorBox, loading } from '../ui.ts';
import type { MonthView } from './reception.ts';

/**
 * 接待日来访登记 on the visits API (`/api/staff/reception-days/{studioId}/{date}/visits`): the day is chosen
 * among the studio's published reception days up to today (reception/visit-days.ts), the representatives who
 * received the visitor among the studio's (the day's duty roster ticked), then the visitor, the group's size,
 * the matter and the outcome: answered on the spot (with the answer) or turned into a case (with its title
 * and category). A walk-in on another day is not a reception-day visit: the register form takes it as an
 * ordinary 来访. Field errors from the API are shown beside their fields.
 */

interface VisitItem {
  readonly visitId: string;
  readonly visitor: { readonly name: string };
  readonly groupSize: number;
  readonly summary: string;
  readonly outcome: 'answered' | 'case';
  readonly caseId?: string;
  readonly trackingCode?: string;
  readonly representatives: readonly { name: string }[];
}

const newKey = () => `visit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const lang = () => (language() === 'en' ? 'en' : 'zh');

export function visitsView(outlet: HTMLElement, user: SessionUser, params: URLSearchParams): void {
  clear(outlet, loading());
  void (async () => {
    try {
      const ref = await reference();
      const studioId =
        user.role === 'liaison'
          ? (user.studioId ?? '')
          : (params.get('studioId') ?? ref.studios[0]?.studioId ?? '');
      const today = toShanghaiDate(new Date());
      const months = await Promise.all(
        visitMonths(today).map((month) =>
          api<MonthView>(`/api/staff/reception-days${query({ studioId, month })}`),
        ),
      );
      const days = daysForVisits(
        months.flatMap((month) => month.days),
        today,
      );
      const representatives = months[0]!.representatives;
      const studioPicker =
        user.role === 'liaison'
          ? null
          : h(
              'select',
              {
                id: 'visit-studio',
                'aria-label': t('studios'),
                onChange: (event: Event) => {
                  location.hash = `#/visits${query({ studioId: (event.target as HTMLSelectElement).value })}`;
                },
              },
              ref.studios.map((studio) =>
                h(
                  'option',
                  { value: studio.studioId, selected: studio.studioId === studioId },
                  studio.nameZh,
                ),
              ),
            );
      const heading = h('h1', null, t('visitsTitle'));
      if (days.length === 0) {
        clear(
          outlet,
          heading,
          studioPicker,
          h('p', { class: 'empty', id: 'no-visit-days' }, t('noVisitDays')),
          h('a', { href: '#/reception' }, t('reception')),
          ' · ',
          h('a', { href: '#/register' }, t('register')),
        );
        return;
      }
      visitForm(outlet, { studioId, today, days, representatives, heading, studioPicker, ref });
    } catch (error) {
      clear(outlet, errorBox(error));
    }
  })();
}

interface FormContext {
  readonly studioId: string;
  readonly today: string;
  readonly days: readonly ReceptionDay[];
  readonly representatives: MonthView['representatives'];
  readonly heading: HTMLElement;
  readonly studioPicker: HTMLElement | null;
  readonly ref: Awaited<ReturnType<typeof reference>>;
}

function visitForm(outlet: HTMLElement, context: FormContext): void {
  const { studioId, today, days, representatives, ref } = context;
  const day = h(
    'select',
    { id: 'visit-date', name: 'date' },
    days.map((entry) =>
      h(
        'option',
        { value: entry.date },
        entry.date === today ? `${entry.date}（${t('today')}）` : entry.date,
      ),
    ),
  );
  const repBoxes = representatives
    .filter((representative) => representative.active)
    .map((representative) =>
      h('input', {
        type: 'checkbox',
        name: 'representativeIds',
        value: representative.representativeId,
        id: `visit-rep-${representative.representativeId}`,
      }),
    );
  const repFieldset = h(
    'fieldset',
    { id: 'visit-representatives', class: 'checks', tabindex: '-1' },
    h('legend', null, t('representativesPresent'), h('span', { 'aria-hidden': 'true' }, ' *')),
    repBoxes.map((box) => {
      const representative = representatives.find((entry) => entry.representativeId === box.value)!;
      return h(
        'label',
        { class: 'check', for: box.id },
        box,
        representative.title ? `${representative.name}（${representative.title}）` : representative.name,
      );
    }),
  );
  const tickRoster = () => {
    const onDuty = new Set(
      days.find((entry) => entry.date === day.value)?.representatives.map((entry) => entry.representativeId),
    );
    for (const box of repBoxes) box.checked = onDuty.has(box.value);
  };
  day.addEventListener('change', () => {
    tickRoster();
    void showDay();
  });
  const visitorName = h('input', { id: 'visit-name', maxlength: 30, autocomplete: 'off' });
  const visitorPhone = h('input', {
    id: 'visit-phone',
    inputmode: 'tel',
    maxlength: 20,
    autocomplete: 'off',
  });
  const groupSize = h('input', { id: 'visit-group', type: 'number', min: 1, max: 500, value: '1' });
  const groupNote = h('small', { class: 'hint', id: 'visit-group-note', 'aria-live': 'polite' });
  const summary = h('textarea', { id: 'visit-summary', rows: 4, maxlength: 2000 });
  const answered = h('input', {
    type: 'radio',
    name: 'outcome',
    value: 'answered',
    id: 'outcome-answered',
    checked: true,
  });
  const toCase = h('input', { type: 'radio', name: 'outcome', value: 'case', id: 'outcome-case' });
  const answer = h('textarea', { id: 'visit-answer', rows: 3, maxlength: 2000 });
  const caseTitle = h('input', { id: 'visit-case-title', maxlength: 60, autocomplete: 'off' });
  const caseCategory = h(
    'select',
    { id: 'visit-case-category' },
    h('option', { value: '' }, t('chooseCategory')),
    ref.categories.map((entry) => h('option', { value: entry.code }, pick(entry.nameZh, entry.nameEn))),
  );
  const message = () => h('small', { class: 'field-error', 'aria-live': 'polite' });
  const fields = {
    representativeIds: { input: repFieldset, message: message() },
    'visitor.name': { input: visitorName, message: message() },
    'visitor.phone': { input: visitorPhone, message: message() },
    groupSize: { input: groupSize, message: message() },
    summary: { input: summary, message: message() },
    answer: { input: answer, message: message() },
    'case.title': { input: caseTitle, message: message() },
    'case.categoryCode': { input: caseCategory, message: message() },
  };
  const labelled = (label: string, key: keyof typeof fields, required: boolean, hint?: string) =>
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: fields[key].input.id },
        label,
        required ? h('span', { 'aria-hidden': 'true' }, ' *') : null,
      ),
      fields[key].input,
      hint ? h('small', { class: 'hint' }, hint) : null,
      fields[key].message,
    );
  const answerPart = h('div', { id: 'answer-part' }, labelled(t('answer'), 'answer', true));
  const casePart = h(
    'div',
    { id: 'case-part', hidden: true },
    labelled(t('caseTitle'), 'case.title', true),
    h(
      'div',
      { class: 'field' },
      h('label', { for: caseCategory.id }, t('category')),
      caseCategory,
      fields['case.categoryCode'].message,
    ),
  );
  const showOutcome = () => {
    answerPart.hidden = !answered.checked;
    casePart.hidden = answered.checked;
  };
  answered.addEventListener('change', showOutcome);
  toCase.addEventListener('change', showOutcome);
  const showGroup = () => {
    const size = Number(groupSize.value);
    groupNote.textContent = Number.isInteger(size) && isGroupVisit(size) ? visitKindName(true) : '';
  };
  groupSize.addEventListener('input', showGroup);

  const resetErrors = () => {
    for (const entry of Object.values(fields)) {
      entry.message.textContent = '';
      entry.input.removeAttribute('aria-invalid');
    }
    errors.replaceChildren();
  };
  /** What the browser can tell before asking: the same rules as the API, in the same words. */
  const checkLocally = (): boolean => {
    const problems: [keyof typeof fields, string][] = [];
    if (!repBoxes.some((box) => box.checked)) problems.push(['representativeIds', t('chooseOne')]);
    if (visitorName.value.trim() === '') problems.push(['visitor.name', t('required')]);
    const phone = visitorPhone.value.trim();
    if (phone && !looksLikePhone(phone)) problems.push(['visitor.phone', t('invalidPhone')]);
    if (!phone && toCase.checked) problems.push(['visitor.phone', t('visitorPhoneHint')]);
    const size = Number(groupSize.value);
    if (!Number.isInteger(size) || size < 1 || size > 500) problems.push(['groupSize', t('required')]);
    if (summary.value.trim().length < 5) problems.push(['summary', t('tooShort', { n: 5 })]);
    if (answered.checked && answer.value.trim().length < 2)
      problems.push(['answer', t('tooShort', { n: 2 })]);
    if (toCase.checked && caseTitle.value.trim().length < 2)
      problems.push(['case.title', t('tooShort', { n: 2 })]);
    for (const [key, text] of problems) {
      fields[key].message.textContent = text;
      fields[key].input.setAttribute('aria-invalid', 'true');
    }
    if (problems[0]) fields[problems[0][0]].input.focus();
    return problems.length === 0;
  };

  const errors = h('div', { class: 'messages', 'aria-live': 'assertive' });
  const result = h('div', { class: 'registered', id: 'visit-registered', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', id: 'visit-submit' }, t('submit'));
  const list = h('section', { id: 'day-visits', 'aria-labelledby': 'day-visits-heading' });
  let idempotencyKey = newKey();

  const showDay = async () => {
    clear(list, h('h2', { id: 'day-visits-heading' }, t('dayVisits')), loading());
    try {
      const { items } = await api<{ items: VisitItem[] }>(
        `/api/staff/reception-days/${studioId}/${day.value}/visits`,
      );
      clear(
        list,
        h('h2', { id: 'day-visits-heading' }, t('dayVisits')),
        items.length === 0
          ? h('p', { class: 'empty' }, t('noVisits'))
          : h(
              'table',
              { class: 'visits' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  [t('visitor'), t('groupSize'), t('matter'), t('representativesPresent'), t('outcome')].map(
                    (label) => h('th', { scope: 'col' }, label),
                  ),
                ),
              ),
              h(
                'tbody',
                null,
                items.map((item) =>
                  h(
                    'tr',
                    { dataset: { visitId: item.visitId } },
                    h('td', null, item.visitor.name),
                    h(
                      'td',
                      null,
                      isGroupVisit(item.groupSize)
                        ? `${item.groupSize}（${t('groupVisit')}）`
                        : String(item.groupSize),
                    ),
                    h('td', null, item.summary),
                    h('td', null, item.representatives.map((entry) => entry.name).join('、')),
                    h(
                      'td',
                      null,
                      visitOutcomeName(item.outcome),
                      item.caseId && item.trackingCode
                        ? [' ', h('a', { href: `#/case/${item.caseId}`, class: 'code' }, item.trackingCode)]
                        : null,
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      clear(list, errorBox(error));
    }
  };

  const form = h(
    'form',
    {
      class: 'register card',
      id: 'visit-form',
      novalidate: true,
      onSubmit: async (event: Event) => {
        event.preventDefault();
        resetErrors();
        if (!checkLocally()) return;
        submit.disabled = true;
        const phone = visitorPhone.value.trim();
        try {
          const created = await api<{ case?: { caseId: string; trackingCode: string } }>(
            `/api/staff/reception-days/${studioId}/${day.value}/visits`,
            {
              method: 'POST',
              headers: { 'idempotency-key': idempotencyKey },
              body: {
                visitor: { name: visitorName.value.trim(), ...(phone ? { phone } : {}) },
                groupSize: Number(groupSize.value),
                representativeIds: repBoxes.filter((box) => box.checked).map((box) => box.value),
                summary: summary.value.trim(),
                outcome: answered.checked ? 'answered' : 'case',
                ...(answered.checked
                  ? { answer: answer.value.trim() }
                  : {
                      case: {
                        title: caseTitle.value.trim(),
                        ...(caseCategory.value ? { categoryCode: caseCategory.value } : {}),
                      },
                    }),
              },
            },
          );
          idempotencyKey = newKey();
          clear(
            result,
            created.case
              ? h(
                  'p',
                  null,
                  t('visitBecameCase'),
                  h(
                    'a',
                    { href: `#/case/${created.case.caseId}`, class: 'code', id: 'visit-tracking-code' },
                    created.case.trackingCode,
                  ),
                )
              : h('p', { id: 'visit-done' }, t('visitRegistered')),
          );
          for (const input of [visitorName, visitorPhone, summary, answer, caseTitle]) input.value = '';
          groupSize.value = '1';
          caseCategory.value = '';
          answered.checked = true;
          showOutcome();
          showGroup();
          visitorName.focus();
          void showDay();
        } catch (error) {
          showFormErrors(error, fields, errors, lang());
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: day.id }, t('visitDay')), day),
    repFieldset,
    fields.representativeIds.message,
    labelled(t('visitorName'), 'visitor.name', true),
    labelled(t('visitorPhone'), 'visitor.phone', false, t('visitorPhoneHint')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: groupSize.id }, t('groupSize')),
      groupSize,
      groupNote,
      fields.groupSize.message,
    ),
    labelled(t('matter'), 'summary', true),
    h(
      'fieldset',
      { class: 'channel' },
      h('legend', null, t('outcome')),
      h('label', { class: 'check', for: answered.id }, answered, visitOutcomeName('answered')),
      h('label', { class: 'check', for: toCase.id }, toCase, visitOutcomeName('case')),
    ),
    answerPart,
    casePart,
    errors,
    submit,
  );
  clear(outlet, context.heading, context.studioPicker, result, form, list);
  tickRoster();
  showGroup();
  day.focus();
  void showDay();
}
