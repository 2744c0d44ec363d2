import type { ListedCase, Page } from '../../../../shared/ports/case-store.ts';
import { api, download, query } from '../api.ts';
import { clear, h } from '../dom.ts';
import { currentMonth, formatDeadline, timeLeft } from '../format.ts';
import { statusName, t } from '../i18n.ts';
import { nextDeadline, urgency } from '../model.ts';
import { categoryName, reference, type StaffReference, unitName } from '../reference.ts';
import type { SessionUser } from '../session.ts';
import { errorBox, loading, showPendingFlash } from '../ui.ts';

/**
 * The inbox and every list derived from it: a unit's cases by state (handlers), all units with a unit filter
 * (supervisors), the studio's registrations (liaison officers), extension approvals and reviews (flags) and the
 * overdue board. The URL holds the query (`#/cases?status=…&unitId=…&q=…&overdue=true&cursor=…`), so back and
 * forward page through it and a list can be bookmarked.
 */

const statusTabs = [
  'triage',
  'assigned',
  'acknowledged',
  'replied',
  'closed',
  'archived',
  'rejected',
] as const;

const listKeys = ['status', 'unitId', 'overdue', 'q', 'flag', 'scope', 'owner', 'cursor'] as const;

function paramsOf(params: URLSearchParams): Record<(typeof listKeys)[number], string | undefined> {
  return Object.fromEntries(listKeys.map((key) => [key, params.get(key) ?? undefined])) as Record<
    (typeof listKeys)[number],
    string | undefined
  >;
}

function hrefWith(params: URLSearchParams, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, value);
  }
  return `#/cases?${next.toString()}`;
}

function mark(item: ListedCase): HTMLElement | null {
  const level = urgency(item);
  switch (level) {
    case 'red':
      return h('span', { class: 'mark red' }, t('redCard'));
    case 'yellow':
      return h('span', { class: 'mark yellow' }, t('yellowCard'));
    case 'overdue':
      return h('span', { class: 'mark red' }, t('overdue'));
    case 'soon':
      return h('span', { class: 'mark soon' }, t('dueSoon'));
    default:
      return null;
  }
}

function row(item: ListedCase, ref: StaffReference, showUnit: boolean): HTMLElement {
  const next = nextDeadline(item);
  return h(
    'tr',
    { class: `case-row urgency-${urgency(item)}`, dataset: { caseId: item.caseId } },
    h('td', null, h('a', { href: `#/case/${item.caseId}`, class: 'code' }, item.trackingCode)),
    h(
      'td',
      { class: 'title' },
      item.title,
      item.extensionPending ? h('span', { class: 'mark info' }, t('extensionPending')) : null,
      item.reopenCount > 0 && (item.status === 'acknowledged' || item.status === 'assigned')
        ? h('span', { class: 'mark yellow redo' }, t('redoBadge', { n: item.reopenCount }))
        : null,
    ),
    showUnit ? h('td', null, unitName(ref, item.unitId)) : null,
    h('td', null, categoryName(ref, item.categoryCode)),
    h('td', null, statusName(item.status)),
    h(
      'td',
      { class: 'deadline' },
      next ? h('span', null, formatDeadline(next), h('small', null, ` ${timeLeft(next.at)}`)) : '—',
      ' ',
      mark(item),
    ),
  );
}

export function inboxView(outlet: HTMLElement, user: SessionUser, params: URLSearchParams): void {
  const query$ = paramsOf(params);
  // Handlers: the unit's open cases they work, or that nobody works yet (the status tabs do not apply).
  const owner = user.role === 'handler' ? query$.owner : undefined;
  // A search without a chosen stage or owner tab looks through every stage; choosing a tab narrows it.
  const searchAll = query$.q !== undefined && !query$.status && !query$.flag && !owner;
  const status = query$.status ?? (query$.flag || searchAll ? undefined : 'assigned');
  const supervisor = user.role === 'supervisor';
  const search = h('input', {
    id: 'search',
    type: 'search',
    placeholder: t('searchPlaceholder'),
    value: query$.q ?? '',
    'aria-label': t('search'),
  });
  const overdue = h('input', { id: 'overdue-only', type: 'checkbox', checked: query$.overdue === 'true' });
  const unitSelect = h(
    'select',
    { id: 'unit-filter', 'aria-label': t('unit') },
    h('option', { value: '' }, t('allUnits')),
  );
  const listArea = h('div', { class: 'list' }, loading());

  const apply = (changes: Record<string, string | undefined>) => {
    location.hash = hrefWith(params, { ...changes, cursor: undefined });
  };

  const toolbar = h(
    'form',
    {
      class: 'toolbar',
      role: 'search',
      onSubmit: (event: Event) => {
        event.preventDefault();
        apply({
          q: search.value.trim() || undefined,
          overdue: overdue.checked ? 'true' : undefined,
          status: undefined,
        });
      },
    },
    search,
    h('button', { type: 'submit' }, t('search')),
    query$.flag ? null : h('label', { class: 'check' }, overdue, t('overdueOnly')),
    supervisor && !query$.flag ? unitSelect : null,
    h('span', { class: 'spacer' }),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'export-csv',
        // Exports take one stage; a search of every stage offers none.
        hidden: searchAll,
        onClick: () =>
          download(`/api/staff/cases/export${query({ ...exportParams(), format: 'csv' })}`, 'cases.csv'),
      },
      t('exportCsv'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'export-xlsx',
        hidden: searchAll,
        onClick: () =>
          download(`/api/staff/cases/export${query({ ...exportParams(), format: 'xlsx' })}`, 'cases.xlsx'),
      },
      t('exportXlsx'),
    ),
  );
  overdue.addEventListener('change', () => apply({ overdue: overdue.checked ? 'true' : undefined }));
  unitSelect.addEventListener('change', () => apply({ unitId: unitSelect.value || undefined }));

  const exportParams = () => ({
    status,
    unitId: query$.unitId,
    overdue: query$.overdue,
    q: query$.q,
    flag: query$.flag,
    scope: query$.scope,
    owner,
  });

  const heading = h(
    'h1',
    null,
    query$.flag
      ? query$.flag === 'extension'
        ? t('extensions')
        : t('reviews')
      : owner
        ? `${t('inbox')} · ${t(owner === 'mine' ? 'mine' : 'unassigned')}`
        : `${query$.scope === 'studio' ? t('studioCases') : t('inbox')} · ${
            searchAll ? t('searchResults', { q: query$.q ?? '' }) : statusName(status ?? 'assigned')
          }`,
  );
  const tabs = query$.flag
    ? null
    : h(
        'nav',
        { class: 'tabs', 'aria-label': t('status') },
        user.role === 'handler'
          ? (['mine', 'unassigned'] as const).map((tab) =>
              h(
                'a',
                {
                  href: hrefWith(params, { owner: tab, status: undefined, cursor: undefined }),
                  id: `tab-${tab}`,
                  ...(tab === owner ? { 'aria-current': 'page' } : {}),
                },
                t(tab),
              ),
            )
          : null,
        statusTabs.map((tab) =>
          h(
            'a',
            {
              href: hrefWith(params, { status: tab, owner: undefined, cursor: undefined }),
              ...(tab === status && !owner ? { 'aria-current': 'page' } : {}),
            },
            statusName(tab),
          ),
        ),
      );
  // The lead shares the work out: how many open cases each person has, and how many nobody has yet.
  const loadArea = user.role === 'handler' && user.unitLead ? h('section', { class: 'unit-load' }) : null;

  const ledger =
    user.role === 'liaison' && query$.scope === 'studio' && user.studioId
      ? (() => {
          const month = h('input', {
            type: 'month',
            id: 'ledger-month',
            value: currentMonth(),
            'aria-label': t('month'),
          });
          return h(
            'div',
            { class: 'toolbar ledger' },
            h('span', null, t('ledger')),
            month,
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                id: 'ledger-export',
                onClick: () =>
                  download(
                    `/api/staff/ledger${query({ studioId: user.studioId, month: month.value })}`,
                    'ledger.csv',
                  ),
              },
              t('download'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                id: 'ledger-export-xlsx',
                onClick: () =>
                  download(
                    `/api/staff/ledger${query({ studioId: user.studioId, month: month.value, format: 'xlsx' })}`,
                    'ledger.xlsx',
                  ),
              },
              t('downloadXlsx'),
            ),
            h(
              'a',
              {
                id: 'ledger-print',
                target: '_blank',
                rel: 'noopener',
                href: `/ledger-print.html${query({ studioId: user.studioId, month: month.value })}`,
                onClick: (event: Event) => {
                  (event.currentTarget as HTMLAnchorElement).href =
                    `/ledger-print.html${query({ studioId: user.studioId, month: month.value })}`;
                },
              },
              t('printLedger'),
            ),
          );
        })()
      : null;

  clear(outlet, heading, tabs, loadArea, toolbar, ledger, listArea);
  if (loadArea) void showLoad(loadArea);
  showPendingFlash(outlet);

  void (async () => {
    try {
      const pageOf = (of: string | undefined, cursor?: string) =>
        api<Page<ListedCase>>(
          `/api/staff/cases${query({ ...exportParams(), status: of, cursor, limit: 50 })}`,
        );
      const [ref, page] = await Promise.all([
        reference(),
        searchAll
          ? // One query per stage (each a key query on the stage's index), the first page of each.
            Promise.all(statusTabs.map((tab) => pageOf(tab))).then((pages) => ({
              items: pages.flatMap((each) => each.items),
              more: pages.some((each) => each.nextCursor),
            }))
          : pageOf(status, query$.cursor),
      ]);
      if (supervisor) {
        for (const unit of ref.units)
          unitSelect.append(
            h(
              'option',
              { value: unit.unitId, selected: unit.unitId === query$.unitId },
              unitName(ref, unit.unitId),
            ),
          );
      }
      const showUnit = supervisor || query$.scope === 'studio';
      clear(
        listArea,
        page.items.length === 0
          ? h('p', { class: 'empty' }, t('noCases'))
          : h(
              'table',
              { class: 'cases' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', null, t('trackingCode')),
                  h('th', null, t('title')),
                  showUnit ? h('th', null, t('unit')) : null,
                  h('th', null, t('category')),
                  h('th', null, t('status')),
                  h('th', null, t('deadline')),
                ),
              ),
              h(
                'tbody',
                null,
                page.items.map((item) => row(item, ref, showUnit)),
              ),
            ),
        h(
          'div',
          { class: 'pager' },
          query$.cursor ? h('a', { href: hrefWith(params, { cursor: undefined }) }, t('firstPage')) : null,
          query$.cursor
            ? h(
                'a',
                {
                  href: '#',
                  onClick: (event: Event) => {
                    event.preventDefault();
                    history.back();
                  },
                },
                t('previousPage'),
              )
            : null,
          'nextCursor' in page && page.nextCursor
            ? h('a', { href: hrefWith(params, { cursor: page.nextCursor }), id: 'next-page' }, t('nextPage'))
            : null,
          'more' in page && page.more ? h('p', { class: 'hint' }, t('searchMore')) : null,
        ),
      );
    } catch (error) {
      clear(listArea, errorBox(error));
    }
  })();
}

interface UnitLoad {
  readonly people: readonly { username: string; displayName: string; unitLead: boolean; open: number }[];
  readonly unassigned: number;
}

async function showLoad(area: HTMLElement): Promise<void> {
  try {
    const load = await api<UnitLoad>('/api/staff/unit-load');
    clear(
      area,
      h('h2', null, t('loadTitle')),
      h(
        'ul',
        { class: 'load', id: 'unit-load' },
        load.people.map((person) =>
          h('li', { dataset: { person: person.username } }, `${person.displayName}：${person.open}`),
        ),
        h('li', { dataset: { person: '-' } }, `${t('unassigned')}：${load.unassigned}`),
      ),
    );
  } catch (error) {
    clear(area, errorBox(error));
  }
}
