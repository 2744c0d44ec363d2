import type { SlaPolicy } from '../../../../shared/domain/policy/sla-policy.ts';
import type { Catalog } from '../../../../shared/domain/reference/model.ts';
import type { StaffUser } from '../../../../shared/domain/users/model.ts';
import type { ReplyTemplate } from '../../../../shared/ports/reply-template-store.ts';
import { api } from '../api.ts';
import { clear, h } from '../dom.ts';
import { roleName, type TextKey, t } from '../i18n.ts';
import { forgetReference } from '../reference.ts';
import type { SessionUser } from '../session.ts';
import { errorBox, field, flash, loading } from '../ui.ts';
import { accountRequestsView } from './account-requests.ts';
import { receptionView } from './reception.ts';

/**
 * Administration: reference data (units, categories, towns, studios, routing rules with a dry run), SLA
 * policies, staff accounts, reply templates and the work calendar. Each list is edited one entry at a time
 * through `/api/admin/…`; the API validates (field errors come back as problem+json and show at the form).
 */

const sections = [
  'units',
  'users',
  'approvals',
  'categories',
  'policies',
  'rules',
  'studios',
  'jurisdictions',
  'templates',
  'reception',
  'calendar',
] as const satisfies readonly TextKey[];
type Section = (typeof sections)[number];

type FieldType = 'text' | 'textarea' | 'number' | 'checkbox' | 'list' | 'select' | 'duration';

interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly options?: readonly (readonly [string, string])[];
  readonly optional?: boolean;
}

type Entry = Record<string, unknown>;

interface EditorSpec {
  readonly idField: string;
  readonly columns: readonly string[];
  readonly fields: readonly FieldSpec[];
  readonly save: (id: string, value: Entry) => Promise<unknown>;
  readonly remove?: (id: string) => Promise<unknown>;
}

function control(spec: FieldSpec, value: unknown): HTMLElement {
  switch (spec.type) {
    case 'textarea':
      return h('textarea', { name: spec.name, rows: 4 }, value === undefined ? '' : String(value));
    case 'number':
      return h('input', { name: spec.name, type: 'number', value: value === undefined ? '' : String(value) });
    case 'checkbox':
      return h('input', { name: spec.name, type: 'checkbox', checked: value === true });
    case 'list':
      return h('input', { name: spec.name, value: Array.isArray(value) ? value.join(', ') : '' });
    case 'select':
      return h(
        'select',
        { name: spec.name },
        spec.optional ? h('option', { value: '' }, '—') : null,
        (spec.options ?? []).map(([optionValue, label]) =>
          h('option', { value: optionValue, selected: optionValue === value }, label),
        ),
      );
    case 'duration': {
      const duration = (value ?? {}) as { amount?: number; unit?: string };
      return h(
        'span',
        { class: 'duration', dataset: { name: spec.name } },
        h('input', {
          name: `${spec.name}.amount`,
          type: 'number',
          min: 0,
          value: duration.amount ?? '',
          'aria-label': spec.label,
        }),
        h(
          'select',
          { name: `${spec.name}.unit`, 'aria-label': spec.label },
          h(
            'option',
            { value: 'workingDays', selected: duration.unit === 'workingDays' },
            '工作日 / working days',
          ),
          h('option', { value: 'calendarDays', selected: duration.unit === 'calendarDays' }, '自然日 / days'),
        ),
      );
    }
    default:
      return h('input', { name: spec.name, value: value === undefined ? '' : String(value) });
  }
}

function readForm(form: HTMLFormElement, fields: readonly FieldSpec[]): Entry {
  const value: Entry = {};
  const element = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
  for (const spec of fields) {
    if (spec.type === 'duration') {
      const amount = element(`${spec.name}.amount`)?.value ?? '';
      if (amount === '' && spec.optional) continue;
      value[spec.name] = { amount: Number(amount), unit: element(`${spec.name}.unit`)?.value };
      continue;
    }
    const input = element(spec.name);
    if (!input) continue;
    if (spec.type === 'checkbox') value[spec.name] = input.checked;
    else if (spec.type === 'number') {
      if (input.value !== '' || !spec.optional) value[spec.name] = Number(input.value);
    } else if (spec.type === 'list')
      value[spec.name] = input.value
        .split(/[,，\s]+/)
        .map((part) => part.trim())
        .filter(Boolean);
    else if (input.value.trim() !== '' || !spec.optional) value[spec.name] = input.value.trim();
  }
  return value;
}

/** Column headers of the identifiers and read-only columns no form field labels. */
const columnLabels: Readonly<Record<string, string>> = {
  unitId: '单位',
  code: '代码',
  studioId: '工作室编号',
  ruleId: '规则编号',
  policyId: '时限规则编号',
  username: '登录名',
  templateId: '模板编号',
  key: '模板',
  nameZh: '名称',
  nameEn: '英文名称',
  contactEmail: '联系邮箱',
  delivery: '交办方式',
  confidential: '保密',
  enabled: '启用',
  disabled: '停用',
  title: '标题',
};

/** A column's header: its form field's label (without the typing hint in brackets), else its own name in words. */
function columnLabel(column: string, fields: readonly FieldSpec[]): string {
  const label = fields.find((candidate) => candidate.name === column)?.label;
  return (label ?? columnLabels[column] ?? column).replace(/（.*$/, '');
}

/** A value as people read it: an option's label, 是 / 否, lists joined; never `true`, `false` or a code. */
function cellText(value: unknown, spec: FieldSpec | undefined): string {
  const labelOf = (item: unknown) =>
    spec?.options?.find(([optionValue]) => optionValue === item)?.[1] ?? cell(item);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map(labelOf).join('、');
  return labelOf(value);
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.join('、');
  if (typeof value === 'object') {
    const duration = value as { amount?: number; unit?: string };
    if (duration.amount !== undefined)
      return `${duration.amount}${duration.unit === 'workingDays' ? ' 工作日' : ' 日'}`;
    return JSON.stringify(value);
  }
  return String(value);
}

/** A list of entries with an edit form: new entries get their id typed in; existing ones keep it. */
function editor(
  container: HTMLElement,
  entries: readonly Entry[],
  spec: EditorSpec,
  refresh: () => void,
): void {
  const formArea = h('div', { class: 'editor-form' });
  const open = (entry: Entry | null) => {
    const isNew = entry === null;
    const idInput = h('input', {
      name: spec.idField,
      value: isNew ? '' : String(entry[spec.idField]),
      readonly: !isNew,
      required: true,
    });
    const errors = h('div', { class: 'messages' });
    const controls = spec.fields.filter((candidate) => candidate.name !== spec.idField);
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'card stack',
        id: 'editor',
        onSubmit: async (event: Event) => {
          event.preventDefault();
          errors.replaceChildren();
          try {
            await spec.save(idInput.value.trim(), readForm(form, controls));
            forgetReference();
            refresh();
          } catch (error) {
            errors.replaceChildren(errorBox(error));
          }
        },
      },
      field(columnLabel(spec.idField, spec.fields), idInput),
      controls.map((candidate) => field(candidate.label, control(candidate, entry?.[candidate.name]))),
      errors,
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit' }, t('save')),
        h(
          'button',
          { type: 'button', class: 'secondary', onClick: () => formArea.replaceChildren() },
          t('cancel'),
        ),
      ),
    );
    clear(formArea, form);
    (isNew ? idInput : form.querySelector<HTMLElement>('input:not([readonly]), select, textarea'))?.focus();
  };
  clear(
    container,
    h(
      'div',
      { class: 'toolbar' },
      h('button', { type: 'button', id: 'add-entry', onClick: () => open(null) }, t('add')),
    ),
    formArea,
    h(
      'table',
      { class: 'entries' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          spec.columns.map((column) => h('th', null, columnLabel(column, spec.fields))),
          h('th', null, h('span', { class: 'sr-only' }, t('actions'))),
        ),
      ),
      h(
        'tbody',
        null,
        entries.map((entry) =>
          h(
            'tr',
            { dataset: { id: String(entry[spec.idField]) } },
            spec.columns.map((column) =>
              h(
                'td',
                // The record's identifier (a login, a code) is what the admin manages here: shown as it is.
                column === spec.idField ? { dataset: { identifier: '' } } : null,
                cellText(
                  entry[column],
                  spec.fields.find((candidate) => candidate.name === column),
                ),
              ),
            ),
            h(
              'td',
              { class: 'row' },
              h('button', { type: 'button', class: 'link', onClick: () => open(entry) }, t('edit')),
              spec.remove
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'link danger',
                      onClick: async () => {
                        if (!confirm(t('confirmDelete'))) return;
                        try {
                          await spec.remove!(String(entry[spec.idField]));
                          forgetReference();
                          refresh();
                        } catch (error) {
                          formArea.replaceChildren(errorBox(error));
                        }
                      },
                    },
                    t('delete'),
                  )
                : null,
            ),
          ),
        ),
      ),
    ),
  );
}

const put = (path: string, body: unknown) => api(path, { method: 'PUT', body });
const del = (path: string) => api(path, { method: 'DELETE' });
const refPath = (kind: string, id: string) => `/api/admin/reference/${kind}/${encodeURIComponent(id)}`;

function referenceEditor(
  kind: string,
  catalog: Catalog,
  list: readonly Entry[],
  idField: string,
  columns: string[],
  fields: FieldSpec[],
  refresh: () => void,
  container: HTMLElement,
) {
  void catalog;
  editor(
    container,
    list,
    {
      idField,
      columns,
      fields,
      save: (id, value) => put(refPath(kind, id), value),
      remove: (id) => del(refPath(kind, id)),
    },
    refresh,
  );
}

const channelOptions: readonly (readonly [string, string])[] = [
  ['web', 'web'],
  ['email', 'email'],
  ['letter', 'letter'],
  ['visit', 'visit'],
  ['open311', 'open311'],
];

export function adminView(
  outlet: HTMLElement,
  _user: SessionUser,
  requested: string,
  params = new URLSearchParams(),
): void {
  const section: Section = (sections as readonly string[]).includes(requested)
    ? (requested as Section)
    : 'units';
  const body = h('div', { class: 'admin-body', id: `admin-${section}` }, loading());
  clear(
    outlet,
    h('h1', null, `${t('admin')} · ${t(section)}`),
    h(
      'nav',
      { class: 'tabs', 'aria-label': t('admin') },
      sections.map((name) =>
        h('a', { href: `#/admin/${name}`, ...(name === section ? { 'aria-current': 'page' } : {}) }, t(name)),
      ),
    ),
    body,
  );
  const refresh = () => adminView(outlet, _user, section);
  void (async () => {
    try {
      const catalog = await api<Catalog>('/api/admin/reference');
      const unitOptions = catalog.units.map((unit) => [unit.unitId, unit.nameZh] as const);
      const studioOptions = catalog.studios.map((studio) => [studio.studioId, studio.nameZh] as const);
      const townOptions = catalog.jurisdictions.map((town) => [town.code, town.nameZh] as const);
      switch (section) {
        case 'units':
          return referenceEditor(
            'units',
            catalog,
            catalog.units,
            'unitId',
            ['unitId', 'nameZh', 'kind', 'delivery', 'contactEmail'],
            [
              { name: 'nameZh', label: '名称', type: 'text' },
              { name: 'nameEn', label: 'Name (English)', type: 'text' },
              {
                name: 'kind',
                label: t('kind'),
                type: 'select',
                options: [
                  ['department', '部门'],
                  ['serviceTeam', '服务团队'],
                  ['petitionOffice', '信访局'],
                  ['studio', '工作室'],
                ],
              },
              {
                name: 'delivery',
                label: '送达方式',
                type: 'select',
                options: [
                  ['console', '工作台'],
                  ['email', '邮件'],
                  ['webhook', '接口'],
                ],
              },
              { name: 'contactEmail', label: '邮箱', type: 'text', optional: true },
              { name: 'webhookUrl', label: 'Webhook URL', type: 'text', optional: true },
              { name: 'clearedForConfidential', label: '具备保密资质（可承办保密类别）', type: 'checkbox' },
            ],
            refresh,
            body,
          );
        case 'categories':
          return referenceEditor(
            'categories',
            catalog,
            catalog.categories,
            'code',
            ['code', 'nameZh', 'nameEn', 'confidential'],
            [
              { name: 'nameZh', label: '名称', type: 'text' },
              { name: 'nameEn', label: 'Name (English)', type: 'text' },
              { name: 'descriptionZh', label: '说明', type: 'text' },
              { name: 'confidential', label: t('confidential'), type: 'checkbox' },
            ],
            refresh,
            body,
          );
        case 'jurisdictions':
          return referenceEditor(
            'jurisdictions',
            catalog,
            catalog.jurisdictions,
            'code',
            ['code', 'nameZh', 'kind'],
            [
              { name: 'nameZh', label: '名称', type: 'text' },
              {
                name: 'kind',
                label: t('kind'),
                type: 'select',
                options: [
                  ['town', '镇'],
                  ['street', '街道'],
                  ['township', '乡'],
                ],
              },
            ],
            refresh,
            body,
          );
        case 'studios':
          return referenceEditor(
            'studios',
            catalog,
            catalog.studios,
            'studioId',
            ['studioId', 'nameZh', 'jurisdictionCode', 'triageUnitId'],
            [
              { name: 'nameZh', label: '名称', type: 'text' },
              { name: 'jurisdictionCode', label: t('jurisdiction'), type: 'select', options: townOptions },
              { name: 'address', label: '地址', type: 'text' },
              { name: 'triageUnitId', label: '分办单位', type: 'select', options: unitOptions },
            ],
            refresh,
            body,
          );
        case 'rules':
          return rulesSection(body, catalog, unitOptions, refresh);
        case 'policies':
          return policiesSection(body, refresh);
        case 'users':
          return usersSection(body, unitOptions, studioOptions, refresh);
        case 'approvals':
          return accountRequestsView(body, _user);
        case 'templates':
          return templatesSection(body, unitOptions, refresh);
        case 'calendar':
          return calendarSection(body, refresh);
        case 'reception':
          return receptionView(body, _user, params, '#/admin/reception');
      }
    } catch (error) {
      clear(body, errorBox(error));
    }
  })();
}

function rulesSection(
  body: HTMLElement,
  catalog: Catalog,
  unitOptions: readonly (readonly [string, string])[],
  refresh: () => void,
): void {
  const list = h('div');
  const dryRunArea = h('div', { class: 'card', id: 'dry-run' });
  clear(body, dryRunArea, list);
  referenceEditor(
    'routing-rules',
    catalog,
    [...catalog.routingRules].sort((a, b) => Number(a.ruleId.slice(1)) - Number(b.ruleId.slice(1))),
    'ruleId',
    ['ruleId', 'unitId', 'priority', 'categoryCodes', 'jurisdictionCodes', 'keywords', 'channels', 'enabled'],
    [
      { name: 'unitId', label: t('unit'), type: 'select', options: unitOptions },
      { name: 'priority', label: '优先级', type: 'number' },
      { name: 'categoryCodes', label: `${t('category')}（代码，逗号分隔）`, type: 'list' },
      { name: 'jurisdictionCodes', label: `${t('jurisdiction')}（代码，逗号分隔）`, type: 'list' },
      { name: 'keywords', label: '关键词（逗号分隔）', type: 'list' },
      { name: 'channels', label: `${t('channel')}（web, email, letter, visit, open311）`, type: 'list' },
      { name: 'enabled', label: '启用', type: 'checkbox' },
    ],
    refresh,
    list,
  );
  const title = h('input', { name: 'title', id: 'dry-title' });
  const content = h('textarea', { name: 'content', id: 'dry-content', rows: 2 });
  const category = h(
    'select',
    { name: 'categoryCode' },
    h('option', { value: '' }, '—'),
    catalog.categories.map((entry) => h('option', { value: entry.code }, entry.nameZh)),
  );
  const town = h(
    'select',
    { name: 'jurisdictionCode', id: 'dry-town' },
    catalog.jurisdictions.map((entry) => h('option', { value: entry.code }, entry.nameZh)),
  );
  const channel = h(
    'select',
    { name: 'channel' },
    channelOptions.map(([value, label]) => h('option', { value }, label)),
  );
  const confidential = h('input', { type: 'checkbox', name: 'confidential' });
  // A rule to check: what share of the last 30 days' cases it would take (too broad above a fifth).
  const ruleChoice = h(
    'select',
    { name: 'rule', id: 'dry-rule' },
    h('option', { value: '' }, '—'),
    catalog.routingRules.map((entry) =>
      h(
        'option',
        { value: entry.ruleId },
        `${entry.ruleId} · ${catalog.units.find((unit) => unit.unitId === entry.unitId)?.nameZh ?? entry.unitId}`,
      ),
    ),
  );
  const result = h('div', { id: 'dry-run-result', 'aria-live': 'polite' });
  clear(
    dryRunArea,
    h('h2', null, t('dryRun')),
    h(
      'form',
      {
        class: 'stack',
        onSubmit: async (event: Event) => {
          event.preventDefault();
          try {
            const rule = catalog.routingRules.find((entry) => entry.ruleId === ruleChoice.value);
            const decision = await api<{
              unitId?: string | null;
              ruleId?: string | null;
              reason?: string;
              unitName?: string | null;
              share?: { cases: number; taken: number; share: number; warning?: string };
            }>('/api/admin/routing-rules/dry-run', {
              method: 'POST',
              body: {
                ...(title.value.trim() ? { title: title.value.trim(), jurisdictionCode: town.value } : {}),
                content: content.value.trim(),
                ...(category.value ? { categoryCode: category.value } : {}),
                channel: channel.value,
                confidential: confidential.checked,
                ...(rule ? { rule } : {}),
              },
            });
            clear(
              result,
              decision.reason
                ? h(
                    'p',
                    null,
                    h('strong', null, decision.unitName ?? t('triage')),
                    ` · ${decision.ruleId ?? '—'} · ${decision.reason}`,
                  )
                : null,
              decision.share
                ? h(
                    'p',
                    { id: 'dry-run-share', class: decision.share.warning ? 'mark warn' : undefined },
                    decision.share.warning ??
                      `近 30 天 ${decision.share.cases} 件诉求中，此规则将接收 ${decision.share.taken} 件（${Math.round(decision.share.share * 100)}%）`,
                  )
                : null,
            );
          } catch (error) {
            clear(result, errorBox(error));
          }
        },
      },
      h(
        'div',
        { class: 'grid' },
        field(t('title'), title),
        field(t('category'), category),
        field(t('jurisdiction'), town),
        field(t('channel'), channel),
      ),
      field(t('content'), content),
      h('label', { class: 'check' }, confidential, t('confidential')),
      field('检验规则（近 30 天接收比例）', ruleChoice),
      h('button', { type: 'submit' }, t('dryRun')),
      result,
    ),
  );
}

function policiesSection(body: HTMLElement, refresh: () => void): void {
  void api<{ policies: SlaPolicy[]; defaults: boolean }>('/api/admin/policies').then(
    ({ policies }) =>
      editor(
        body,
        policies,
        {
          idField: 'policyId',
          columns: ['policyId', 'name', 'categoryCodes', 'channels', 'acknowledge', 'reply', 'extensionCap'],
          fields: [
            { name: 'name', label: '名称', type: 'text' },
            { name: 'categoryCodes', label: `${t('category')}（代码，逗号分隔，空 = 全部）`, type: 'list' },
            { name: 'channels', label: `${t('channel')}（逗号分隔，空 = 全部）`, type: 'list' },
            { name: 'acknowledge', label: t('acknowledgeBy'), type: 'duration' },
            { name: 'reply', label: t('replyBy'), type: 'duration' },
            { name: 'extensionCap', label: '延期上限', type: 'duration' },
            { name: 'objectionWindow', label: t('objectionUntil'), type: 'duration' },
            { name: 'surveyWindow', label: t('surveyBy'), type: 'duration' },
            { name: 'petitionTypes', label: '诉求类型（代码，逗号分隔，空 = 全部）', type: 'list' },
            { name: 'redoWindow', label: '重新办理期限', type: 'duration', optional: true },
            { name: 'reviewRequestWindow', label: '复查申请期（答复后）', type: 'duration' },
            { name: 'reviewDecision', label: '复查办理期限', type: 'duration' },
            { name: 'recheckRequestWindow', label: '复核申请期（复查意见后）', type: 'duration' },
            { name: 'recheckDecision', label: '复核办理期限', type: 'duration' },
            { name: 'reviewBody', label: '复查机关（上一级）', type: 'text' },
            { name: 'recheckBody', label: '复核机关（再上一级）', type: 'text' },
            { name: 'reminderLeadWorkingDays', label: '提前催办（工作日）', type: 'number' },
            { name: 'redCardAfter', label: '红牌（超期后）', type: 'duration' },
            { name: 'autoCloseAfter', label: '自动办结（答复后）', type: 'duration', optional: true },
          ],
          save: (id, value) => put(`/api/admin/policies/${encodeURIComponent(id)}`, value),
          remove: (id) => del(`/api/admin/policies/${encodeURIComponent(id)}`),
        },
        refresh,
      ),
    (error: unknown) => clear(body, errorBox(error)),
  );
}

let lastTemporaryPassword: string | null = null;
/** The last save waits for a second person's approval (said once, after the list is shown again). */
let pendingApproval = false;

function usersSection(
  body: HTMLElement,
  unitOptions: readonly (readonly [string, string])[],
  studioOptions: readonly (readonly [string, string])[],
  refresh: () => void,
): void {
  const secret = h('div', { class: 'secret', id: 'temporary-password', 'aria-live': 'polite' });
  const showSecret = (password: string) =>
    clear(secret, h('p', null, t('temporaryPassword'), h('code', null, password)));
  void api<{ items: StaffUser[]; directory?: 'accounts' | 'recordsOnly' }>('/api/admin/users').then(
    ({ items, directory }) => {
      // Records only: the county's identity provider keeps accounts and passwords; the admin names the subject.
      const recordsOnly = directory === 'recordsOnly';
      const list = h('div');
      clear(body, ...(recordsOnly ? [h('p', { class: 'hint' }, t('recordsOnlyNote'))] : []), secret, list);
      const roleOptions = (['handler', 'liaison', 'supervisor', 'admin'] as const).map(
        (role) => [role, roleName(role)] as const,
      );
      editor(
        list,
        items,
        {
          idField: 'username',
          columns: ['username', 'displayName', 'role', 'unitId', 'studioId', 'disabled'],
          fields: [
            { name: 'displayName', label: t('name'), type: 'text' },
            { name: 'role', label: t('role'), type: 'select', options: roleOptions },
            { name: 'unitId', label: t('unit'), type: 'select', options: unitOptions, optional: true },
            { name: 'studioId', label: t('studios'), type: 'select', options: studioOptions, optional: true },
            { name: 'email', label: 'E-mail', type: 'text', optional: true },
            { name: 'clearedForConfidential', label: t('clearedForConfidential'), type: 'checkbox' },
            { name: 'unitLead', label: t('unitLead'), type: 'checkbox' },
            { name: 'disabled', label: t('disabled'), type: 'checkbox' },
            ...(recordsOnly
              ? [{ name: 'subject', label: t('providerSubject'), type: 'text' as const, optional: true }]
              : []),
          ],
          save: async (username, value) => {
            if (items.some((user) => user.username === username)) {
              const changed = await api<{ request?: unknown }>(
                `/api/admin/users/${encodeURIComponent(username)}`,
                {
                  method: 'PATCH',
                  body: {
                    displayName: value.displayName,
                    role: value.role,
                    unitId: value.unitId ?? null,
                    studioId: value.studioId ?? null,
                    email: value.email ?? null,
                    // Only supervisors are cleared; another role drops a clearance it had.
                    clearedForConfidential:
                      value.role === 'supervisor' ? value.clearedForConfidential === true : null,
                    // Only handlers lead a unit; another role drops the mark.
                    unitLead: value.role === 'handler' ? value.unitLead === true : null,
                    disabled: value.disabled,
                  },
                },
              );
              pendingApproval = changed.request !== undefined;
              return changed;
            }
            const { disabled: _disabled, clearedForConfidential, unitLead, ...profile } = value;
            const created = await api<{ temporaryPassword?: string; request?: unknown }>('/api/admin/users', {
              method: 'POST',
              body: {
                username,
                ...profile,
                ...(profile.role === 'supervisor' && clearedForConfidential === true
                  ? { clearedForConfidential: true }
                  : {}),
                ...(profile.role === 'handler' && unitLead === true ? { unitLead: true } : {}),
              },
            });
            // An account that reads personal data waits for a second person; its password comes at approval.
            lastTemporaryPassword = created.temporaryPassword ?? null;
            pendingApproval = created.request !== undefined;
            return created;
          },
        },
        () => {
          refresh();
        },
      );
      // Reset password: one button per row, added to the editor's rows (the provider's job when records only).
      for (const row of recordsOnly ? [] : list.querySelectorAll<HTMLTableRowElement>('tbody tr')) {
        const username = row.dataset.id!;
        row.lastElementChild?.append(
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onClick: async () => {
                try {
                  const reset = await api<{ temporaryPassword?: string }>(
                    `/api/admin/users/${encodeURIComponent(username)}/reset-password`,
                    { method: 'POST' },
                  );
                  if (reset.temporaryPassword) showSecret(reset.temporaryPassword);
                  else clear(secret, h('p', { role: 'status' }, t('sentForApproval')));
                } catch (error) {
                  clear(secret, errorBox(error));
                }
              },
            },
            t('resetPassword'),
          ),
        );
      }
      // Shown once, right after the account was created, and then forgotten.
      if (lastTemporaryPassword) showSecret(lastTemporaryPassword);
      else if (pendingApproval) clear(secret, h('p', { role: 'status' }, t('sentForApproval')));
      lastTemporaryPassword = null;
      pendingApproval = false;
    },
    (error: unknown) => clear(body, errorBox(error)),
  );
}

function templatesSection(
  body: HTMLElement,
  unitOptions: readonly (readonly [string, string])[],
  refresh: () => void,
): void {
  void api<{ items: ReplyTemplate[] }>('/api/staff/reply-templates').then(
    ({ items }) => {
      const entries = items.map((template) => ({
        ...template,
        key: `${template.unitId ?? '*'}:${template.templateId}`,
      }));
      editor(
        body,
        entries,
        {
          idField: 'key',
          columns: ['templateId', 'unitId', 'title'],
          fields: [
            {
              name: 'unitId',
              label: `${t('unit')}（空 = 全县通用）`,
              type: 'select',
              options: unitOptions,
              optional: true,
            },
            { name: 'title', label: t('title'), type: 'text' },
            { name: 'text', label: t('text'), type: 'textarea' },
          ],
          save: (key, value) => {
            const templateId = key.includes(':') ? key.split(':')[1]! : key;
            return put(`/api/staff/reply-templates/${encodeURIComponent(templateId)}`, {
              ...value,
              unitId: value.unitId ?? null,
            });
          },
          remove: (key) => {
            const [unit, templateId] = key.split(':');
            return del(
              `/api/staff/reply-templates/${encodeURIComponent(templateId!)}${unit && unit !== '*' ? `?unitId=${unit}` : ''}`,
            );
          },
        },
        refresh,
      );
    },
    (error: unknown) => clear(body, errorBox(error)),
  );
}

interface CalendarOverview {
  readonly overrides: readonly { date: string; kind: 'workday' | 'holiday'; name?: string }[];
  readonly officialYears: readonly number[];
  readonly provisionalYears: readonly number[];
}

function calendarSection(body: HTMLElement, refresh: () => void): void {
  void api<CalendarOverview>('/api/admin/calendar').then(
    (overview) => {
      const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
      const date = h('input', { type: 'date', name: 'date', id: 'override-date', required: true });
      const kind = h(
        'select',
        { name: 'kind' },
        h('option', { value: 'holiday' }, t('holiday')),
        h('option', { value: 'workday' }, t('workday')),
      );
      const name = h('input', { name: 'name', maxlength: 20 });
      const year = h('input', {
        type: 'number',
        name: 'year',
        id: 'official-year',
        value: new Date().getFullYear() + 1,
        min: 1901,
        max: 2099,
      });
      const days = h('textarea', {
        name: 'days',
        id: 'official-days',
        rows: 8,
        placeholder: '2027-02-05 holiday 春节\n2027-02-14 workday 春节',
      });
      clear(
        body,
        overview.provisionalYears.length > 0
          ? h(
              'p',
              { class: 'warning', id: 'provisional-warning', role: 'alert' },
              t('provisionalWarning', { years: overview.provisionalYears.join('、') }),
            )
          : null,
        messages,
        h('p', null, `${t('officialYears')}：${overview.officialYears.join('、') || '—'}`),
        h(
          'form',
          {
            class: 'card toolbar',
            onSubmit: async (event: Event) => {
              event.preventDefault();
              try {
                await put(`/api/admin/calendar/overrides/${date.value}`, {
                  kind: kind.value,
                  ...(name.value.trim() ? { name: name.value.trim() } : {}),
                });
                refresh();
              } catch (error) {
                messages.replaceChildren(errorBox(error));
              }
            },
          },
          field(t('date'), date),
          field(t('kind'), kind),
          field(t('name'), name),
          h('button', { type: 'submit' }, t('add')),
        ),
        h(
          'table',
          { class: 'entries' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, t('date')),
              h('th', null, t('kind')),
              h('th', null, t('name')),
              h('th', null, h('span', { class: 'sr-only' }, t('actions'))),
            ),
          ),
          h(
            'tbody',
            null,
            overview.overrides.map((override) =>
              h(
                'tr',
                null,
                h('td', null, override.date),
                h('td', null, override.kind === 'holiday' ? t('holiday') : t('workday')),
                h('td', null, override.name ?? ''),
                h(
                  'td',
                  null,
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'link danger',
                      onClick: async () => {
                        try {
                          await del(`/api/admin/calendar/overrides/${override.date}`);
                          refresh();
                        } catch (error) {
                          messages.replaceChildren(errorBox(error));
                        }
                      },
                    },
                    t('delete'),
                  ),
                ),
              ),
            ),
          ),
        ),
        h(
          'form',
          {
            class: 'card stack',
            id: 'official-form',
            onSubmit: async (event: Event) => {
              event.preventDefault();
              const parsed = days.value
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean)
                .map((line) => {
                  const [day = '', dayKind = '', ...rest] = line.split(/\s+/);
                  return {
                    date: day,
                    kind: dayKindOf(dayKind),
                    ...(rest.length ? { name: rest.join(' ') } : {}),
                  };
                });
              try {
                const result = await api<{ recomputed: number }>('/api/admin/calendar/official-years', {
                  method: 'POST',
                  body: { year: Number(year.value), days: parsed },
                });
                refresh();
                flash(body, t('recomputed', { n: result.recomputed }));
              } catch (error) {
                messages.replaceChildren(errorBox(error));
              }
            },
          },
          h('h2', null, t('enterOfficialYear')),
          field(t('year'), year),
          field(t('officialDays'), days),
          h('button', { type: 'submit' }, t('save')),
        ),
      );
    },
    (error: unknown) => clear(body, errorBox(error)),
  );
}

/** A line's day kind as clerks type it (放假 / 上班, or the English words); anything else reaches the API's check. */
function dayKindOf(word: string): string {
  const kinds: Record<string, string> = {
    '': 'holiday',
    放假: 'holiday',
    上班: 'workday',
    调休上班: 'workday',
    holiday: 'holiday',
    workday: 'workday',
  };
  return kinds[word.toLowerCase()] ?? word;
}
