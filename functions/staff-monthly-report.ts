import { reportReaderRoles } from '../shared/auth/claims.ts';
import type { ReportMonth } from '../shared/domain/metrics/facts.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { metricsStore } from '../shared/runtime/deps/metrics.ts';
import { monthlyReport, monthlyReportQuerySchema, scopeReport } from '../shared/use-cases/reports.ts';
import { reportCsv, reportFileName } from '../shared/use-cases/reports-export.ts';

const download = (name: string) => ({ 'content-disposition': `attachment; filename="${name}"` });

/**
 * `GET /api/staff/reports/monthly?month=YYYY-MM[&format=csv|xlsx][&cumulative=true]`: the report card (frozen once the
 * monthly job ran, live before), scoped to the caller: supervisors all, handlers their unit, liaisons their studio.
 * Only the report readers (shared/auth/roles.ts): an admin's call, a download included, is a 403.
 */
export const handler = staffHandler(reportReaderRoles, async (event) => {
  const query = parseWith(monthlyReportQuerySchema, event.queryStringParameters ?? {});
  const card = scopeReport(
    await monthlyReport({ metrics: metricsStore(), catalog }, query.month as ReportMonth, new Date(), {
      cumulative: query.cumulative === 'true' || query.format !== 'json',
    }),
    event.actor,
  );
  if (query.format === 'csv') {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'cache-control': 'no-store',
        ...download(reportFileName(card, 'csv')),
      },
      body: reportCsv(card),
    };
  }
  if (query.format === 'xlsx') {
    const { reportXlsx } = await import('../shared/use-cases/reports-xlsx.ts');
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'cache-control': 'no-store',
        ...download(reportFileName(card, 'xlsx')),
      },
      body: (await reportXlsx(card)).toString('base64'),
      isBase64Encoded: true,
    };
  }
  return json(200, card);
});
