import { parseWith } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { calendar as workCalendar } from '../shared/runtime/deps/calendar.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { receptionStore } from '../shared/runtime/deps/reception-store.ts';
import { publicReceptionDays, receptionDaysQuerySchema } from '../shared/use-cases/public-reception-days.ts';

export const handler = publicHandler('read', async (event) => {
  const query = parseWith(receptionDaysQuerySchema, event.queryStringParameters ?? {});
  const calendar = await publicReceptionDays(
    { store: receptionStore(), catalog, calendar: workCalendar },
    {
      ...(query.studioId ? { studioId: query.studioId } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    },
    new Date(),
  );
  return json(200, calendar, { 'cache-control': 'public, max-age=60' });
});
