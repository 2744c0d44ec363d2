import * as z from 'zod';
import { CaseVersionConflictError, CommandRefusedError } from '../domain/case/errors.ts';
import { type Case, publicActor, type SurveyRating, surveyRatings } from '../domain/case/model.ts';
import { formatDuration } from '../domain/policy/duration-text.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { surveyTokenHash, verifySurveyToken } from '../domain/survey/token.ts';
import { NotFoundError } from '../errors/index.ts';
import { paragraphText } from '../schemas/text.ts';
import { type ActOnCaseDeps, applyCommand, policyFor } from './act-on-case.ts';

/**
 * The petitioner's satisfaction survey (反馈, DESIGN §5): the link's token names the case and the survey
 * round and is checked against the hash the case keeps. A forged or unknown token is a 404 that says no
 * more than "not found"; an answered survey refuses a second answer (409); an expired or withdrawn one is
 * gone (410). Answers go through the state machine: a first 不满意 sends the case back to the unit (重新办理);
 * a later one leaves the petitioner 30 days from the reply to ask the level above for 复查 (信访工作条例 Art. 35),
 * which they may also do at once with the answer (`requestReview`).
 */

export interface SurveyDeps extends ActOnCaseDeps {
  readonly surveySecret: () => string;
  readonly catalog: () => Promise<Catalog>;
}

/** `superseded`: a newer round exists (the case was reviewed after this answer and closed again). */
export type PublicSurveyStatus = 'pending' | 'answered' | 'expired' | 'withdrawn' | 'superseded';

export interface PublicSurveyView {
  readonly trackingCode: string;
  readonly status: PublicSurveyStatus;
  readonly canAnswer: boolean;
  /** 1 for the first survey, 2 after the unit handled it again (重新办理). */
  readonly round: number;
  /** What 不满意 leads to: the unit handles it again (`redo`), or the petitioner may ask for 复查 (`review`). */
  readonly ifDissatisfied: 'redo' | 'review';
  /** The body that decides a 复查 ("the level above"), named so the petitioner knows where it goes. */
  readonly reviewBody: string;
  /** How long after the reply 复查 may be asked for, with its unit (e.g. 30日). */
  readonly reviewWindow: string;
  readonly expiresAt?: string;
  readonly unitName?: string;
  readonly answeredAt?: string;
  readonly rating?: SurveyRating;
}

/** `POST /api/surveys/{token}` (DESIGN §5). */
export const surveyAnswerSchema = z.strictObject({
  rating: z.enum(surveyRatings),
  comment: paragraphText(1, 500).optional(),
  /** With 不满意: ask the level above for 复查 now (信访工作条例 Art. 35). */
  requestReview: z.boolean().optional(),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

/** The token as it arrives in the path; its shape is checked by `verifySurveyToken` (a bad one is a 404). */
export const surveyTokenPathSchema = z.object({ token: z.string().min(1).max(120) });

export interface SurveyAnswerResult {
  readonly trackingCode: string;
  readonly status: 'answered';
  readonly rating: SurveyRating;
  /**
   * archived: done; reopened: the unit handles it again (重新办理); review: 复查 requested, the level above decides;
   * reviewable: the petitioner may still ask for 复查 until `reviewRequestBy`, after which the case concludes.
   */
  readonly outcome: 'archived' | 'reopened' | 'review' | 'reviewable';
  readonly reviewRequestBy?: string;
  readonly reviewBy?: string;
}

const notFound = () =>
  new NotFoundError({ zh: '评价链接无效，请核对短信中的链接', en: 'This survey link is not valid' });

const gone = (type: 'survey-expired' | 'survey-closed') =>
  new CommandRefusedError(
    type,
    type === 'survey-expired'
      ? { zh: '评价链接已过期', en: 'The survey link has expired' }
      : { zh: '此次评价已结束', en: 'This survey is closed' },
    {},
    410,
  );

const alreadyAnswered = () =>
  new CommandRefusedError(
    'survey-already-answered',
    { zh: '该评价已经提交过', en: 'This survey has already been answered' },
    {},
    409,
  );

interface Resolved {
  readonly item: Case;
  readonly round: number;
}

/** The case a token belongs to; anything that does not check out is the same 404. */
async function resolve(deps: SurveyDeps, token: string): Promise<Resolved> {
  const claimed = verifySurveyToken(deps.surveySecret(), token);
  if (!claimed) throw notFound();
  const item = await deps.store.get(claimed.caseId);
  const survey = item?.survey;
  if (!item || !survey || claimed.round > survey.round) throw notFound();
  if (claimed.round === survey.round && survey.tokenHash !== surveyTokenHash(token)) throw notFound();
  return { item, round: claimed.round };
}

function statusOf({ item, round }: Resolved, now: Date): PublicSurveyStatus {
  const survey = item.survey!;
  if (round < survey.round) return 'superseded';
  const until = item.deadlines.surveyBy?.at;
  if (survey.status === 'pending' && until && now.getTime() > Date.parse(until)) return 'expired';
  return survey.status;
}

export async function viewSurvey(deps: SurveyDeps, token: string, now: Date): Promise<PublicSurveyView> {
  const resolved = await resolve(deps, token);
  const { item, round } = resolved;
  const status = statusOf(resolved, now);
  const current = round === item.survey!.round ? item.survey! : undefined;
  const [catalog, policies] = await Promise.all([deps.catalog(), deps.policies()]);
  const unitName = catalog.units.find((unit) => unit.unitId === item.unitId)?.nameZh;
  const policy = policyFor(item, policies);
  return {
    trackingCode: item.trackingCode,
    status,
    canAnswer: status === 'pending',
    round,
    ifDissatisfied: item.reopenCount === 0 ? 'redo' : 'review',
    reviewBody: policy.reviewBody,
    reviewWindow: formatDuration(policy.reviewRequestWindow),
    ...(current && item.deadlines.surveyBy ? { expiresAt: item.deadlines.surveyBy.at } : {}),
    ...(unitName ? { unitName } : {}),
    ...(current?.status === 'answered' && current.answeredAt
      ? { answeredAt: current.answeredAt, ...(current.rating ? { rating: current.rating } : {}) }
      : {}),
  };
}

export async function answerSurvey(
  deps: SurveyDeps,
  token: string,
  answer: SurveyAnswer,
  now: Date,
): Promise<SurveyAnswerResult> {
  for (let attempt = 0; ; attempt++) {
    const resolved = await resolve(deps, token);
    const status = statusOf(resolved, now);
    if (status === 'answered') throw alreadyAnswered();
    if (status === 'expired') throw gone('survey-expired');
    if (status !== 'pending') throw gone('survey-closed');
    try {
      const decision = await applyCommand(deps, resolved.item, {
        command: {
          type: 'answerSurvey',
          rating: answer.rating,
          via: 'web',
          ...(answer.comment ? { comment: answer.comment } : {}),
          ...(answer.requestReview ? { requestReview: true } : {}),
        },
        actor: publicActor,
        now,
      });
      return {
        trackingCode: decision.case.trackingCode,
        status: 'answered',
        rating: answer.rating,
        outcome: decision.event.data.outcome as SurveyAnswerResult['outcome'],
        ...(decision.case.deadlines.reviewRequestBy && decision.case.status === 'closed'
          ? { reviewRequestBy: decision.case.deadlines.reviewRequestBy.at }
          : {}),
        ...(decision.case.deadlines.reviewBy && decision.case.status === 'reviewing'
          ? { reviewBy: decision.case.deadlines.reviewBy.at }
          : {}),
      };
    } catch (error) {
      // Someone else changed the case first (a double tap, a call-back): look again; a second answer is a 409.
      if (error instanceof CaseVersionConflictError && attempt < 2) continue;
      throw error;
    }
  }
}
