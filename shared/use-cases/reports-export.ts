import type { CardMetrics, ReportCard, UnitCard } from '../domain/metrics/report-card.ts';

/**
 * The report card as a table, for CSV (here) and XLSX (reports-xlsx.ts, loaded lazily): the same columns,
 * Chinese headers, one row per unit in rank order and the county total last, then the studios.
 */

export interface Column {
  readonly header: string;
  /** `rate`: a fraction shown as a percentage; `number`: a count or a score; `text`. */
  readonly kind: 'rate' | 'number' | 'text';
  readonly value: (row: UnitRow) => string | number | null;
}

export type UnitRow = CardMetrics & {
  readonly unitName: string;
  readonly rank: number | null;
  readonly sampleTooSmall?: boolean;
};

export const unitColumns: readonly Column[] = [
  { header: '排名', kind: 'text', value: (row) => row.rank ?? (row.sampleTooSmall ? '样本不足' : null) },
  { header: '单位', kind: 'text', value: (row) => row.unitName },
  { header: '新收件数', kind: 'number', value: (row) => row.received },
  { header: '不予受理', kind: 'number', value: (row) => row.rejected },
  { header: '本月到期', kind: 'number', value: (row) => row.due },
  { header: '本月答复', kind: 'number', value: (row) => row.replied },
  { header: '本月办结', kind: 'number', value: (row) => row.closed },
  { header: '超期未办', kind: 'number', value: (row) => row.openOverdue },
  { header: '响应率', kind: 'rate', value: (row) => row.responseRate.rate },
  { header: '解决率', kind: 'rate', value: (row) => row.resolutionRate.rate },
  { header: '满意率', kind: 'rate', value: (row) => row.satisfactionRate.rate },
  { header: '满意', kind: 'number', value: (row) => row.satisfactionRate.satisfied },
  { header: '基本满意', kind: 'number', value: (row) => row.satisfactionRate.basicallySatisfied },
  { header: '不满意', kind: 'number', value: (row) => row.satisfactionRate.dissatisfied },
  { header: '未评价', kind: 'number', value: (row) => row.satisfactionRate.noResponse },
  { header: '按期答复率', kind: 'rate', value: (row) => row.onTimeCloseRate.rate },
  { header: '超期件数', kind: 'number', value: (row) => row.overdue },
  { header: '重新办理件数', kind: 'number', value: (row) => row.reviews },
  { header: '答复用时中位数（工作日）', kind: 'number', value: (row) => row.medianWorkingDaysToReply },
  { header: '综合得分', kind: 'number', value: (row) => row.score },
];

export const studioHeaders = ['工作室', '接待来访', '收集意见建议', '办结'] as const;

export function unitRows(card: ReportCard): UnitRow[] {
  return [...card.units.map((unit: UnitCard) => unit), { ...card.county, unitName: '全县合计', rank: null }];
}

export function studioRows(card: ReportCard): (string | number)[][] {
  return card.studios.map((studio) => [
    studio.studioName,
    studio.visitors,
    studio.suggestions,
    studio.closed,
  ]);
}

export function reportFileName(card: ReportCard, extension: 'csv' | 'xlsx'): string {
  return `huiyin-report-${card.month}.${extension}`;
}

/** A cell as text: rates as percentages with one decimal, missing values as "—". */
export function formatCell(kind: Column['kind'], value: string | number | null): string {
  if (value === null) return '—';
  if (kind === 'rate') return `${(Number(value) * 100).toFixed(1)}%`;
  return String(value);
}

/** RFC 4180 quoting, and a leading `'` before text a spreadsheet would run as a formula. */
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens it without mojibake; CRLF lines. */
export function reportCsv(card: ReportCard): string {
  const lines: string[][] = [
    [`月度通报 ${card.month}`, card.frozen ? `已冻结 ${card.frozenAt ?? ''}` : `截至 ${card.asOf}`],
    unitColumns.map((column) => column.header),
    ...unitRows(card).map((row) => unitColumns.map((column) => formatCell(column.kind, column.value(row)))),
    [],
    [...studioHeaders],
    ...studioRows(card).map((row) => row.map(String)),
    ...(card.cumulative
      ? [
          [],
          [`截至目前（${card.cumulative.since} 起）`],
          unitColumns.map((column) => column.header),
          ...[...card.cumulative.units, { ...card.cumulative.county, unitName: '全县合计', rank: null }].map(
            (row) => unitColumns.map((column) => formatCell(column.kind, column.value(row))),
          ),
        ]
      : []),
  ];
  return `\uFEFF${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}
