import type { StaffActor } from '../../auth/claims.ts';
import { channelName, statusName } from '../../domain/case/wording.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import type { CaseStore, CaseSummary, ListedCase } from '../../ports/case-store.ts';
import { listCases } from './list-cases.ts';
import type { ExportQuery } from './list-query.ts';

/**
 * Case lists as CSV (UTF-8 with BOM, so Excel opens Chinese text correctly) or XLSX. Same query, same
 * scoping as the inbox (`listCases`), page by page, up to `EXPORT_MAX_ROWS`. Lists carry no petition text
 * and no petitioner (index projection), so an export cannot leak them either.
 */

export const EXPORT_MAX_ROWS = 5_000;

export const exportColumns = [
  '跟踪码',
  '状态',
  '承办单位',
  '类别',
  '镇街',
  '来源',
  '标题',
  '签收期限',
  '答复期限',
  '督办',
  '延期待批',
  '登记时间',
  '更新时间',
] as const;

/** Shanghai wall-clock time, `YYYY-MM-DD HH:mm`, the way staff read it. */
export function shanghaiTime(iso: string | undefined): string {
  if (!iso) return '';
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** A row of the export; the owner lists do not carry the registration and change times (cells left empty). */
export function exportRow(item: ListedCase, catalog: Catalog): string[] {
  const times = item as Partial<Pick<CaseSummary, 'createdAt' | 'updatedAt'>>;
  const nameOf = <T>(
    list: readonly T[],
    match: (entry: T) => boolean,
    name: (entry: T) => string,
    fallback = '',
  ) => {
    const found = list.find(match);
    return found ? name(found) : fallback;
  };
  return [
    item.trackingCode,
    statusName(item.status),
    nameOf(
      catalog.units,
      (unit) => unit.unitId === item.unitId,
      (unit) => unit.nameZh,
      item.unitId ?? '',
    ),
    nameOf(
      catalog.categories,
      (category) => category.code === item.categoryCode,
      (category) => category.nameZh,
      item.categoryCode ?? '',
    ),
    nameOf(
      catalog.jurisdictions,
      (jurisdiction) => jurisdiction.code === item.jurisdictionCode,
      (jurisdiction) => jurisdiction.nameZh,
      item.jurisdictionCode,
    ),
    channelName(item.channel),
    item.title,
    shanghaiTime(item.deadlines.acknowledgeBy?.at),
    shanghaiTime(item.deadlines.replyBy?.at),
    item.overdue ? (item.overdue.card === 'red' ? '红牌' : '黄牌') : '',
    item.extensionPending ? '是' : '',
    shanghaiTime(times.createdAt),
    shanghaiTime(times.updatedAt),
  ];
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) is prefixed with an
 * apostrophe: petition titles come from the public and must stay text (OWASP "CSV injection").
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180: CRLF line ends, quoted where needed; a BOM first so Excel reads it as UTF-8. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function toXlsx(rows: readonly (readonly string[])[]): Promise<Buffer> {
  // Lazy: the writer (and its zip library) loads only when somebody asks for a spreadsheet.
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const [header = [], ...body] = rows;
  const data = [
    header.map((value) => ({ value, fontWeight: 'bold' as const })),
    // Text cells are never evaluated by Excel, so no formula prefix is needed; it is applied anyway for
    // consistency with the CSV (and for tools that convert one into the other).
    ...body.map((row) => row.map((value) => ({ value: neutralizeFormula(value), type: String }))),
  ];
  return writeXlsxFile(data, {
    sheet: '诉求清单',
    columns: header.map((title) => ({
      width: title === '标题' ? 40 : title.endsWith('时间') || title.endsWith('期限') ? 18 : 12,
    })),
  }).toBuffer();
}

export interface ExportResult {
  readonly rows: string[][];
  readonly truncated: boolean;
}

export async function exportCases(
  deps: { store: CaseStore; catalog: () => Promise<Catalog> },
  actor: StaffActor,
  query: Omit<ExportQuery, 'format'>,
  now: Date,
): Promise<ExportResult> {
  // One catalog for the whole export: the pages read the same units and the rows use the same names.
  const catalog = await deps.catalog();
  const rows: string[][] = [[...exportColumns]];
  let cursor: string | undefined;
  do {
    const page = await listCases(
      { store: deps.store, catalog: async () => catalog },
      actor,
      { ...query, limit: 100, ...(cursor ? { cursor } : {}) },
      now,
    );
    for (const item of page.items) rows.push(exportRow(item, catalog));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length - 1 < EXPORT_MAX_ROWS);
  const truncated = rows.length - 1 > EXPORT_MAX_ROWS || cursor !== undefined;
  return { rows: rows.slice(0, EXPORT_MAX_ROWS + 1), truncated };
}
