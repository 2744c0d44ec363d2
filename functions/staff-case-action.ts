import { surveySecret } from '../shared/config/env.ts';
import { toStaffView } from '../shared/domain/case/staff-view.ts';
import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { calendar, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { staffUsers } from '../shared/runtime/deps/staff.ts';
import { staffActionPathSchema, staffActionSchemas } from '../shared/schemas/staff-actions.ts';
import { performStaffAction } from '../shared/use-cases/staff/perform-staff-action.ts';

/** One command on one case: acknowledge, reply, return, extension, close, … (DESIGN §5). */
export const handler = staffHandler(['liaison', 'handler', 'supervisor'], async (event) => {
  const { caseId, action } = parseWith(staffActionPathSchema, event.pathParameters ?? {});
  const body = parseJsonBody(event, staffActionSchemas[action]);
  const decision = await performStaffAction(
    { store: caseStore(), calendar, policies, surveySecret, catalog, staff: staffUsers },
    { actor: event.actor, caseId, action, body, now: new Date() },
  );
  return json(200, toStaffView(decision.case, [decision.event], event.actor));
});
