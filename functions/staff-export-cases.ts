import { personalDataRoles } from '../shared/auth/claims.ts';
import { parseWith } from '../shared/http/body.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { exportCases, toCsv, toXlsx } from '../shared/use-cases/staff/export-cases.ts';
import { exportQuerySchema } from '../shared/use-cases/staff/list-query.ts';

/** The inbox or a supervisor list as CSV (UTF-8 with BOM) or XLSX: same filters and scoping as the list. */
export const handler = staffHandler(personalDataRoles, async (event) => {
  const { format, ...query } = parseWith(exportQuerySchema, event.queryStringParameters ?? {});
  const now = new Date();
  const { rows, truncated } = await exportCases({ store: caseStore(), catalog }, event.actor, query, now);
  const stamp = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const name = `huiyin-cases-${query.flag ?? query.status}-${stamp}.${format}`;
  const headers = {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-disposition': `attachment; filename="${name}"`,
    'x-export-rows': String(rows.length - 1),
    'x-export-truncated': String(truncated),
  };
  if (format === 'xlsx') {
    return {
      statusCode: 200,
      headers: {
        ...headers,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: (await toXlsx(rows)).toString('base64'),
      isBase64Encoded: true,
    };
  }
  return {
    statusCode: 200,
    headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
    body: toCsv(rows),
  };
});
