import * as z from 'zod';
import { monthSchema, studioIdSchema } from '../shared/domain/reception/requests.ts';
import { parseWith } from '../shared/http/body.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { visitStore } from '../shared/runtime/deps/reception.ts';
import { serviceLedger } from '../shared/use-cases/ledger.ts';

const querySchema = z.object({ studioId: studioIdSchema, month: monthSchema });

/** `GET /api/staff/ledger?studioId&month` (DESIGN §5): the studio's service record book as CSV for Excel. */
export const handler = staffHandler(['liaison', 'supervisor'], async (event) => {
  const query = parseWith(querySchema, event.queryStringParameters ?? {});
  const ledger = await serviceLedger(
    { visits: visitStore(), store: caseStore(), catalog },
    event.actor,
    query.studioId,
    query.month,
  );
  const ascii = `ledger-${query.studioId}-${query.month}.csv`;
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(ledger.filename)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: ledger.csv,
  };
});
