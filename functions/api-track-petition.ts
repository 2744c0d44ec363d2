import * as z from 'zod';
import { parseWith } from '../shared/http/body.ts';
import { httpHandler } from '../shared/http/handler.ts';
import { json } from '../shared/http/responses.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { trackPetitionQuerySchema } from '../shared/schemas/petition.ts';
import { trackPetition } from '../shared/use-cases/track-petition.ts';

const pathSchema = z.object({ trackingCode: z.string().min(1).max(20) });

export const handler = httpHandler(async (event) => {
  const { trackingCode } = parseWith(pathSchema, event.pathParameters ?? {});
  const { phone } = parseWith(trackPetitionQuerySchema, event.queryStringParameters ?? {});
  return json(200, await trackPetition({ store: caseStore(), catalog }, trackingCode, phone));
});
