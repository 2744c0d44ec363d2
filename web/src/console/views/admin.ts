import { petitionTypes } from '../../../../shared/domain/case/petition-types.ts';
import { type Names, petitionTypeName } from '../../../../shared/domain/case/wording.ts';
import type { SlaPolicy } from '../../../../shared/domain/policy/sla-policy.ts';
import type { Catalog } from '../../../../shared/domain/reference/model.ts';
import type { StaffUser } from '../../../../shared/domain/users/model.ts';
import type { ReplyTemplate } from '../../../../shared/ports/reply-template-store.ts';
import { type DryRunDecision, dryRunLines, editedEntry, generatedId, nextRuleId } from '../admin-forms.ts';
import { api } from '../api.ts';
import { clear, h } from '../dom.ts';
import { clearFieldErrors, type FormField, showFormErrors } from '../field-errors.ts';
import { channelName, language, roleName, type TextKey, t } from '../i18n.ts';
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

type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'checkbox'
  | 'list'
  | 'select'
  | 'multi'
  | 'tristate'
  | 'duration';

type Options = readonly (readonly [string, string])[];

interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** The choices of a select, a multi-select (checkboxes) or a three-way choice (value '' = not set). */
  readonly options?: Options;
  readonly optional?: boolean;
  /** One line under the field saying how to fill it. */
  readonly hint?: string;
}

type Entry = Record<string, unknown>;

interface EditorSpec {
  readonly idField: string;
  readonly columns: readonly string[];
  readonly fields: readonly FieldSpec[];
  /**
   * A new entry's id, generated (../admin-forms.ts says which lists generate theirs); without it the admin types
   * the id (a login, or a code residents' clients send), labelled `idLabel` with `idHint`.
   */
  readonly newId?: (entries: readonly Entry[]) => string;
  readonly idHint?: string;
  /** A new entry's values before the admin changes any (a new routing rule is switched on). */
  readonly defaults?: Entry;
  /** Keep the entry's fields the form does not show when saving an edit (reference data: see editedEntry). */
  readonly keepUnlisted?: boolean;
  /** `isNew`: a new entry, which must not replace one that has the same id meanwhile. */
  readonly save: (id: string, value: Entry, isNew: boolean) => Promise<unknown>;
  readonly remove?: (id: string) => Promise<unknown>;
  /** More of the form after its fields (the routing rule's status line and dry run). */
  readonly extra?: (form: HTMLFormElement, read: () => Entry, id: () => string) => HTMLElement;
}

/** One field of an editor form: what is laid out, what gets focus and the invalid mark, and its message. */
interface FieldBlock {
  readonly block: HTMLElement;
  readonly field: FormField;
}

let fieldCount = 0;

function fieldBlock(spec: FieldSpec, value: unknown): FieldBlock {
  const id = `ed-${spec.name.replace(/\W/g, '-')}-${++fieldCount}`;
  const message = h('small', { class: 'field-error', id: `${id}-error`, 'aria-live': 'polite' });
  const hint = spec.hint ? h('small', { class: 'hint', id: `${id}-hint` }, spec.hint) : null;
  const describedBy = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  const labelled = (input: HTMLElement): FieldBlock => ({
    block: h('div', { class: 'field' }, h('label', { for: id }, spec.label), input, hint, message),
    field: { input, message },
  });
  switch (spec.type) {
    case 'textarea':
      return labelled(
        h(
          'textarea',
          { id, name: spec.name, rows: 4, 'aria-describedby': describedBy },
          value === undefined ? '' : String(value),
        ),
      );
    case 'number':
      return labelled(
        h('input', {
          id,
          name: spec.name,
          type: 'number',
          value: value === undefined ? '' : String(value),
          'aria-describedby': describedBy,
        }),
      );
    case 'checkbox': {
      const input = h('input', {
        id,
        name: spec.name,
        type: 'checkbox',
        checked: value === true,
        'aria-describedby': describedBy,
      });
      return {
        block: h(
          'div',
          { class: 'field' },
          h('label', { class: 'check', for: id }, input, spec.label),
          hint,
          message,
        ),
        field: { input, message },
      };
    }
    case 'list':
      return labelled(
        h('input', {
          id,
          name: spec.name,
          value: Array.isArray(value) ? value.join('，') : '',
          'aria-describedby': describedBy,
        }),
      );
    case 'select':
    case 'tristate': {
      const current = spec.type === 'tristate' ? (value === undefined ? '' : String(value)) : value;
      return labelled(
        h(
          'select',
          { id, name: spec.name, 'aria-describedby': describedBy },
          spec.optional && spec.type === 'select' ? h('option', { value: '' }, '（不指定）') : null,
          (spec.options ?? []).map(([optionValue, label]) =>
            h('option', { value: optionValue, selected: optionValue === current }, label),
          ),
        ),
      );
    }
    case 'multi': {
      // A picker of several: one checkbox per choice, the group named by its legend.
      const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
      const boxes = (spec.options ?? []).map(([optionValue, label], index) => {
        const box = h('input', {
          id: `${id}-${index}`,
          name: spec.name,
          type: 'checkbox',
          value: optionValue,
          checked: chosen.has(optionValue),
        });
        return h('label', { class: 'check', for: box.id }, box, label);
      });
      const group = h(
        'fieldset',
        { class: 'picker', id, 'aria-describedby': describedBy },
        h('legend', null, spec.label),
        h('div', { class: 'choices' }, boxes),
        hint,
        message,
      );
      return {
        block: group,
        field: { input: boxes[0]?.querySelector('input') ?? group, message },
      };
    }
    case 'duration': {
      const duration = (value ?? {}) as { amount?: number; unit?: string };
      const amount = h('input', {
        id,
        name: `${spec.name}.amount`,
        type: 'number',
        min: 0,
        value: duration.amount ?? '',
        'aria-describedby': describedBy,
      });
      return {
        block: h(
          'div',
          { class: 'field' },
          h('label', { for: id }, spec.label),
          h(
            'span',
            { class: 'duration' },
            amount,
            h(
              'select',
              { name: `${spec.name}.unit`, 'aria-label': `${spec.label}（计日方式）` },
              h('option', { value: 'workingDays', selected: duration.unit === 'workingDays' }, '工作日'),
              h('option', { value: 'calendarDays', selected: duration.unit === 'calendarDays' }, '自然日'),
            ),
          ),
          hint,
          message,
        ),
        field: { input: amount, message },
      };
    }
    default:
      return labelled(
        h('input', {
          id,
          name: spec.name,
          value: value === undefined ? '' : String(value),
          'aria-describedby': describedBy,
        }),
      );
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
    if (spec.type === 'multi') {
      value[spec.name] = [
        ...form.querySelectorAll<HTMLInputElement>(`input[name="${spec.name}"]:checked`),
      ].map((box) => box.value);
      continue;
    }
    const input = element(spec.name);
    if (!input) continue;
    if (spec.type === 'checkbox') value[spec.name] = input.checked;
    else if (spec.type === 'tristate') {
      if (input.value !== '') value[spec.name] = input.value === 'true';
    } else if (spec.type === 'number') {
      if (input.value !== '' || !spec.optional) value[spec.name] = Number(input.value);
    } else if (spec.type === 'list')
      value[spec.name] = input.value
        .split(/[,，、;；\s]+/)
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
  studioId: '工作室',
  ruleId: '规则编号',
  policyId: '时限规则',
  username: '登录名',
  templateId: '模板',
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
    spec?.options?.find(([optionValue]) => optionValue === String(item))?.[1] ?? cell(item);
  if (typeof value === 'boolean' && spec?.type !== 'tristate') return value ? '是' : '否';
  if (value === undefined && spec?.type === 'checkbox') return '否';
  if (Array.isArray(value))
    return value.length === 0 && spec?.type === 'multi' ? '不限' : value.map(labelOf).join('、');
  if (value === undefined && spec?.type === 'tristate') return spec.options?.[0]?.[1] ?? '';
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

/**
 * A list of entries with an edit form. Labels are Chinese, several-of fields are pickers, each field shows its
 * own error from the API (./field-errors.ts), and a new entry's id is generated unless people type it.
 */
function editor(
  container: HTMLElement,
  entries: readonly Entry[],
  spec: EditorSpec,
  refresh: () => void,
): void {
  const formArea = h('div', { class: 'editor-form' });
  const open = (entry: Entry | null) => {
    const isNew = entry === null;
    const typedId = isNew && !spec.newId;
    const generated = isNew && spec.newId ? spec.newId(entries) : null;
    const idBlock = fieldBlock(
      {
        name: spec.idField,
        label: columnLabel(spec.idField, spec.fields),
        type: 'text',
        ...(spec.idHint ? { hint: spec.idHint } : {}),
      },
      isNew ? (generated ?? '') : entry[spec.idField],
    );
    const idInput = idBlock.field.input as HTMLInputElement;
    idInput.required = typedId;
    idInput.readOnly = !typedId;
    const errors = h('div', { class: 'messages' });
    const controls = spec.fields.filter((candidate) => candidate.name !== spec.idField);
    const blocks = controls.map((candidate) =>
      fieldBlock(candidate, (entry ?? spec.defaults)?.[candidate.name]),
    );
    const fields: Record<string, FormField> = Object.fromEntries([
      [spec.idField, idBlock.field],
      ...controls.map((candidate, index) => [candidate.name, blocks[index]!.field] as const),
    ]);
    const id = () => idInput.value.trim();
    const read = () =>
      spec.keepUnlisted
        ? editedEntry(
            entry,
            controls.map((candidate) => candidate.name),
            readForm(form, controls),
          )
        : readForm(form, controls);
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'card stack',
        id: 'editor',
        noValidate: true,
        onSubmit: async (event: Event) => {
          event.preventDefault();
          errors.replaceChildren();
          clearFieldErrors(fields);
          try {
            await spec.save(id(), read(), isNew);
            forgetReference();
            refresh();
          } catch (error) {
            showFormErrors(error, fields, errors, lang());
          }
        },
      },
      h('h2', null, isNew ? t('add') : t('edit')),
      // A generated id is the system's business until the entry exists; a rule's number is shown (the case
      // record names the rule that routed it).
      typedId || !isNew || spec.idField === 'ruleId' ? idBlock.block : null,
      blocks.map((block) => block.block),
    );
    if (spec.extra) form.append(spec.extra(form, read, id));
    form.append(
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
    (typedId ? idInput : form.querySelector<HTMLElement>('input:not([readonly]), select, textarea'))?.focus();
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
const lang = () => (language() === 'en' ? 'en' : 'zh');

/** One list of the catalog: saved and deleted through `/api/admin/reference/{kind}/{id}`. */
function referenceEditor(
  kind: string,
  list: readonly Entry[],
  spec: Omit<EditorSpec, 'save' | 'remove' | 'keepUnlisted'>,
  refresh: () => void,
  container: HTMLElement,
) {
  editor(
    container,
    list,
    {
      ...spec,
      keepUnlisted: true,
      // A new entry is created only if its id is free (409 otherwise): two administrators adding a rule at
      // once pick the same next number, and a typed code may already exist.
      save: (id, value, isNew) => put(`${refPath(kind, id)}${isNew ? '?create=true' : ''}`, value),
      remove: (id) => del(refPath(kind, id)),
    },
    refresh,
  );
}

/** An id generator over one list's ids (../admin-forms.ts). */
const generate = (prefix: string, idField: string) => (entries: readonly Entry[]) =>
  generatedId(
    prefix,
    entries.map((entry) => String(entry[idField])),
  );

const CODE_HINT = '小写字母、数字和连字符（2–40 个字符）；公众表单和 12345热线接口用它指明此项，保存后不能改';

const channelOptions: Options = (['web', 'email', 'letter', 'visit', 'open311'] as const).map(
  (channel) => [channel, channelName(channel)] as const,
);

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
            catalog.units,
            {
              idField: 'unitId',
              newId: generate('unit', 'unitId'),
              columns: ['nameZh', 'kind', 'delivery', 'contactEmail', 'clearedForConfidential'],
              fields: [
                { name: 'nameZh', label: '名称', type: 'text' },
                { name: 'nameEn', label: '英文名称', type: 'text', hint: '英文版页面和对外接口显示' },
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
                  label: '交办方式',
                  type: 'select',
                  options: [
                    ['console', '工作台'],
                    ['email', '工作台和邮件'],
                    ['webhook', '工作台和单位自有系统'],
                  ],
                  hint: '新交办的诉求总在工作台出现；也可另发邮件或推送到单位自有系统',
                },
                { name: 'contactEmail', label: '联系邮箱', type: 'text', optional: true },
                {
                  name: 'webhookUrl',
                  label: '单位系统接收地址',
                  type: 'text',
                  optional: true,
                  hint: '交办方式为“单位自有系统”时填写，以 https:// 开头',
                },
                { name: 'clearedForConfidential', label: '具备保密资质（可承办保密类别）', type: 'checkbox' },
              ],
            },
            refresh,
            body,
          );
        case 'categories':
          return referenceEditor(
            'categories',
            catalog.categories,
            {
              idField: 'code',
              idHint: CODE_HINT,
              columns: ['code', 'nameZh', 'nameEn', 'confidential'],
              fields: [
                { name: 'nameZh', label: '名称', type: 'text' },
                { name: 'nameEn', label: '英文名称', type: 'text' },
                {
                  name: 'descriptionZh',
                  label: '说明',
                  type: 'text',
                  hint: '公众表单上显示在类别下方的一句话',
                },
                { name: 'confidential', label: t('confidential'), type: 'checkbox' },
              ],
            },
            refresh,
            body,
          );
        case 'jurisdictions':
          return referenceEditor(
            'jurisdictions',
            catalog.jurisdictions,
            {
              idField: 'code',
              idHint: CODE_HINT,
              columns: ['code', 'nameZh', 'kind'],
              fields: [
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
            },
            refresh,
            body,
          );
        case 'studios':
          return referenceEditor(
            'studios',
            catalog.studios,
            {
              idField: 'studioId',
              newId: generate('studio', 'studioId'),
              columns: ['nameZh', 'jurisdictionCode', 'address', 'triageUnitId'],
              fields: [
                { name: 'nameZh', label: '名称', type: 'text' },
                { name: 'jurisdictionCode', label: t('jurisdiction'), type: 'select', options: townOptions },
                { name: 'address', label: '地址', type: 'text' },
                {
                  name: 'triageUnitId',
                  label: '分办单位',
                  type: 'select',
                  options: unitOptions,
                  hint: '没有匹配分派规则的诉求由此单位人工分办（首接负责制）',
                },
              ],
            },
            refresh,
            body,
          );
        case 'rules':
          return rulesSection(body, catalog, unitOptions, refresh);
        case 'policies':
          return policiesSection(body, catalog, refresh);
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

/** Names for the dry run's sentence, from the catalog the admin page loaded. */
function catalogNames(catalog: Catalog): Names {
  return {
    unit: (unitId) => catalog.units.find((unit) => unit.unitId === unitId)?.nameZh,
    staff: () => undefined,
    category: (code) => catalog.categories.find((category) => category.code === code)?.nameZh,
    jurisdiction: (code) => catalog.jurisdictions.find((town) => town.code === code)?.nameZh,
  };
}

/**
 * The sample case of a dry run (title, text, category, town, channel) and where its answer shows; `draft`
 * gives the rule being edited (tried as if saved), or null for the rules as they are.
 */
function dryRunPanel(
  catalog: Catalog,
  prefix: string,
  heading: string | null,
  draft: () => Entry | null,
  draftId: () => string | null,
): HTMLElement {
  const title = h('input', { name: 'title', id: `${prefix}-title` });
  const content = h('textarea', { name: 'content', id: `${prefix}-content`, rows: 2 });
  const category = h(
    'select',
    { name: 'categoryCode', id: `${prefix}-category` },
    h('option', { value: '' }, '（不指定）'),
    catalog.categories.map((entry) => h('option', { value: entry.code }, entry.nameZh)),
  );
  const town = h(
    'select',
    { name: 'jurisdictionCode', id: `${prefix}-town` },
    catalog.jurisdictions.map((entry) => h('option', { value: entry.code }, entry.nameZh)),
  );
  const channel = h(
    'select',
    { name: 'channel', id: `${prefix}-channel` },
    channelOptions.map(([value, label]) => h('option', { value }, label)),
  );
  const confidential = h('input', { type: 'checkbox', name: 'confidential', id: `${prefix}-confidential` });
  const message = () => h('small', { class: 'field-error', 'aria-live': 'polite' });
  const sampleFields: Record<string, FormField> = {
    title: { input: title, message: message() },
    content: { input: content, message: message() },
  };
  const errors = h('div', { class: 'messages' });
  const result = h('div', { id: `${prefix}-result`, 'aria-live': 'polite' });
  const run = async () => {
    errors.replaceChildren();
    result.replaceChildren();
    clearFieldErrors(sampleFields);
    const drafted = draft();
    const rule = drafted ? { ...drafted, ruleId: draftId() } : undefined;
    const sample = {
      ...(category.value ? { categoryCode: category.value } : {}),
      jurisdictionCode: town.value,
    };
    try {
      const decision = await api<DryRunDecision>('/api/admin/routing-rules/dry-run', {
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
        dryRunLines(decision, sample, catalogNames(catalog), rule ? draftId() : null, lang()).map((line) =>
          h('p', { class: decision.share?.warning === line ? 'mark warn' : undefined }, line),
        ),
      );
    } catch (error) {
      // The draft rule's own errors belong to the rule's fields above: they are shown by saving; here in words.
      showFormErrors(error, sampleFields, errors, lang());
    }
  };
  return h(
    'div',
    { class: 'stack dry-run', id: prefix },
    heading ? h('h3', null, heading) : null,
    h('p', { class: 'hint' }, '填一件假设的诉求，看分派规则会把它交给哪个单位、为什么；不会保存任何内容。'),
    h(
      'div',
      { class: 'grid' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: title.id }, t('title')),
        title,
        sampleFields.title!.message,
      ),
      field(t('category'), category),
      field(t('jurisdiction'), town),
      field(t('channel'), channel),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: content.id }, t('content')),
      content,
      sampleFields.content!.message,
    ),
    h('label', { class: 'check', for: confidential.id }, confidential, '保密诉求'),
    errors,
    h(
      'button',
      { type: 'button', class: 'secondary', id: `${prefix}-go`, onClick: () => void run() },
      '试算',
    ),
    result,
  );
}

function rulesSection(body: HTMLElement, catalog: Catalog, unitOptions: Options, refresh: () => void): void {
  const list = h('div');
  const dryRunArea = h('section', { class: 'card', id: 'dry-run' });
  clear(body, list, dryRunArea);
  const byNumber = (a: { ruleId: string }, b: { ruleId: string }) =>
    Number(a.ruleId.slice(1)) - Number(b.ruleId.slice(1));
  referenceEditor(
    'routing-rules',
    [...catalog.routingRules].sort(byNumber),
    {
      idField: 'ruleId',
      newId: (entries) => nextRuleId(entries.map((entry) => String(entry.ruleId))),
      defaults: { enabled: true, priority: 50 },
      columns: [
        'ruleId',
        'unitId',
        'priority',
        'categoryCodes',
        'jurisdictionCodes',
        'keywords',
        'channels',
        'enabled',
      ],
      fields: [
        { name: 'unitId', label: '交给单位', type: 'select', options: unitOptions },
        {
          name: 'priority',
          label: '优先级',
          type: 'number',
          hint: '0–1000，数字大的优先；同级时匹配条件多的优先，再按规则编号',
        },
        {
          name: 'categoryCodes',
          label: '类别',
          type: 'multi',
          options: catalog.categories.map((entry) => [entry.code, entry.nameZh] as const),
          hint: '不选 = 不限类别',
        },
        {
          name: 'jurisdictionCodes',
          label: '镇街',
          type: 'multi',
          options: catalog.jurisdictions.map((entry) => [entry.code, entry.nameZh] as const),
          hint: '不选 = 不限镇街',
        },
        {
          name: 'keywords',
          label: '关键词',
          type: 'list',
          hint: '多个关键词用逗号或空格分开；标题或内容含其中任一个即匹配；每个至少 2 个字',
        },
        {
          name: 'channels',
          label: '来源渠道',
          type: 'multi',
          options: channelOptions,
          hint: '不选 = 不限渠道',
        },
        {
          name: 'confidential',
          label: '保密诉求',
          type: 'tristate',
          options: [
            ['', '不限'],
            ['true', '仅保密诉求'],
            ['false', '仅非保密诉求'],
          ],
        },
        { name: 'enabled', label: '启用', type: 'checkbox' },
      ],
      extra: (form, read, id) => {
        const enabled = form.elements.namedItem('enabled') as HTMLInputElement;
        const status = h('p', { id: 'rule-status', class: 'rule-status', role: 'status' });
        const say = () => {
          status.textContent = enabled.checked
            ? '此规则已启用：保存后半分钟内开始参与分派。'
            : '此规则已停用：保存后不参与分派，可随时再启用。';
          status.dataset.enabled = String(enabled.checked);
        };
        enabled.addEventListener('change', say);
        say();
        return h(
          'div',
          null,
          status,
          dryRunPanel(catalog, 'rule-try', '试一试：这条规则会把诉求交给谁', read, id),
        );
      },
    },
    refresh,
    list,
  );
  // The rules as they are: where would this case go now; and what share of recent cases one rule takes.
  const ruleChoice = h(
    'select',
    { name: 'rule', id: 'dry-rule' },
    h('option', { value: '' }, '（不检验）'),
    [...catalog.routingRules]
      .sort(byNumber)
      .map((entry) =>
        h(
          'option',
          { value: entry.ruleId },
          `${entry.ruleId} · ${catalog.units.find((unit) => unit.unitId === entry.unitId)?.nameZh ?? ''}`,
        ),
      ),
  );
  const panel = dryRunPanel(
    catalog,
    'dry',
    null,
    () => catalog.routingRules.find((entry) => entry.ruleId === ruleChoice.value) ?? null,
    () => ruleChoice.value || null,
  );
  const runButton = panel.querySelector('button');
  runButton?.before(field('检验规则（近 30 天接收比例）', ruleChoice));
  clear(dryRunArea, h('h2', null, t('dryRun')), panel);
}

function policiesSection(body: HTMLElement, catalog: Catalog, refresh: () => void): void {
  void api<{ policies: SlaPolicy[]; defaults: boolean }>('/api/admin/policies').then(
    ({ policies }) =>
      editor(
        body,
        policies,
        {
          idField: 'policyId',
          newId: generate('policy', 'policyId'),
          columns: ['name', 'categoryCodes', 'channels', 'acknowledge', 'reply', 'extensionCap'],
          fields: [
            { name: 'name', label: '名称', type: 'text' },
            {
              name: 'categoryCodes',
              label: '类别',
              type: 'multi',
              options: catalog.categories.map((entry) => [entry.code, entry.nameZh] as const),
              hint: '不选 = 全部类别',
            },
            {
              name: 'channels',
              label: '来源渠道',
              type: 'multi',
              options: channelOptions,
              hint: '不选 = 全部渠道',
            },
            { name: 'acknowledge', label: t('acknowledgeBy'), type: 'duration' },
            { name: 'reply', label: t('replyBy'), type: 'duration' },
            { name: 'extensionCap', label: '延期上限', type: 'duration' },
            { name: 'objectionWindow', label: t('objectionUntil'), type: 'duration' },
            { name: 'surveyWindow', label: t('surveyBy'), type: 'duration' },
            {
              name: 'petitionTypes',
              label: '诉求类型',
              type: 'multi',
              options: petitionTypes.map((type) => [type, petitionTypeName(type)] as const),
              hint: '不选 = 全部类型',
            },
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
          idHint: '本人登录用的名字：小写字母、数字和连字符（3–60 个字符），保存后不能改',
          columns: ['username', 'displayName', 'role', 'unitId', 'studioId', 'disabled'],
          fields: [
            { name: 'displayName', label: t('name'), type: 'text' },
            { name: 'role', label: t('role'), type: 'select', options: roleOptions },
            { name: 'unitId', label: t('unit'), type: 'select', options: unitOptions, optional: true },
            { name: 'studioId', label: t('studios'), type: 'select', options: studioOptions, optional: true },
            { name: 'email', label: '电子邮箱', type: 'text', optional: true },
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
          newId: () =>
            generatedId(
              'tpl',
              items.map((template) => template.templateId),
            ),
          columns: ['title', 'unitId'],
          fields: [
            { name: 'title', label: '模板名称', type: 'text' },
            {
              name: 'unitId',
              label: '适用单位',
              type: 'select',
              options: unitOptions,
              optional: true,
              hint: '不指定 = 全县通用',
            },
            {
              name: 'text',
              label: t('text'),
              type: 'textarea',
              hint: '可用占位：{诉求人}（打码的姓名）、{办理期限}、{承办单位}、{跟踪码}',
            },
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
      const message = () => h('small', { class: 'field-error', 'aria-live': 'polite' });
      const overrideFields: Record<string, FormField> = {
        date: { input: date, message: message() },
        kind: { input: kind, message: message() },
        name: { input: name, message: message() },
      };
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
        placeholder: '2027-02-05 放假 春节\n2027-02-14 上班 春节',
      });
      const officialFields: Record<string, FormField> = {
        year: { input: year, message: message() },
        days: { input: days, message: message() },
      };
      /** A control with its label and the message its API field errors go to. */
      const withMessage = (label: string, entry: FormField) =>
        h(
          'div',
          { class: 'field' },
          field(label, entry.input).querySelector('label'),
          entry.input,
          entry.message,
        );
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
                showFormErrors(error, overrideFields, messages, lang());
              }
            },
          },
          withMessage(t('date'), overrideFields.date!),
          withMessage(t('kind'), overrideFields.kind!),
          withMessage(t('name'), overrideFields.name!),
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
                showFormErrors(error, officialFields, messages, lang());
              }
            },
          },
          h('h2', null, t('enterOfficialYear')),
          withMessage(t('year'), officialFields.year!),
          withMessage(t('officialDays'), officialFields.days!),
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
