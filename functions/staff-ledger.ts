import { ledgerQuerySchema } from '../shared/domain/reception/requests.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { visitStore } from '../shared/runtime/deps/reception.ts';
import { ledgerCsv, ledgerFilename, ledgerXlsx, serviceLedger } from '../shared/use-cases/ledger.ts';

/** `GET /api/staff/ledger?studioId&month&format`: the studio's service record book (服务群众记录簿). */
export const handler = staffHandler(['liaison', 'supervisor'], async (event) => {
  const query = parseWith(ledgerQuerySchema, event.queryStringParameters ?? {});
  const ledger = await serviceLedger(
    { visits: visitStore(), store: caseStore(), catalog },
    event.actor,
    query.studioId,
    query.month,
  );
  if (query.format === 'json') return json(200, ledger, { 'cache-control': 'no-store' });
  const ascii = `ledger-${query.studioId}-${query.month}.${query.format}`;
  const headers = {
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(ledgerFilename(ledger, query.format))}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (query.format === 'xlsx')
    return {
      statusCode: 200,
      headers: {
        ...headers,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: (await ledgerXlsx(ledger)).toString('base64'),
      isBase64Encoded: true,
    };
  return {
    statusCode: 200,
    headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
    body: ledgerCsv(ledger),
  };
});
