import type { CaseEvent } from '../../../../shared/domain/case/model.ts';
import { petitionTypes } from '../../../../shared/domain/case/petition-types.ts';
import type { StaffCaseView } from '../../../../shared/domain/case/staff-view.ts';
import { formatDuration } from '../../../../shared/domain/policy/duration-text.ts';
import type { CaseSummary, Page } from '../../../../shared/ports/case-store.ts';
import type { DeliveryRecord } from '../../../../shared/ports/delivery-store.ts';
import type { ReplyTemplate } from '../../../../shared/ports/reply-template-store.ts';
import { api, query } from '../api.ts';
import { clear, h } from '../dom.ts';
import { formatBytes, formatDeadline, formatTime, timeLeft } from '../format.ts';
import { channelName, commandName, eventName, language, petitionTypeName, statusName, t } from '../i18n.ts';
import { actionPath, type DeadlineName, deadlineAffected, urgency } from '../model.ts';
import { categoryName, jurisdictionName, reference, type StaffReference, unitName } from '../reference.ts';
import type { SessionUser } from '../session.ts';
import { errorBox, field, loading } from '../ui.ts';

/**
 * The case page: what the petitioner asked (petitioner masked, "显示" unmasks and is audited), deadlines,
 * attachments, the full timeline, and the actions the API says this user may take now (`allowedActions`),
 * each naming the deadline it affects. Every action sends the version the user saw; if someone else acted
 * first the API answers 409 and the page says who and when, with a reload button. Supervisors also see how the
 * case reached its unit (deliveries) and the audit trail.
 */

type View = StaffCaseView & {
  attachments?: readonly { key: string; name?: string; contentType: string; bytes: number }[];
};

const deadlineNames: readonly DeadlineName[] = ['acknowledgeBy', 'replyBy', 'objectionUntil', 'surveyBy'];

function backLink(): HTMLElement {
  return h(
    'a',
    {
      href: '#/cases',
      class: 'back',
      onClick: (event: Event) => {
        if (history.length > 1) {
          event.preventDefault();
          history.back();
        }
      },
    },
    t('back'),
  );
}

function eventText(event: Pick<CaseEvent, 'type' | 'data'>, ref: StaffReference): string {
  const data = event.data as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof data.reason === 'string') parts.push(data.reason);
  if (typeof data.text === 'string') parts.push(data.text);
  if (typeof data.days === 'number') parts.push(`${data.days} ${t('days')}`);
  if (typeof data.approved === 'boolean') parts.push(data.approved ? t('approve') : t('decline'));
  if (typeof data.note === 'string') parts.push(data.note);
  if (typeof data.unitId === 'string') parts.push(unitName(ref, data.unitId));
  if (typeof data.rating === 'string') parts.push(data.rating);
  if (typeof data.card === 'string') parts.push(data.card === 'red' ? t('redCard') : t('yellowCard'));
  return parts.join(' · ');
}

function timeline(view: View, ref: StaffReference): HTMLElement {
  return h(
    'ol',
    { class: 'timeline' },
    view.timeline.map((event) => {
      const moved = event.changes.unitId?.after;
      const text = eventText(event, ref);
      return h(
        'li',
        { dataset: { type: event.type } },
        h('time', { datetime: event.at }, formatTime(event.at)),
        h('strong', null, eventName(event.type)),
        typeof moved === 'string' ? h('span', null, ` → ${unitName(ref, moved)}`) : null,
        h('span', { class: 'actor' }, event.actor.id),
        text ? h('p', null, text) : null,
      );
    }),
  );
}

export function caseView(outlet: HTMLElement, user: SessionUser, caseId: string): void {
  clear(outlet, loading());
  const reload = () => caseView(outlet, user, caseId);
  void (async () => {
    let view: View;
    let ref: StaffReference;
    try {
      [view, ref] = await Promise.all([
        api<View>(`/api/staff/cases/${encodeURIComponent(caseId)}`),
        reference(),
      ]);
    } catch (error) {
      clear(outlet, backLink(), errorBox(error));
      return;
    }
    render(outlet, user, view, ref, reload);
  })();
}

function render(
  outlet: HTMLElement,
  user: SessionUser,
  view: View,
  ref: StaffReference,
  reload: () => void,
): void {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const petitioner = h(
    'dd',
    { id: 'petitioner' },
    `${view.petitioner.name} ${view.petitioner.phone}`,
    view.petitioner.anonymous ? ` （${t('anonymous')}）` : '',
  );
  const reveal = h(
    'button',
    {
      type: 'button',
      class: 'link',
      id: 'reveal',
      onClick: async () => {
        try {
          const shown = await api<{ petitioner: { name?: string; phone?: string } }>(
            `/api/staff/cases/${view.caseId}/petitioner`,
          );
          clear(
            petitioner,
            `${shown.petitioner.name ?? '—'} ${shown.petitioner.phone ?? ''}`,
            h('small', { class: 'muted' }, ` ${t('shownAudited')}`),
          );
          reveal.remove();
        } catch (error) {
          messages.replaceChildren(errorBox(error));
        }
      },
    },
    t('show'),
  );
  const level = urgency(view);
  const deadlines = h(
    'dl',
    { class: 'deadlines' },
    deadlineNames.flatMap((name) => {
      const deadline = view.deadlines[name];
      if (!deadline) return [];
      return [
        h('dt', null, t(name)),
        h(
          'dd',
          { dataset: { deadline: name } },
          formatDeadline(deadline),
          h('small', null, ` ${timeLeft(deadline.at)}`),
        ),
      ];
    }),
  );
  const supervisorPanels = h('div', { class: 'supervisor-panels' });
  clear(
    outlet,
    backLink(),
    h(
      'header',
      { class: `case-head urgency-${level}` },
      h('span', { class: 'code', id: 'tracking-code' }, view.trackingCode),
      h('h1', null, view.title),
      h('span', { class: 'status', id: 'case-status' }, statusName(view.status)),
      view.overdue
        ? h(
            'span',
            { class: `mark ${view.overdue.card}` },
            view.overdue.card === 'red' ? t('redCard') : t('yellowCard'),
          )
        : null,
      view.extensionPending ? h('span', { class: 'mark info' }, t('extensionPending')) : null,
    ),
    view.possibleDuplicateOf
      ? h(
          'p',
          { class: 'mark info', id: 'possible-duplicate' },
          t('possibleDuplicate'),
          h('a', { href: `#/case/${view.possibleDuplicateOf}` }, t('openCase')),
        )
      : null,
    messages,
    h(
      'div',
      { class: 'case-grid' },
      h(
        'section',
        { class: 'card' },
        h(
          'dl',
          { class: 'facts' },
          h('dt', null, t('unit')),
          h('dd', { id: 'case-unit' }, unitName(ref, view.unitId)),
          h('dt', null, t('category')),
          h('dd', null, categoryName(ref, view.categoryCode)),
          h('dt', null, t('jurisdiction')),
          h('dd', null, jurisdictionName(ref, view.jurisdictionCode)),
          h('dt', null, t('channel')),
          h('dd', null, channelName(view.channel)),
          h('dt', null, t('petitioner')),
          petitioner,
        ),
        view.petitioner.anonymous ? null : reveal,
        h('h2', null, t('content')),
        h('p', { class: 'content' }, view.content),
        view.reply
          ? h('div', { class: 'reply' }, h('h2', null, commandName('reply')), h('p', null, view.reply.text))
          : null,
        view.attachments?.length
          ? h(
              'div',
              null,
              h('h2', null, t('attachments')),
              h(
                'ul',
                { class: 'attachments' },
                view.attachments.map((file) =>
                  h(
                    'li',
                    null,
                    file.name ?? file.key.split('/').pop() ?? file.key,
                    h('small', null, ` ${file.contentType} · ${formatBytes(file.bytes)}`),
                  ),
                ),
              ),
            )
          : null,
        h('h2', null, t('deadlines')),
        deadlines,
      ),
      h(
        'section',
        { class: 'card actions', id: 'actions' },
        h('h2', null, t('actions')),
        actionsPanel(view, user, ref, messages, reload),
      ),
    ),
    h('section', { class: 'card' }, h('h2', null, t('timeline')), timeline(view, ref)),
    supervisorPanels,
  );
  if (user.role === 'supervisor') void supervisorSections(supervisorPanels, view, ref);
}

async function supervisorSections(container: HTMLElement, view: View, ref: StaffReference): Promise<void> {
  const auditArea = h('div', { id: 'audit' });
  const deliveries = h('div', { id: 'deliveries' }, loading());
  clear(
    container,
    h('section', { class: 'card' }, h('h2', null, t('deliveries')), deliveries),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('audit')),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          id: 'show-audit',
          onClick: async (event: Event) => {
            (event.currentTarget as HTMLButtonElement).disabled = true;
            try {
              auditArea.replaceChildren(
                auditTable(await api<AuditView>(`/api/staff/cases/${view.caseId}/audit`), ref),
              );
            } catch (error) {
              auditArea.replaceChildren(errorBox(error));
            }
          },
        },
        t('showAudit'),
      ),
      auditArea,
    ),
  );
  try {
    const result = await api<{ deliveries: DeliveryRecord[] }>(`/api/staff/cases/${view.caseId}/deliveries`);
    clear(
      deliveries,
      result.deliveries.length === 0
        ? h('p', { class: 'muted' }, t('noDeliveries'))
        : h(
            'table',
            null,
            h(
              'tbody',
              null,
              result.deliveries.map((delivery) =>
                h(
                  'tr',
                  { class: `delivery-${delivery.status}` },
                  h('td', null, `v${delivery.version}`),
                  h('td', null, unitName(ref, delivery.unitId)),
                  h('td', null, delivery.method),
                  h('td', null, h('strong', null, delivery.status)),
                  h('td', null, String(delivery.attempts)),
                  h('td', null, delivery.lastError ?? ''),
                  h('td', null, formatTime(delivery.updatedAt)),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    clear(deliveries, errorBox(error));
  }
}

interface AuditView {
  readonly events: readonly Pick<CaseEvent, 'version' | 'type' | 'at' | 'actor' | 'changes'>[];
  readonly reads: readonly { at: string; actor: { id: string; role: string }; what: string }[];
}

function short(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function auditTable(audit: AuditView, _ref: StaffReference): HTMLElement {
  return h(
    'div',
    null,
    h(
      'table',
      { class: 'audit' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('at')),
          h('th', null, t('by')),
          h('th', null, t('kind')),
          h('th', null, t('changes')),
        ),
      ),
      h(
        'tbody',
        null,
        audit.events.map((event) =>
          h(
            'tr',
            null,
            h('td', null, formatTime(event.at)),
            h('td', null, `${event.actor.id} (${event.actor.role})`),
            h('td', null, `v${event.version} ${eventName(event.type)}`),
            h(
              'td',
              null,
              h(
                'ul',
                null,
                Object.entries(event.changes).map(([name, change]) =>
                  h('li', null, `${name}: ${short(change.before)} → ${short(change.after)}`),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    h('h3', null, t('reads')),
    h(
      'table',
      { class: 'reads' },
      h(
        'tbody',
        null,
        audit.reads.map((read) =>
          h(
            'tr',
            null,
            h('td', null, formatTime(read.at)),
            h('td', null, `${read.actor.id} (${read.actor.role})`),
            h('td', null, read.what),
          ),
        ),
      ),
    ),
  );
}

// -------------------------------------------------------------------------------------------------------------
// Actions

function actionsPanel(
  view: View,
  user: SessionUser,
  ref: StaffReference,
  messages: HTMLElement,
  reload: () => void,
): HTMLElement {
  const actions = view.allowedActions;
  if (actions.length === 0) return h('p', { class: 'muted' }, t('noActions'));
  const panel = h('div', { class: 'action-form' });
  const run = async (command: string, body: Record<string, unknown>, button?: HTMLButtonElement) => {
    if (button) button.disabled = true;
    messages.replaceChildren();
    try {
      await api(`/api/staff/cases/${view.caseId}/${actionPath[command]}`, {
        method: 'POST',
        body: { expectedVersion: view.version, ...body },
      });
      reload();
    } catch (error) {
      messages.replaceChildren(errorBox(error, reload));
      if (button) button.disabled = false;
    }
  };
  const buttons = actions.map((command) => {
    const affected = deadlineAffected[command] ?? null;
    const deadline = affected ? view.deadlines[affected] : undefined;
    return h(
      'div',
      { class: 'action' },
      h(
        'button',
        {
          type: 'button',
          dataset: { action: command },
          onClick: (event: Event) => {
            const button = event.currentTarget as HTMLButtonElement;
            const form = formFor(command, view, user, ref, run);
            if (!form) {
              void run(command, {}, button);
              return;
            }
            clear(panel, form);
            panel.querySelector<HTMLElement>('textarea, input, select')?.focus();
          },
        },
        commandName(command),
      ),
      affected
        ? h(
            'small',
            { class: 'affects' },
            `${t('affects')}${t(affected)}${deadline ? ` ${formatDeadline(deadline)}` : ''}`,
          )
        : null,
    );
  });
  return h('div', null, h('div', { class: 'action-list' }, buttons), panel);
}

type Run = (command: string, body: Record<string, unknown>, button?: HTMLButtonElement) => Promise<void>;

function textForm(
  command: string,
  name: string,
  label: string,
  run: Run,
  options: {
    rows?: number;
    optional?: boolean;
    extra?: () => Record<string, unknown>;
    before?: HTMLElement[];
  } = {},
): HTMLFormElement {
  const input = options.rows
    ? h('textarea', { name, rows: options.rows, required: !options.optional })
    : h('input', { name, required: !options.optional, maxlength: 200 });
  const submit = h('button', { type: 'submit' }, commandName(command));
  return h(
    'form',
    {
      class: 'stack',
      dataset: { form: command },
      onSubmit: (event: Event) => {
        event.preventDefault();
        const value = input.value.trim();
        void run(
          command,
          { ...(value || !options.optional ? { [name]: value } : {}), ...(options.extra?.() ?? {}) },
          submit,
        );
      },
    },
    ...(options.before ?? []),
    field(label, input),
    submit,
  );
}

function unitSelect(ref: StaffReference, exclude?: string): HTMLSelectElement {
  return h(
    'select',
    { name: 'unitId', required: true },
    ref.units
      .filter((unit) => unit.unitId !== exclude)
      .map((unit) => h('option', { value: unit.unitId }, unitName(ref, unit.unitId))),
  );
}

function formFor(
  command: string,
  view: View,
  user: SessionUser,
  ref: StaffReference,
  run: Run,
): HTMLElement | null {
  switch (command) {
    case 'acknowledge':
    case 'accept':
      return null;
    case 'reply':
      return replyForm(view, user, run);
    case 'return':
    case 'reject':
    case 'reopen':
    case 'requestReview':
    case 'requestRecheck':
      return textForm(command, 'reason', t('reason'), run);
    case 'decideReview':
    case 'decideRecheck': {
      const outcome = h(
        'select',
        { name: 'outcome' },
        h('option', { value: 'upheld' }, t('upheld')),
        h('option', { value: 'revised' }, t('revised')),
      );
      return textForm(command, 'opinion', t('opinion'), run, {
        rows: 6,
        before: [field(t('result'), outcome)],
        extra: () => ({ outcome: outcome.value }),
      });
    }
    case 'classify': {
      const type = h(
        'select',
        { name: 'petitionType' },
        petitionTypes.map((code) =>
          h('option', { value: code, selected: view.petitionType === code }, petitionTypeName(code)),
        ),
      );
      const accused = h(
        'select',
        { name: 'accusedUnitId' },
        h('option', { value: '' }, '—'),
        ref.units.map((unit) =>
          h(
            'option',
            { value: unit.unitId, selected: view.accusedUnitId === unit.unitId },
            unitName(ref, unit.unitId),
          ),
        ),
      );
      const submit = h('button', { type: 'submit' }, commandName(command));
      return h(
        'form',
        {
          class: 'stack',
          dataset: { form: command },
          onSubmit: (event: Event) => {
            event.preventDefault();
            void run(
              command,
              { petitionType: type.value, accusedUnitId: accused.value === '' ? null : accused.value },
              submit,
            );
          },
        },
        field(t('petitionType'), type),
        field(t('accusedUnit'), accused),
        submit,
      );
    }
    case 'note':
      return textForm(command, 'text', t('note'), run, { rows: 3 });
    case 'close':
      return textForm(command, 'summary', t('note'), run, { rows: 3, optional: true });
    case 'archive':
      return textForm(command, 'note', t('note'), run, { optional: true });
    case 'requestExtension': {
      const days = h('input', { name: 'days', type: 'number', min: 1, max: 90, required: true, value: 10 });
      return textForm(command, 'reason', t('reason'), run, {
        before: [field(t('days'), days)],
        extra: () => ({ days: Number(days.value) }),
      });
    }
    case 'decideExtension': {
      const pending = view.extensionPending;
      const note = h('input', { name: 'note', maxlength: 200 });
      const decideWith = (approve: boolean) => (event: Event) => {
        const value = note.value.trim();
        void run(
          command,
          { approve, ...(value ? { note: value } : {}) },
          event.currentTarget as HTMLButtonElement,
        );
      };
      return h(
        'div',
        { class: 'stack', dataset: { form: command } },
        pending
          ? h(
              'p',
              null,
              `${formatDuration({ amount: pending.days, unit: pending.unit ?? 'calendarDays' }, language())} · ${pending.reason} · ${pending.requestedBy}`,
            )
          : null,
        field(t('note'), note),
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'button', id: 'approve-extension', onClick: decideWith(true) }, t('approve')),
          h('button', { type: 'button', class: 'secondary', onClick: decideWith(false) }, t('decline')),
        ),
      );
    }
    case 'referToTeam': {
      const teams = h(
        'select',
        { name: 'teamId', required: true },
        ref.units
          .filter((unit) => unit.kind === 'serviceTeam' && unit.unitId !== view.unitId)
          .map((unit) => h('option', { value: unit.unitId }, unitName(ref, unit.unitId))),
      );
      return textForm(command, 'question', t('teamQuestion'), run, {
        before: [field(t('serviceTeam'), teams)],
        extra: () => ({ teamId: teams.value }),
        rows: 3,
      });
    }
    case 'answerReferral':
      return textForm(command, 'answer', t('teamAnswer'), run, { rows: 4 });
    case 'assign':
    case 'reassign': {
      const select = unitSelect(ref, view.unitId);
      return textForm(
        command === 'assign' && view.status !== 'triage' && view.status !== 'registered'
          ? 'reassign'
          : command,
        'reason',
        t('reason'),
        run,
        {
          before: [field(t('unit'), select)],
          extra: () => ({ unitId: select.value }),
          optional: command === 'assign',
        },
      );
    }
    case 'linkDuplicate': {
      const code = h('input', { name: 'trackingCode', required: true, placeholder: 'HY-XXXX-XXXX' });
      const submit = h('button', { type: 'submit' }, commandName(command));
      const problem = h('p', { class: 'error', hidden: true });
      return h(
        'form',
        {
          class: 'stack',
          dataset: { form: command },
          onSubmit: async (event: Event) => {
            event.preventDefault();
            problem.hidden = true;
            const found = await api<Page<CaseSummary>>(
              `/api/staff/cases${query({ q: code.value.trim() })}`,
            ).catch(() => null);
            const target = found?.items[0];
            if (!target || target.caseId === view.caseId) {
              problem.textContent = t('duplicateNotFound');
              problem.hidden = false;
              return;
            }
            await run(command, { duplicateOf: target.caseId }, submit);
          },
        },
        field(t('duplicateOf'), code),
        problem,
        submit,
      );
    }
    case 'answerSurvey': {
      const rating = h(
        'select',
        { name: 'rating' },
        h('option', { value: 'satisfied' }, '满意 / satisfied'),
        h('option', { value: 'basically_satisfied' }, '基本满意 / basically satisfied'),
        h('option', { value: 'dissatisfied' }, '不满意 / dissatisfied'),
      );
      return textForm(command, 'comment', t('note'), run, {
        optional: true,
        before: [field(t('result'), rating)],
        extra: () => ({ rating: rating.value }),
      });
    }
    default:
      return null;
  }
}

function replyForm(view: View, user: SessionUser, run: Run): HTMLElement {
  const text = h('textarea', {
    name: 'text',
    id: 'reply-text',
    rows: 8,
    required: true,
    minlength: 5,
    maxlength: 4000,
  });
  const picker = h(
    'select',
    { id: 'reply-template', 'aria-label': t('replyTemplate') },
    h('option', { value: '' }, t('chooseTemplate')),
  );
  let templates: readonly ReplyTemplate[] = [];
  void api<{ items: ReplyTemplate[] }>('/api/staff/reply-templates')
    .then((result) => {
      templates = result.items;
      for (const template of templates)
        picker.append(
          h('option', { value: `${template.unitId ?? ''}/${template.templateId}` }, template.title),
        );
    })
    .catch(() => picker.remove());
  picker.addEventListener('change', () => {
    const chosen = templates.find(
      (template) => `${template.unitId ?? ''}/${template.templateId}` === picker.value,
    );
    if (chosen) text.value = text.value.trim() ? `${text.value.trim()}\n${chosen.text}` : chosen.text;
    text.focus();
  });
  const submit = h('button', { type: 'submit' }, commandName('reply'));
  const saved = h('small', { class: 'muted' });
  const saveTemplate =
    user.role === 'handler'
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onClick: async () => {
              const value = text.value.trim();
              if (value.length < 5) return;
              const title = value.replace(/\s+/g, ' ').slice(0, 20);
              try {
                await api(`/api/staff/reply-templates/t-${Date.now().toString(36)}`, {
                  method: 'PUT',
                  body: { title, text: value },
                });
                saved.textContent = t('saved');
              } catch (error) {
                saved.replaceChildren(errorBox(error));
              }
            },
          },
          t('saveAsTemplate'),
        )
      : null;
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit.click();
    }
  });
  return h(
    'form',
    {
      class: 'stack',
      dataset: { form: 'reply' },
      onSubmit: (event: Event) => {
        event.preventDefault();
        void run('reply', { text: text.value.trim() }, submit);
      },
    },
    field(t('replyTemplate'), picker),
    field(
      t('text'),
      text,
      view.deadlines.replyBy
        ? `${t('replyBy')} ${formatDeadline(view.deadlines.replyBy)} · ${t('ctrlEnter')}`
        : t('ctrlEnter'),
    ),
    h('div', { class: 'row' }, submit, saveTemplate, saved),
  );
}
