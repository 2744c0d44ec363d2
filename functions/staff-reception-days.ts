import {
  generateDaysSchema,
  receptionDayPathSchema,
  studioMonthQuerySchema,
  updateDaySchema,
} from '../shared/domain/reception/requests.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { calendar } from '../shared/runtime/deps/calendar.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { receptionRosterStore } from '../shared/runtime/deps/reception.ts';
import {
  assertStudioAccess,
  generateMonth,
  studioOf,
  updateReceptionDay,
} from '../shared/use-cases/reception.ts';

/**
 * The duty roster (值班表) for staff: a studio's reception days of a month, published or not, with the
 * studio's representatives to pick from (`GET`); generating a month from the studio's rule (`POST …/generate`);
 * editing one day's roster, note, hours or publication (`PUT …/{studioId}/{date}`). Liaison officers for their
 * own studio, supervisors and admins for all.
 */
export const handler = staffHandler(['liaison', 'supervisor', 'admin'], async (event) => {
  const deps = { store: receptionRosterStore(), catalog, calendar };
  const now = new Date();
  switch (event.routeKey) {
    case 'GET /api/staff/reception-days': {
      const query = parseWith(studioMonthQuerySchema, event.queryStringParameters ?? {});
      assertStudioAccess(event.actor, query.studioId);
      const studio = await studioOf(catalog, query.studioId);
      const days = await deps.store.byStudioAndMonth(query.studioId, query.month);
      return json(200, {
        studioId: studio.studioId,
        month: query.month,
        representatives: (studio.representatives ?? []).map(({ representativeId, name, title, active }) => ({
          representativeId,
          name,
          title,
          active,
        })),
        days: days.sort((a, b) => a.date.localeCompare(b.date)),
      });
    }
    case 'POST /api/staff/reception-days/generate': {
      const request = parseJsonBody(event, generateDaysSchema);
      assertStudioAccess(event.actor, request.studioId);
      const studio = await studioOf(catalog, request.studioId);
      return json(
        200,
        await generateMonth(deps, studio, request.month, {
          publish: request.publish,
          now,
          by: event.actor.id,
        }),
      );
    }
    default: {
      const path = parseWith(receptionDayPathSchema, event.pathParameters ?? {});
      const update = parseJsonBody(event, updateDaySchema);
      return json(200, await updateReceptionDay(deps, event.actor, path.studioId, path.date, update, now));
    }
  }
});
