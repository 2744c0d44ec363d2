import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoCalendarStore } from '../../adapters/dynamo/dynamo-calendar-store.ts';
import { cachedLoader } from '../../adapters/dynamo/dynamo-catalog-store.ts';
import { tableName } from '../../config/env.ts';
import { createWorkCalendar, type WorkCalendar } from '../../domain/calendar/index.ts';
import { type SlaPolicy, statutoryPolicy, studioSuggestionPolicy } from '../../domain/policy/sla-policy.ts';
import { once } from '../once.ts';

export const calendarStore = /* @__PURE__ */ once(
  () => new DynamoCalendarStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

const loader = /* @__PURE__ */ once(() =>
  cachedLoader(async () => {
    const settings = await calendarStore().load();
    return createWorkCalendar({
      overrides: [...settings.overrides],
      officialYears: [...settings.officialYears],
    });
  }),
);

/** The work calendar with the admins' overrides, reloaded every 30 s in a warm function. */
export const calendar = (): Promise<WorkCalendar> => loader()();

export const policies = /* @__PURE__ */ once<readonly SlaPolicy[]>(() => [
  statutoryPolicy,
  studioSuggestionPolicy,
]);
