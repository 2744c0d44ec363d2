import { surveySecret } from '../shared/config/env.ts';
import { NotFoundError } from '../shared/errors/index.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { calendar, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { surveyTokenPathSchema, viewSurvey } from '../shared/use-cases/surveys.ts';

/** Public: what the survey page shows for a link (tracking code, state, whether it can still be answered). */
export const handler = publicHandler('read', async (event) => {
  const parsed = surveyTokenPathSchema.safeParse(event.pathParameters ?? {});
  if (!parsed.success) throw new NotFoundError();
  const view = await viewSurvey(
    { store: caseStore(), calendar, policies, surveySecret, catalog },
    parsed.data.token,
    new Date(),
  );
  return json(200, view);
});
