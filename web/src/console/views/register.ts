import { api } from '../api.ts';
import { clear, h } from '../dom.ts';
import { showFormErrors } from '../field-errors.ts';
import { language, pick, t } from '../i18n.ts';
import { looksLikePhone } from '../model.ts';
import { reference } from '../reference.ts';
import { MAX_SCANNED_PAGES, scanProblem, uploadScan } from '../scans.ts';
import type { SessionUser } from '../session.ts';
import { errorBox, loading } from '../ui.ts';

/**
 * Registration of a letter or an ordinary walk-in visit (a visit on a reception day has its own form,
 * views/visits.ts, on the visits API), for liaison officers who type while someone sits across
 * the desk: the first field has the focus, the tab order follows the paper form, Enter submits from any input
 * (Ctrl+Enter from the text area), every field says what is wrong as soon as it is left, and after a
 * registration the tracking code is shown big and the form is ready for the next person. A letter may come
 * with its scanned pages (uploaded when the form is sent) and may give only a postal address: the case then
 * records that the reply goes by post, and the 查询码 that stands in for a phone's last digits is shown to be
 * written into the acknowledgement letter.
 */

interface Checked {
  readonly input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  readonly check: () => string | null;
  readonly message: HTMLElement;
}

const newKey = () => `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function registerView(outlet: HTMLElement, user: SessionUser): void {
  clear(outlet, loading());
  void (async () => {
    const ref = await reference().catch((error: unknown) => {
      clear(outlet, errorBox(error));
      return null;
    });
    if (!ref) return;
    const studio = ref.studios.find((candidate) => candidate.studioId === user.studioId);
    const visit = h('input', {
      type: 'radio',
      name: 'channel',
      value: 'visit',
      id: 'channel-visit',
      checked: true,
    });
    const letter = h('input', { type: 'radio', name: 'channel', value: 'letter', id: 'channel-letter' });
    const category = h(
      'select',
      { id: 'reg-category', name: 'categoryCode' },
      h('option', { value: '' }, t('chooseCategory')),
      ref.categories.map((entry) => h('option', { value: entry.code }, pick(entry.nameZh, entry.nameEn))),
    );
    const town = h(
      'select',
      { id: 'reg-jurisdiction', name: 'jurisdictionCode', required: true },
      ref.jurisdictions.map((entry) =>
        h('option', { value: entry.code, selected: entry.code === studio?.jurisdictionCode }, entry.nameZh),
      ),
    );
    const title = h('input', {
      id: 'reg-title',
      name: 'title',
      maxlength: 60,
      required: true,
      autocomplete: 'off',
    });
    const content = h('textarea', {
      id: 'reg-content',
      name: 'content',
      rows: 5,
      maxlength: 2000,
      required: true,
    });
    const name = h('input', { id: 'reg-name', name: 'name', maxlength: 30, autocomplete: 'off' });
    const phone = h('input', {
      id: 'reg-phone',
      name: 'phone',
      inputmode: 'tel',
      maxlength: 20,
      required: true,
      autocomplete: 'off',
    });
    const address = h('input', { id: 'reg-address', name: 'address', maxlength: 200, autocomplete: 'off' });
    const pagesInput = h('input', {
      id: 'reg-pages',
      type: 'file',
      multiple: true,
      accept: 'image/*,application/pdf,.pdf',
    });
    const pagesChosen = h('ol', { class: 'pages-chosen', id: 'reg-pages-chosen' });
    const anonymous = h('input', { id: 'reg-anonymous', type: 'checkbox' });
    const confidential = h('input', { id: 'reg-confidential', type: 'checkbox' });
    const errors = h('div', { class: 'messages', 'aria-live': 'assertive' });
    const result = h('div', { class: 'registered', id: 'registered', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', id: 'reg-submit' }, t('submit'));
    let idempotencyKey = newKey();

    const message = () => h('small', { class: 'field-error', 'aria-live': 'polite' });
    const checked: Checked[] = [
      {
        input: title,
        message: message(),
        check: () => (title.value.trim().length < 2 ? t('tooShort', { n: 2 }) : null),
      },
      {
        input: content,
        message: message(),
        check: () => (content.value.trim().length < 5 ? t('tooShort', { n: 5 }) : null),
      },
      {
        input: phone,
        message: message(),
        check: () => {
          if (phone.value.trim() !== '') return looksLikePhone(phone.value) ? null : t('invalidPhone');
          // A letter that gives only a postal address is answered by post.
          return letter.checked && address.value.trim() !== '' ? null : t('phoneOrAddress');
        },
      },
      {
        input: address,
        message: message(),
        check: () =>
          address.value.trim() === '' || address.value.trim().length >= 5 ? null : t('tooShort', { n: 5 }),
      },
      {
        input: pagesInput,
        message: message(),
        check: () => {
          const files = [...(pagesInput.files ?? [])];
          if (files.length > MAX_SCANNED_PAGES) return t('tooManyPages', { n: MAX_SCANNED_PAGES });
          for (const file of files) {
            const problem = scanProblem(file);
            if (problem === 'type') return t('pageWrongType', { name: file.name });
            if (problem === 'size') return t('pageTooLarge', { name: file.name });
          }
          return null;
        },
      },
    ];
    const letterPart = h('div', { id: 'letter-part', hidden: true });
    const showChannel = () => {
      letterPart.hidden = !letter.checked;
      phone.required = !letter.checked;
    };
    visit.addEventListener('change', showChannel);
    letter.addEventListener('change', showChannel);
    pagesInput.addEventListener('change', () => {
      clear(
        pagesChosen,
        [...(pagesInput.files ?? [])].map((file) => h('li', null, file.name)),
      );
    });
    const validate = (entry: Checked, force: boolean) => {
      if (entry.input === pagesInput || entry.input === address) {
        // Letter-only fields: a visit ignores them.
        if (!letter.checked) return true;
      }
      if (!force && entry.input.value === '' && !entry.input.dataset.touched) return true;
      const problem = entry.check();
      entry.message.textContent = problem ?? '';
      entry.input.setAttribute('aria-invalid', String(problem !== null));
      return problem === null;
    };
    for (const entry of checked) {
      if (entry.input === pagesInput) {
        entry.input.addEventListener('change', () => validate(entry, true));
        continue;
      }
      entry.input.addEventListener('blur', () => {
        entry.input.dataset.touched = 'true';
        validate(entry, true);
      });
      entry.input.addEventListener('input', () => validate(entry, false));
    }
    const messageOf = (input: Checked['input']) =>
      checked.find((entry) => entry.input === input)?.message ?? null;
    const labelled = (label: string, input: Checked['input'], required = false) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: input.id }, label, required ? h('span', { 'aria-hidden': 'true' }, ' *') : null),
        input,
        messageOf(input),
      );

    const serverFields = {
      title: { input: title, message: messageOf(title)! },
      content: { input: content, message: messageOf(content)! },
      'petitioner.phone': { input: phone, message: messageOf(phone)! },
      'petitioner.address': { input: address, message: messageOf(address)! },
      pages: { input: pagesInput, message: messageOf(pagesInput)! },
    };
    letterPart.append(
      labelled(t('address'), address),
      h('small', { class: 'hint' }, t('addressHint')),
      labelled(t('scannedPages'), pagesInput),
      h('small', { class: 'hint' }, t('scannedPagesHint')),
      pagesChosen,
    );
    const form = h(
      'form',
      {
        class: 'register card',
        id: 'register-form',
        novalidate: true,
        onSubmit: async (event: Event) => {
          event.preventDefault();
          const valid = checked.map((entry) => validate(entry, true)).every(Boolean);
          if (!valid) {
            checked.find((entry) => entry.input.getAttribute('aria-invalid') === 'true')?.input.focus();
            return;
          }
          submit.disabled = true;
          errors.replaceChildren();
          const isLetter = letter.checked;
          const postal = isLetter ? address.value.trim() : '';
          try {
            const files = isLetter ? [...(pagesInput.files ?? [])] : [];
            if (files.length > 0) errors.replaceChildren(h('p', { class: 'muted' }, t('uploading')));
            // One after the other, in the order chosen: the pages' order is the letter's.
            const pages: { key: string; name: string }[] = [];
            for (const file of files) pages.push(await uploadScan(file));
            errors.replaceChildren();
            const created = await api<{ caseId: string; trackingCode: string; trackingPin?: string }>(
              '/api/staff/cases',
              {
                method: 'POST',
                headers: { 'idempotency-key': idempotencyKey },
                body: {
                  channel: isLetter ? 'letter' : 'visit',
                  ...(category.value ? { categoryCode: category.value } : {}),
                  jurisdictionCode: town.value,
                  title: title.value.trim(),
                  content: content.value.trim(),
                  petitioner: {
                    ...(name.value.trim() ? { name: name.value.trim() } : {}),
                    ...(phone.value.trim() ? { phone: phone.value.trim() } : {}),
                    ...(postal ? { address: postal } : {}),
                    anonymous: anonymous.checked,
                  },
                  confidential: confidential.checked,
                  ...(pages.length > 0 ? { pages } : {}),
                },
              },
            );
            idempotencyKey = newKey();
            clear(
              result,
              h(
                'p',
                null,
                t('registered'),
                h('strong', { class: 'code', id: 'new-tracking-code' }, created.trackingCode),
              ),
              created.trackingPin
                ? h(
                    'p',
                    { id: 'new-tracking-pin' },
                    t('trackingPinForLetter'),
                    h('strong', { class: 'code' }, created.trackingPin),
                  )
                : null,
              h('a', { href: `#/case/${created.caseId}` }, created.trackingCode),
            );
            // Focus first: leaving the phone field would otherwise flag the emptied field as missing.
            category.focus();
            for (const entry of checked) {
              entry.message.textContent = '';
              entry.input.removeAttribute('aria-invalid');
            }
            for (const input of [title, content, name, phone, address, pagesInput]) {
              input.value = '';
              delete input.dataset.touched;
            }
            pagesChosen.replaceChildren();
            anonymous.checked = false;
            confidential.checked = false;
            category.value = '';
          } catch (error) {
            showFormErrors(error, serverFields, errors, language() === 'en' ? 'en' : 'zh');
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('h1', null, t('registerTitle')),
      h(
        'fieldset',
        { class: 'channel' },
        h('legend', null, t('channel')),
        h('label', { class: 'check', for: 'channel-visit' }, visit, t('visit')),
        h('label', { class: 'check', for: 'channel-letter' }, letter, t('letter')),
        h('small', { class: 'hint' }, t('visitHint'), ' ', h('a', { href: '#/visits' }, t('visits'))),
      ),
      labelled(t('category'), category),
      labelled(t('jurisdiction'), town, true),
      labelled(t('title'), title, true),
      labelled(t('content'), content, true),
      h('small', { class: 'hint' }, t('ctrlEnter')),
      labelled(t('name'), name),
      labelled(t('phone'), phone, true),
      letterPart,
      h('label', { class: 'check', for: 'reg-anonymous' }, anonymous, t('anonymous')),
      h('label', { class: 'check', for: 'reg-confidential' }, confidential, t('confidential')),
      errors,
      submit,
    );
    content.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    clear(outlet, result, form);
    category.focus();
  })();
}
