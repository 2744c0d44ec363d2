import * as z from 'zod';
import { isLocalDate, type LocalDate } from '../shared/domain/calendar/shanghai-time.ts';
import { parseWith } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { calendar as workCalendar } from '../shared/runtime/deps/calendar.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { receptionStore } from '../shared/runtime/deps/reception-store.ts';
import { publicReceptionDays } from '../shared/use-cases/public-reception-days.ts';

// Years the work calendar supports, with room for a range after them.
const date = z
  .string()
  .refine(
    (value) => isLocalDate(value) && value >= '2000-01-01' && value <= '2098-12-31',
    '日期格式为 YYYY-MM-DD / a date as YYYY-MM-DD',
  )
  .transform((value) => value as LocalDate);

/** `GET /api/reception-days?studioId&from&to` (DESIGN §5): the published reception calendar. */
const querySchema = z.object({
  studioId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '工作室代码格式不正确 / invalid studio id')
    .optional(),
  from: date.optional(),
  to: date.optional(),
});

export const handler = publicHandler('read', async (event) => {
  const query = parseWith(querySchema, event.queryStringParameters ?? {});
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
