import { surveySecret } from '../shared/config/env.ts';
import { NotFoundError } from '../shared/errors/index.ts';
import { parseJsonBody } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { calendar, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { answerSurvey, surveyAnswerSchema, surveyTokenPathSchema } from '../shared/use-cases/surveys.ts';

/** Public: records the petitioner's rating once (DESIGN §5); 409 a second time, 410 once expired. */
export const handler = publicHandler('submit', async (event) => {
  const parsed = surveyTokenPathSchema.safeParse(event.pathParameters ?? {});
  if (!parsed.success) throw new NotFoundError();
  const answer = parseJsonBody(event, surveyAnswerSchema, 8 * 1024);
  const result = await answerSurvey(
    { store: caseStore(), calendar, policies, surveySecret, catalog },
    parsed.data.token,
    answer,
    new Date(),
  );
  return json(200, result);
});
