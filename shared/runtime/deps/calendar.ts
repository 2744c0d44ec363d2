import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoCalendarStore } from '../../adapters/dynamo/dynamo-calendar-store.ts';
import { cachedLoader } from '../../adapters/dynamo/dynamo-catalog-store.ts';
import { DynamoPolicyStore } from '../../adapters/dynamo/dynamo-policy-store.ts';
import { tableName } from '../../config/env.ts';
import type { WorkCalendar } from '../../domain/calendar/index.ts';
import {
  hotlinePolicy,
  type SlaPolicy,
  statutoryPolicy,
  studioSuggestionPolicy,
} from '../../domain/policy/sla-policy.ts';
import { once } from '../once.ts';

export const calendarStore = /* @__PURE__ */ once(
  () => new DynamoCalendarStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

/**
 * The work calendar from the stored overrides and official years (one place for functions and tools). The
 * calendar and chinese-days' tables load on first use, so a function that only reads policies (the public
 * form) or uses the calendar on one path (Open311's follow-ups) does not carry them at cold start.
 */
export async function loadWorkCalendar(store: Pick<DynamoCalendarStore, 'load'>): Promise<WorkCalendar> {
  const [settings, { createWorkCalendar }] = await Promise.all([
    store.load(),
    import('../../domain/calendar/work-calendar.ts'),
  ]);
  return createWorkCalendar({
    overrides: [...settings.overrides],
    officialYears: [...settings.officialYears],
  });
}

const loader = /* @__PURE__ */ once(() => cachedLoader(() => loadWorkCalendar(calendarStore())));

/** The work calendar with the admins' overrides, reloaded every 30 s in a warm function. */
export const calendar = (): Promise<WorkCalendar> => loader()();

/** The defaults a county starts with, until an admin edits a policy (docs/deadlines.md). */
export const defaultPolicies: readonly SlaPolicy[] = [statutoryPolicy, studioSuggestionPolicy, hotlinePolicy];

export const policyStore = /* @__PURE__ */ once(
  () => new DynamoPolicyStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

const policyLoader = /* @__PURE__ */ once(() =>
  cachedLoader(async (): Promise<readonly SlaPolicy[]> => {
    const stored = await policyStore().list();
    return stored.length > 0 ? stored : defaultPolicies;
  }),
);

/** The SLA policies the admins maintain (the defaults while none are stored), reloaded every 30 s. */
export const policies = (): Promise<readonly SlaPolicy[]> => policyLoader()();
