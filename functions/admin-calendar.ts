import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { calendarStore, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import {
  calendarDatePathSchema,
  calendarOverview,
  deleteOverride,
  enterYear,
  officialScheduleSchema,
  overrideBodySchema,
  saveOverride,
} from '../shared/use-cases/admin/calendar.ts';

/**
 * The work calendar for admins: `GET /api/admin/calendar` (overrides, official years, the provisional-year
 * warning), `PUT|DELETE /api/admin/calendar/overrides/{date}`, `POST /api/admin/calendar/official-years`
 * (enter next year's official schedule; open provisional deadlines are recomputed). Adding or removing an
 * override recomputes the open deadlines whose span holds that day.
 */
export const handler = staffHandler(['admin'], async (event) => {
  const { method } = event.requestContext.http;
  const now = new Date();
  if (method === 'GET') return json(200, await calendarOverview({ calendarStore: calendarStore() }, now));
  if (event.routeKey === 'POST /api/admin/calendar/official-years') {
    const request = parseJsonBody(event, officialScheduleSchema);
    return json(
      200,
      await enterYear(
        { calendarStore: calendarStore(), store: caseStore(), policies, catalog },
        request,
        event.actor,
        now,
      ),
    );
  }
  const { date } = parseWith(calendarDatePathSchema, event.pathParameters ?? {});
  // A one-day change moves the open deadlines that span the day (docs/deadlines.md, "Recomputation").
  const deps = { calendarStore: calendarStore(), store: caseStore(), policies, catalog };
  if (method === 'DELETE') {
    await deleteOverride(deps, date, now);
    return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
  }
  return json(
    200,
    await saveOverride(deps, date, parseJsonBody(event, overrideBodySchema), event.actor, now),
  );
});
