import writeXlsxFile, { type Row } from 'write-excel-file/node';
import type { ReportCard } from '../domain/metrics/report-card.ts';
import { studioHeaders, studioRows, unitColumns, unitRows } from './reports-export.ts';

/**
 * The report card as an Excel workbook (two sheets: units, studios). Loaded with `import()` only when an
 * XLSX is asked for, so write-excel-file never weighs on a cold start.
 */
export async function reportXlsx(card: ReportCard): Promise<Buffer> {
  const header = (text: string) => ({ value: text, fontWeight: 'bold' as const, wrap: true });
  const units: Row[] = [
    [{ value: `月度通报 ${card.month}`, fontWeight: 'bold' }],
    unitColumns.map((column) => header(column.header)),
    ...unitRows(card).map((row) =>
      unitColumns.map((column) => {
        const value = column.value(row);
        if (value === null) return { value: '—' };
        if (column.kind === 'rate') return { value: Number(value), type: Number, format: '0.0%' };
        if (column.kind === 'number') return { value: Number(value), type: Number };
        return { value: String(value), type: String };
      }),
    ),
  ];
  const studios: Row[] = [
    studioHeaders.map(header),
    ...studioRows(card).map((row) =>
      row.map((value) =>
        typeof value === 'number' ? { value, type: Number } : { value: String(value), type: String },
      ),
    ),
  ];
  return writeXlsxFile([
    {
      data: units,
      sheet: '单位排名',
      columns: unitColumns.map((column) => ({ width: column.header === '单位' ? 24 : 11 })),
      stickyRowsCount: 2,
    },
    { data: studios, sheet: '工作室', columns: [{ width: 24 }, { width: 12 }, { width: 14 }, { width: 10 }] },
  ]).toBuffer();
}
