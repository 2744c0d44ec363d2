import { publicBaseUrl, surveySecret } from '../shared/config/env.ts';
import { surveyUrl } from '../shared/domain/survey/links.ts';
import { parseWith } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { messageTransport } from '../shared/runtime/deps/notifications.ts';
import { trackingGuard } from '../shared/runtime/deps/tracking-guard.ts';
import { trackingCodePathSchema, trackPetitionQuerySchema } from '../shared/schemas/petition.ts';
import { trackPetition } from '../shared/use-cases/track-petition.ts';

export const handler = publicHandler('read', async (event) => {
  const { trackingCode } = parseWith(trackingCodePathSchema, event.pathParameters ?? {});
  const { phone, unlock, unlockCode } = parseWith(
    trackPetitionQuerySchema,
    event.queryStringParameters ?? {},
  );
  const surveyLink = (caseId: string, round: number) =>
    surveyUrl(publicBaseUrl(), surveySecret(), caseId, round);
  return json(
    200,
    await trackPetition(
      {
        store: caseStore(),
        catalog,
        surveyUrl: surveyLink,
        guard: trackingGuard(),
        // Unlock links and codes are MACs under the survey secret, domain-separated ("unlock\n…",
        // "unlock-code\n…"): one secret less to run.
        unlock: { secret: surveySecret, publicBaseUrl, transport: messageTransport() },
      },
      trackingCode,
      phone,
      {
        now: new Date(),
        ...(unlock ? { unlockToken: unlock } : {}),
        ...(unlockCode ? { unlockCode } : {}),
      },
    ),
  );
});
