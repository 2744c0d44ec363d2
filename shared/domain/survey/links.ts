import type { Case } from '../case/model.ts';
import { surveyToken, surveyTokenHash } from './token.ts';

/**
 * The survey round a `close` opens: one per procedure, so a review (复查) after a dissatisfied answer gets
 * round 2 and a link of its own. Closing by staff and by the system build the same token.
 */
export function nextSurveyRound(item: Pick<Case, 'reopenCount'>): number {
  return item.reopenCount + 1;
}

/** What the case stores for the round it is about to open: only the token's hash, never the token. */
export function surveyTokenHashForClose(secret: string, item: Pick<Case, 'caseId' | 'reopenCount'>): string {
  return surveyTokenHash(surveyToken(secret, item.caseId, nextSurveyRound(item)));
}

/** The link sent to the petitioner and shown on the tracking page: it ends with the token. */
export function surveyUrl(publicBaseUrl: string, secret: string, caseId: string, round: number): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/survey.html?t=${surveyToken(secret, caseId, round)}`;
}
