import { studioReportQuerySchema } from '../shared/domain/reception/requests.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { visitStore } from '../shared/runtime/deps/reception.ts';
import { studioReport } from '../shared/use-cases/studio-report.ts';

/**
 * `GET /api/staff/studio-report?studioId`: people received, suggestions collected and items closed, by
 * month and since the start (docs/metrics.md, "Studio figures"). The studio's liaison officers, supervisors.
 */
export const handler = staffHandler(['liaison', 'supervisor'], async (event) => {
  const query = parseWith(studioReportQuerySchema, event.queryStringParameters ?? {});
  return json(
    200,
    await studioReport(
      { visits: visitStore(), store: caseStore(), catalog },
      event.actor,
      query.studioId,
      new Date(),
    ),
    { 'cache-control': 'no-store' },
  );
});
