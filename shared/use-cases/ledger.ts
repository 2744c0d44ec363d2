import type { StaffActor } from '../auth/claims.ts';
import { endOfShanghaiDay, parseLocalDate, startOfShanghaiDay } from '../domain/calendar/shanghai-time.ts';
import type { Case } from '../domain/case/model.ts';
import {
  caseRow,
  LEDGER_COLUMNS,
  type LedgerRow,
  numberRows,
  type UnnumberedRow,
  visitRow,
} from '../domain/reception/ledger.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { ForbiddenError } from '../errors/index.ts';
import type { CaseStore, CaseSummary } from '../ports/case-store.ts';
import type { VisitStore } from '../ports/reception-store.ts';
import { studioOf } from './reception.ts';
import { neutralizeFormula, toCsv } from './staff/export-cases.ts';

/**
 * 服务群众记录簿: a studio's service record book for one month. One row per reception-day visit (answered
 * on the spot or turned into a case) and one per other case the studio registered (letters, e-mails, visits
 * registered without a reception day), in date order. Served as JSON (the print view), CSV and XLSX; the
 * rows themselves are built in `shared/domain/reception/ledger.ts`.
 */

export interface LedgerDeps {
  readonly visits: Pick<VisitStore, 'byMonth'>;
  readonly store: Pick<CaseStore, 'byStudio' | 'get'>;
  readonly catalog: () => Promise<Catalog>;
}

export interface ServiceLedger {
  readonly studio: { readonly studioId: string; readonly name: string };
  readonly month: string;
  readonly columns: readonly { readonly key: string; readonly header: string }[];
  readonly rows: readonly LedgerRow[];
}

/** `2026-12` → `2026年12月`. */
export const monthTitle = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

export function monthRange(month: string): { from: Date; to: Date } {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return {
    from: startOfShanghaiDay(parseLocalDate(`${month}-01`)),
    to: endOfShanghaiDay(parseLocalDate(`${month}-${String(lastDay).padStart(2, '0')}`)),
  };
}

/** Every case a studio registered between two instants (GSI5, page by page). */
export async function studioCases(
  store: Pick<CaseStore, 'byStudio'>,
  studioId: string,
  range: { readonly from: Date; readonly to: Date },
): Promise<CaseSummary[]> {
  const items: CaseSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.byStudio(studioId, range, { limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Loads full cases ten at a time (the book needs reply, survey and hand-overs, which lists do not carry). */
export async function loadCases(
  store: Pick<CaseStore, 'get'>,
  caseIds: readonly string[],
): Promise<Map<string, Case>> {
  const found = new Map<string, Case>();
  for (let start = 0; start < caseIds.length; start += 10) {
    const batch = await Promise.all(caseIds.slice(start, start + 10).map((caseId) => store.get(caseId)));
    for (const item of batch) if (item) found.set(item.caseId, item);
  }
  return found;
}

/** The studio's liaison officers and supervisors. */
export function assertMayReadStudioRecords(actor: StaffActor, studioId: string): void {
  const allowed = actor.role === 'supervisor' || (actor.role === 'liaison' && actor.studioId === studioId);
  if (!allowed) throw new ForbiddenError();
}

/** The record book of `studioId` for `month` (`YYYY-MM`). */
export async function serviceLedger(
  deps: LedgerDeps,
  actor: StaffActor,
  studioId: string,
  month: string,
): Promise<ServiceLedger> {
  assertMayReadStudioRecords(actor, studioId);
  const studio = await studioOf(deps.catalog, studioId);
  const catalog = await deps.catalog();
  const [visits, summaries] = await Promise.all([
    deps.visits.byMonth(studioId, month),
    studioCases(deps.store, studioId, monthRange(month)),
  ]);
  const linkedIds = new Set(visits.flatMap((visit) => (visit.caseId ? [visit.caseId] : [])));
  const others = summaries.filter((summary) => !linkedIds.has(summary.caseId));
  const cases = await loadCases(deps.store, [...linkedIds, ...others.map((summary) => summary.caseId)]);
  const entries: { sortKey: string; row: UnnumberedRow }[] = [
    ...visits.map((visit) => ({
      sortKey: `${visit.date}#${visit.createdAt}`,
      row: visitRow(visit, visit.caseId ? cases.get(visit.caseId) : undefined, catalog, studio.nameZh),
    })),
    ...others.flatMap((summary) => {
      const found = cases.get(summary.caseId);
      if (!found) return [];
      const row = caseRow(found, catalog);
      return [{ sortKey: `${row.date}#${found.createdAt}`, row }];
    }),
  ].sort((a, b) => a.sortKey.localeCompare(b.sortKey));
  return {
    studio: { studioId, name: studio.nameZh },
    month,
    columns: LEDGER_COLUMNS.map(({ key, header }) => ({ key, header })),
    rows: numberRows(entries.map((entry) => entry.row)),
  };
}

export function ledgerFilename(ledger: ServiceLedger, extension: 'csv' | 'xlsx'): string {
  return `${ledger.studio.name}服务群众记录簿-${ledger.month}.${extension}`;
}

const cells = (row: LedgerRow) => LEDGER_COLUMNS.map((column) => row[column.key]);

/** CSV for Excel: UTF-8 with a byte order mark, CRLF, formula-looking cells defused. */
export function ledgerCsv(ledger: ServiceLedger): string {
  return toCsv([LEDGER_COLUMNS.map((column) => column.header), ...ledger.rows.map(cells)]);
}

/** The same book as an Excel workbook: a title row (studio and month), the header, one row per entry. */
export async function ledgerXlsx(ledger: ServiceLedger): Promise<Buffer> {
  // Lazy: the writer (and its zip library) loads only when somebody asks for a spreadsheet.
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const data = [
    [
      {
        value: `${ledger.studio.name}服务群众记录簿（${monthTitle(ledger.month)}）`,
        fontWeight: 'bold' as const,
        span: LEDGER_COLUMNS.length,
      },
      ...LEDGER_COLUMNS.slice(1).map(() => null),
    ],
    LEDGER_COLUMNS.map((column) => ({ value: column.header, fontWeight: 'bold' as const, wrap: true })),
    ...ledger.rows.map((row) =>
      cells(row).map((value) => ({ value: neutralizeFormula(value), type: String, wrap: true })),
    ),
  ];
  return writeXlsxFile(data, {
    sheet: '服务群众记录簿',
    columns: LEDGER_COLUMNS.map((column) => ({ width: column.width })),
    stickyRowsCount: 2,
  }).toBuffer();
}
