import { stringify } from 'csv-stringify/sync';
import type { StaffActor } from '../auth/claims.ts';
import { endOfShanghaiDay, parseLocalDate, startOfShanghaiDay } from '../domain/calendar/shanghai-time.ts';
import type { Case, CaseStatus, Channel } from '../domain/case/model.ts';
import { publicStatusText } from '../domain/case/public-view.ts';
import { maskName } from '../domain/case/staff-view.ts';
import type { Visit } from '../domain/reception/visit.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { ForbiddenError } from '../errors/index.ts';
import type { CaseStore, CaseSummary } from '../ports/case-store.ts';
import type { VisitStore } from '../ports/reception-store.ts';
import { maskPhone } from '../schemas/phone.ts';
import { studioOf } from './reception.ts';

/**
 * 服务群众记录簿: a studio's service record book for one month, as CSV for Excel (UTF-8 with a byte order
 * mark, CRLF). One row per reception-day visit, and one per other case the studio registered (letters,
 * e-mails, visits registered without a reception day). Visitors and petitioners are masked (the book is a
 * list: DESIGN §6); confidential cases show no text. Cells that Excel would run as a formula are defused.
 */

export interface LedgerDeps {
  readonly visits: Pick<VisitStore, 'byMonth'>;
  readonly store: Pick<CaseStore, 'byStudio' | 'get'>;
  readonly catalog: () => Promise<Catalog>;
}

export const LEDGER_COLUMNS = [
  { key: 'number', header: '序号' },
  { key: 'date', header: '日期' },
  { key: 'kind', header: '方式' },
  { key: 'person', header: '来访人/来信人' },
  { key: 'phone', header: '联系电话' },
  { key: 'groupSize', header: '人数' },
  { key: 'representatives', header: '接待代表' },
  { key: 'summary', header: '反映问题' },
  { key: 'handling', header: '办理情况' },
  { key: 'trackingCode', header: '跟踪码' },
  { key: 'status', header: '当前状态' },
] as const;

type LedgerRow = Record<(typeof LEDGER_COLUMNS)[number]['key'], string>;

const channelText: Record<Channel, string> = {
  web: '网上信箱',
  email: '电子邮件',
  letter: '来信',
  visit: '来访',
  open311: '市民热线接口',
};

/** A cell that starts like a formula (=, +, -, @, tab, CR) is prefixed with `'`: Excel shows it as text. */
export function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const shanghaiDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

function statusText(status: CaseStatus | undefined): string {
  return status ? publicStatusText[status].zh : '';
}

export function visitRow(visit: Visit, linked: Pick<Case, 'status'> | undefined): Omit<LedgerRow, 'number'> {
  return {
    date: visit.date,
    kind: visit.groupSize > 1 ? '接待日来访（集体访）' : '接待日来访',
    person: maskName(visit.visitor.name, false),
    phone: visit.visitor.phone ? maskPhone(visit.visitor.phone) : '',
    groupSize: String(visit.groupSize),
    representatives: visit.representatives.map((representative) => representative.name).join('、'),
    summary: visit.summary,
    handling: visit.outcome === 'answered' ? `当场答复：${visit.answer ?? ''}` : '转为诉求办理',
    trackingCode: visit.trackingCode ?? '',
    status: visit.outcome === 'answered' ? '已答复' : statusText(linked?.status),
  };
}

export function caseRow(item: Case): Omit<LedgerRow, 'number'> {
  return {
    date: shanghaiDate(item.createdAt),
    kind: channelText[item.channel],
    person: maskName(item.petitioner.name, item.petitioner.anonymous),
    phone: item.petitioner.phone ? maskPhone(item.petitioner.phone) : '',
    groupSize: '1',
    representatives: '',
    summary: item.confidential ? '（保密件）' : `${item.title}：${item.content}`,
    handling: '登记为诉求办理',
    trackingCode: item.trackingCode,
    status: statusText(item.status),
  };
}

export function ledgerCsv(rows: readonly Omit<LedgerRow, 'number'>[]): string {
  const numbered = rows.map((row, index) => {
    const cells = { number: String(index + 1), ...row } as LedgerRow;
    return Object.fromEntries(Object.entries(cells).map(([key, value]) => [key, defuse(value)]));
  });
  return stringify(numbered, {
    bom: true,
    header: true,
    columns: LEDGER_COLUMNS.map(({ key, header }) => ({ key, header })),
    record_delimiter: 'windows',
  });
}

async function studioCases(
  store: LedgerDeps['store'],
  studioId: string,
  month: string,
): Promise<CaseSummary[]> {
  const first = parseLocalDate(`${month}-01`);
  const [year, number] = month.split('-').map(Number) as [number, number];
  const last = parseLocalDate(
    `${month}-${String(new Date(Date.UTC(year, number, 0)).getUTCDate()).padStart(2, '0')}`,
  );
  const range = { from: startOfShanghaiDay(first), to: endOfShanghaiDay(last) };
  const items: CaseSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.byStudio(studioId, range, { limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export interface LedgerFile {
  readonly filename: string;
  readonly csv: string;
  readonly rows: number;
}

/** The record book of `studioId` for `month` (`YYYY-MM`): the studio's liaison officers and supervisors. */
export async function serviceLedger(
  deps: LedgerDeps,
  actor: StaffActor,
  studioId: string,
  month: string,
): Promise<LedgerFile> {
  const allowed = actor.role === 'supervisor' || (actor.role === 'liaison' && actor.studioId === studioId);
  if (!allowed) throw new ForbiddenError();
  const studio = await studioOf(deps.catalog, studioId);
  const [visits, summaries] = await Promise.all([
    deps.visits.byMonth(studioId, month),
    studioCases(deps.store, studioId, month),
  ]);
  const linkedIds = new Set(visits.flatMap((visit) => (visit.caseId ? [visit.caseId] : [])));
  const others = summaries.filter((summary) => !linkedIds.has(summary.caseId));
  const cases = new Map<string, Case>();
  for (const caseId of [...linkedIds, ...others.map((summary) => summary.caseId)]) {
    const found = await deps.store.get(caseId);
    if (found) cases.set(caseId, found);
  }
  const rows = [
    ...visits.map((visit) => ({
      sortKey: `${visit.date}#${visit.createdAt}`,
      row: visitRow(visit, visit.caseId ? cases.get(visit.caseId) : undefined),
    })),
    ...others.flatMap((summary) => {
      const found = cases.get(summary.caseId);
      return found
        ? [{ sortKey: `${shanghaiDate(found.createdAt)}#${found.createdAt}`, row: caseRow(found) }]
        : [];
    }),
  ].sort((a, b) => a.sortKey.localeCompare(b.sortKey));
  return {
    filename: `${studio.nameZh}服务群众记录簿-${month}.csv`,
    csv: ledgerCsv(rows.map((entry) => entry.row)),
    rows: rows.length,
  };
}
