import type { CaseEvent } from '../../../../shared/domain/case/model.ts';
import { petitionTypes } from '../../../../shared/domain/case/petition-types.ts';
import type { StaffCaseView } from '../../../../shared/domain/case/staff-view.ts';
import {
  actorText,
  auditLines,
  deliveryMethodName,
  deliveryStatusName,
  destructiveCommands,
  eventSentence,
  fillTemplate,
  personText,
  readText,
  templateValues,
} from '../../../../shared/domain/case/wording.ts';
import { formatDuration } from '../../../../shared/domain/policy/duration-text.ts';
import type { CaseSummary, Page } from '../../../../shared/ports/case-store.ts';
import type { DeliveryRecord } from '../../../../shared/ports/delivery-store.ts';
import type { ReplyTemplate } from '../../../../shared/ports/reply-template-store.ts';
import { ApiError, api, query } from '../api.ts';
import { clear, h } from '../dom.ts';
import { fieldsOfForms, showFormErrors } from '../field-errors.ts';
import { formatDate, formatDeadline, formatTime, timeLeft } from '../format.ts';
import {
  channelName,
  commandName,
  eventName,
  language,
  petitionTypeName,
  ratingName,
  replyRouteName,
  statusName,
  t,
  wordingLang,
} from '../i18n.ts';
import { actionPath, type DeadlineName, deadlineAffected, deadlineState, urgency } from '../model.ts';
import {
  categoryName,
  jurisdictionName,
  namesOf,
  reference,
  type StaffReference,
  unitName,
} from '../reference.ts';
import type { SessionUser } from '../session.ts';
import { errorBox, field, flashOnNextView, loading } from '../ui.ts';
import { attachmentsSection } from './attachments.ts';
import { similarPanel } from './similar-panel.ts';

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

/** Every event as a sentence from the wording module: who (name and unit), what, why; Shanghai time. */
function timeline(view: View, ref: StaffReference): HTMLElement {
  const names = namesOf(ref);
  return h(
    'ol',
    { class: 'timeline' },
    view.timeline.map((event) => {
      const sentence = eventSentence(event, view, names, wordingLang());
      return h(
        'li',
        { dataset: { type: event.type } },
        h('time', { datetime: event.at }, sentence.when),
        h('strong', null, eventName(event.type)),
        h('span', { class: 'actor' }, sentence.who),
        h('span', { class: 'what' }, sentence.what),
        sentence.why ? h('p', null, sentence.why) : null,
      );
    }),
  );
}

/** Only a running deadline counts down; a met one says when and whether on time; a carded one says overdue. */
function deadlineNote(view: View, name: DeadlineName): string {
  const deadline = view.deadlines[name];
  const state = deadlineState(view, name);
  switch (state.kind) {
    case 'running':
      return deadline ? timeLeft(deadline.at) : '';
    case 'met':
      return t(state.onTime ? 'metOnTime' : 'metLate', { date: formatDate(state.at) });
    case 'carded':
      return t('carded', { card: state.card === 'red' ? t('redCard') : t('yellowCard') });
    case 'unanswered':
      return t('unanswered');
    case 'idle':
      return '';
  }
}

/** The petitioner's answer and comment (web or call-back), shown as soon as there is one. */
function surveyBox(view: View): HTMLElement | null {
  const survey = view.survey;
  if (survey?.status !== 'answered' || !survey.rating) return null;
  return h(
    'div',
    {
      class: `survey-result rating-${survey.rating === 'dissatisfied' ? 'bad' : 'good'}`,
      id: 'survey-result',
    },
    h('h2', null, t('surveyResult')),
    h(
      'p',
      null,
      h('strong', null, ratingName(survey.rating)),
      survey.answeredAt ? ` · ${formatTime(survey.answeredAt)}` : '',
      survey.via === 'callback' ? ` · ${t('surveyVia')}` : '',
    ),
    survey.comment ? h('blockquote', null, `${t('surveyComment')}：${survey.comment}`) : null,
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
    [view.petitioner.name, view.petitioner.phone, view.petitioner.address].filter(Boolean).join(' '),
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
          const shown = await api<{ petitioner: { name?: string; phone?: string; address?: string } }>(
            `/api/staff/cases/${view.caseId}/petitioner`,
          );
          clear(
            petitioner,
            [shown.petitioner.name ?? '—', shown.petitioner.phone, shown.petitioner.address]
              .filter(Boolean)
              .join(' '),
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
          h('small', null, ` ${deadlineNote(view, name)}`),
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
      view.survey?.rating === 'dissatisfied'
        ? h('span', { class: 'mark red', id: 'dissatisfied' }, t('dissatisfiedBadge'))
        : null,
      view.reopenCount > 0 && (view.status === 'acknowledged' || view.status === 'assigned')
        ? h('span', { class: 'mark yellow', id: 'redo' }, t('redoBadge', { n: view.reopenCount }))
        : null,
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
          h('dt', null, t('owner')),
          h(
            'dd',
            { id: 'case-owner' },
            view.ownerId ? (namesOf(ref).staff(view.ownerId)?.name ?? t('owner')) : t('noOwner'),
          ),
          h('dt', null, t('category')),
          h('dd', null, categoryName(ref, view.categoryCode)),
          h('dt', null, t('jurisdiction')),
          h('dd', null, jurisdictionName(ref, view.jurisdictionCode)),
          h('dt', null, t('channel')),
          h('dd', null, channelName(view.channel)),
          h('dt', null, t('petitioner')),
          petitioner,
          h('dt', null, t('replyRoute')),
          h('dd', { id: 'reply-route' }, replyRouteName(view.petitioner.replyRoute)),
        ),
        view.petitioner.anonymous ? null : reveal,
        h('h2', null, t('content')),
        h('p', { class: 'content' }, view.content),
        view.reply
          ? h('div', { class: 'reply' }, h('h2', null, commandName('reply')), h('p', null, view.reply.text))
          : null,
        surveyBox(view),
        attachmentsSection(view),
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
    view.confidential ? null : similarPanel(view, ref, reload),
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
                auditTable(await api<AuditView>(`/api/staff/cases/${view.caseId}/audit`), view, ref),
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
              'thead',
              null,
              h(
                'tr',
                null,
                [
                  t('version'),
                  t('unit'),
                  t('deliveryMethod'),
                  t('status'),
                  t('attempts'),
                  t('problem'),
                  t('at'),
                ].map((label) => h('th', null, label)),
              ),
            ),
            h(
              'tbody',
              null,
              result.deliveries.map((delivery) =>
                h(
                  'tr',
                  { class: `delivery-${delivery.status}` },
                  h('td', null, String(delivery.version)),
                  h('td', null, unitName(ref, delivery.unitId)),
                  h('td', null, deliveryMethodName(delivery.method, wordingLang())),
                  h('td', null, h('strong', null, deliveryStatusName(delivery.status, wordingLang()))),
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
  readonly events: readonly CaseEvent[];
  readonly reads: readonly {
    at: string;
    actor: { id: string; role: string; unitId?: string };
    what: string;
    detail?: string;
  }[];
}

/** The audit trail in words: each change as a sentence with its fields before and after; each read. */
function auditTable(audit: AuditView, view: View, ref: StaffReference): HTMLElement {
  const names = namesOf(ref);
  const lang = wordingLang();
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
        audit.events.map((event) => {
          const sentence = eventSentence(event, view, names, lang);
          return h(
            'tr',
            null,
            h('td', null, sentence.when),
            h('td', null, sentence.who),
            h('td', null, sentence.what, sentence.why ? h('small', null, ` ${sentence.why}`) : null),
            h(
              'td',
              null,
              h(
                'ul',
                null,
                auditLines(event, names, lang).map((line) =>
                  h('li', null, `${line.field}：${line.before} → ${line.after}`),
                ),
              ),
            ),
          );
        }),
      ),
    ),
    h('h3', null, t('reads')),
    h(
      'table',
      { class: 'reads' },
      h(
        'thead',
        null,
        h('tr', null, h('th', null, t('at')), h('th', null, t('by')), h('th', null, t('kind'))),
      ),
      h(
        'tbody',
        null,
        audit.reads.map((read) =>
          h(
            'tr',
            null,
            h('td', null, formatTime(read.at)),
            h('td', null, actorText(read.actor as CaseEvent['actor'], names, lang)),
            h('td', null, readText(read.what, lang, read.detail)),
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
  const names = namesOf(ref);
  const run = async (command: string, body: Record<string, unknown>, button?: HTMLButtonElement) => {
    if (button) button.disabled = true;
    messages.replaceChildren();
    try {
      await api(`/api/staff/cases/${view.caseId}/${actionPath[command]}`, {
        method: 'POST',
        body: { expectedVersion: view.version, ...body },
      });
    } catch (error) {
      // A conflict names who changed the case first: a person with their unit, never a login.
      if (error instanceof ApiError && typeof error.problem.changedBy === 'string')
        (error.problem as { changedBy: string }).changedBy = personText(
          error.problem.changedBy,
          names,
          wordingLang(),
        );
      // Field errors beside the open form's fields; anything else (a conflict, a refusal) in the message area.
      showFormErrors(error, fieldsOfForms(panel), messages, wordingLang(), reload);
      if (button) button.disabled = false;
      return;
    }
    // Returning, reassigning or rejecting can take the case out of the caller's scope: say so, back to the list.
    const stillVisible = await api(`/api/staff/cases/${view.caseId}`).then(
      () => true,
      (error: unknown) => !(error instanceof ApiError && (error.status === 404 || error.status === 403)),
    );
    if (stillVisible) {
      reload();
      return;
    }
    flashOnNextView(t('leftScope', { action: commandName(command) }));
    location.hash = '#/cases';
  };
  const button = (command: string) => {
    const affected = deadlineAffected[command] ?? null;
    const deadline = affected ? view.deadlines[affected] : undefined;
    const destructive = destructiveCommands.has(command);
    return h(
      'div',
      { class: 'action' },
      h(
        'button',
        {
          type: 'button',
          dataset: { action: command },
          ...(destructive ? { class: 'destructive' } : {}),
          onClick: (event: Event) => {
            const target = event.currentTarget as HTMLButtonElement;
            const form = formFor(command, view, user, ref, run);
            if (!form) {
              void run(command, {}, target);
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
  };
  // The everyday actions first; those that send the case away (不予受理, 退回) last, apart, and styled as such.
  const everyday = actions.filter((command) => !destructiveCommands.has(command));
  const sendBack = actions.filter((command) => destructiveCommands.has(command));
  return h(
    'div',
    null,
    h('div', { class: 'action-list' }, everyday.map(button)),
    sendBack.length
      ? h(
          'div',
          { class: 'action-list destructive-actions', role: 'group', 'aria-label': t('otherActions') },
          h('span', { class: 'group-label', 'aria-hidden': 'true' }, t('otherActions')),
          sendBack.map(button),
        )
      : null,
    panel,
  );
}

type Run = (command: string, body: Record<string, unknown>, button?: HTMLButtonElement) => Promise<void>;

/** A form that sends `command` with the body read from its fields when submitted (Enter or its button). */
function commandForm(
  command: string,
  run: Run,
  submit: HTMLButtonElement,
  body: () => Record<string, unknown>,
  ...children: (Node | null | undefined)[]
): HTMLFormElement {
  return h(
    'form',
    {
      class: 'stack',
      dataset: { form: command },
      onSubmit: (event: Event) => {
        event.preventDefault();
        void run(command, body(), submit);
      },
    },
    ...children,
  );
}

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
  const body = () => {
    const value = input.value.trim();
    return { ...(value || !options.optional ? { [name]: value } : {}), ...(options.extra?.() ?? {}) };
  };
  return commandForm(command, run, submit, body, ...(options.before ?? []), field(label, input), submit);
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
    case 'assignOwner':
      return ownerForm(command, view, user, run);
    case 'acknowledge':
    case 'accept':
      return null;
    case 'reply':
      return replyForm(view, user, ref, run);
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
      return commandForm(
        command,
        run,
        submit,
        () => ({ petitionType: type.value, accusedUnitId: accused.value === '' ? null : accused.value }),
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
              `${formatDuration({ amount: pending.days, unit: pending.unit ?? 'calendarDays' }, language())} · ${pending.reason} · ${personText(pending.requestedBy, namesOf(ref), wordingLang())}`,
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

function replyForm(view: View, user: SessionUser, ref: StaffReference, run: Run): HTMLElement {
  const text = h('textarea', {
    name: 'text',
    id: 'reply-text',
    rows: 8,
    required: true,
    minlength: 5,
    maxlength: 4000,
  });
  const own = h('optgroup', { label: t('unitTemplates') });
  const county = h('optgroup', { label: t('countyTemplates') });
  const picker = h(
    'select',
    { id: 'reply-template', 'aria-label': t('replyTemplate') },
    h('option', { value: '' }, t('chooseTemplate')),
  );
  const templates: ReplyTemplate[] = [];
  const optionValue = (template: ReplyTemplate) => `${template.unitId ?? ''}/${template.templateId}`;
  const offer = (template: ReplyTemplate) => {
    templates.push(template);
    const option = h('option', { value: optionValue(template) }, template.title);
    (template.unitId ? own : county).append(option);
    picker.append(...[own, county].filter((group) => group.children.length > 0));
    return option;
  };
  void api<{ items: ReplyTemplate[] }>('/api/staff/reply-templates')
    .then((result) => {
      for (const template of result.items) offer(template);
    })
    .catch(() => picker.remove());
  picker.addEventListener('change', () => {
    const chosen = templates.find((template) => optionValue(template) === picker.value);
    if (chosen) {
      const filled = fillTemplate(chosen.text, templateValues(view, namesOf(ref)));
      text.value = text.value.trim() ? `${text.value.trim()}\n${filled}` : filled;
    }
    text.focus();
  });
  const submit = h('button', { type: 'submit' }, commandName('reply'));
  const saveTemplate = user.role === 'handler' ? saveAsTemplate(text, offer) : null;
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit.click();
    }
  });
  return commandForm(
    'reply',
    run,
    submit,
    () => ({ text: text.value.trim() }),
    field(t('replyTemplate'), picker),
    field(
      t('text'),
      text,
      view.deadlines.replyBy
        ? `${t('replyBy')} ${formatDeadline(view.deadlines.replyBy)} · ${t('ctrlEnter')}`
        : t('ctrlEnter'),
    ),
    h('div', { class: 'row' }, submit, saveTemplate?.button),
    saveTemplate?.panel,
  );
}

/**
 * "存为模板": asks for the template's name, keeps the text for the unit, and offers it in the picker at once.
 * A new id per template (`t-` and the time), so saving never overwrites another one.
 */
function saveAsTemplate(
  text: HTMLTextAreaElement,
  offer: (template: ReplyTemplate) => HTMLOptionElement,
): { button: HTMLElement; panel: HTMLElement } {
  const name = h('input', { id: 'template-name', maxlength: 40 });
  // Inside the reply form: Enter saves the template, never sends the reply.
  name.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    document.getElementById('template-save')?.click();
  });
  const status = h('p', { class: 'muted', role: 'status' });
  const panel = h(
    'div',
    { class: 'stack template-save', hidden: true },
    field(t('templateName'), name),
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        {
          type: 'button',
          id: 'template-save',
          onClick: async () => {
            const title = name.value.trim();
            const value = text.value.trim();
            if (!title || value.length < 5) {
              status.textContent = t(title ? 'templateTooShort' : 'templateNameNeeded');
              return;
            }
            try {
              const saved = await api<ReplyTemplate>(
                `/api/staff/reply-templates/t-${Date.now().toString(36)}`,
                { method: 'PUT', body: { title, text: value } },
              );
              offer(saved);
              panel.hidden = true;
              name.value = '';
              button.after(h('small', { class: 'muted', role: 'status' }, t('templateSaved', { title })));
            } catch (error) {
              status.replaceChildren(errorBox(error));
            }
          },
        },
        t('saveTemplate'),
      ),
      h('button', { type: 'button', class: 'secondary', onClick: () => (panel.hidden = true) }, t('cancel')),
    ),
    status,
  );
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      id: 'save-as-template',
      onClick: () => {
        panel.hidden = false;
        name.focus();
      },
    },
    t('saveAsTemplate'),
  );
  return { button, panel };
}

/** The lead picks a person of the unit (with their load); any other handler takes the unassigned case. */
function ownerForm(command: string, view: View, user: SessionUser, run: Run): HTMLElement {
  const submit = h('button', { type: 'submit' }, user.unitLead ? t('assignOwner') : t('takeCase'));
  const select = user.unitLead
    ? h('select', { name: 'ownerId', id: 'owner-select' }, h('option', { value: '' }, t('noOwner')))
    : null;
  const problem = h('div');
  if (select)
    api<{ people: { username: string; displayName: string; open: number }[] }>('/api/staff/unit-load').then(
      (load) => {
        for (const person of load.people)
          select.append(
            h(
              'option',
              { value: person.username, selected: person.username === view.ownerId },
              `${person.displayName}（${person.open}）`,
            ),
          );
      },
      (error: unknown) => problem.replaceChildren(errorBox(error)),
    );
  return commandForm(
    command,
    run,
    submit,
    () => ({ ownerId: select ? select.value || null : user.id }),
    select ? field(t('owner'), select) : null,
    problem,
    submit,
  );
}
