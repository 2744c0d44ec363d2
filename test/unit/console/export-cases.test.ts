import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../shared/ports/case-store.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';
import {
  exportColumns,
  exportRow,
  neutralizeFormula,
  shanghaiTime,
  toCsv,
  toXlsx,
} from '../../../shared/use-cases/staff/export-cases.ts';

/** A minimal RFC 4180 reader, to check what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index++;
    } else cell += char;
  }
  return rows;
}

describe('CSV export', () => {
  it('starts with a BOM, ends rows with CRLF, and reads back cell for cell', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const csv = toCsv(rows);
          expect(csv.startsWith('\uFEFF')).toBe(true);
          expect(csv.endsWith('\r\n')).toBe(true);
          expect(parseCsv(csv.slice(1))).toEqual(rows.map((row) => row.map(neutralizeFormula)));
        },
      ),
    );
  });

  it('keeps cells that a spreadsheet would run as formulas as text', () => {
    expect(neutralizeFormula('=1+1')).toBe("'=1+1");
    expect(neutralizeFormula('+86 138')).toBe("'+86 138");
    expect(neutralizeFormula('-2')).toBe("'-2");
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('公交站牌')).toBe('公交站牌');
  });

  it('writes a row with names for ids and Shanghai times', () => {
    const item: CaseSummary = {
      caseId: '01J0000000000000000000000A',
      trackingCode: 'HY-AAAA-BBBB',
      version: 3,
      status: 'acknowledged',
      channel: 'visit',
      categoryCode: 'transport',
      jurisdictionCode: 'xikou',
      unitId: 'dept-transport',
      title: '公交站牌损坏',
      confidential: false,
      deadlines: {
        replyBy: { at: '2026-12-09T15:59:59.999Z', provisional: false, basis: { from: '', steps: [] } },
      },
      overdue: { card: 'yellow', deadline: 'reply', since: '2026-12-10T01:00:00Z' },
      reopenCount: 0,
      createdAt: '2026-12-01T01:02:03.000Z',
      updatedAt: '2026-12-02T01:02:03.000Z',
    };

    expect(exportRow(item, demoCounty)).toEqual([
      'HY-AAAA-BBBB',
      '办理中',
      '县交通运输局',
      '交通出行',
      '溪口镇',
      '来访',
      '公交站牌损坏',
      '',
      '2026-12-09 23:59',
      '黄牌',
      '',
      '2026-12-01 09:02',
      '2026-12-02 09:02',
    ]);
    expect(shanghaiTime(undefined)).toBe('');
  });
});

describe('XLSX export', () => {
  it('is a zip holding one worksheet with the header row', async () => {
    const buffer = await toXlsx([[...exportColumns], ['HY-AAAA-BBBB', '=cmd']]);

    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    expect(buffer.includes(Buffer.from('xl/worksheets/sheet1.xml'))).toBe(true);
  });
});
