import { durationOf, formatDay, formatDuration } from '../policy/duration-text.ts';
import type { Catalog } from '../reference/model.ts';
import type { Case, CaseEvent, CaseStatus } from './model.ts';

/**
 * What a petitioner sees on the tracking page: plain-language status and a timeline without staff names,
 * routing internals or anyone's personal data.
 */

export const publicStatusText: Record<CaseStatus, { zh: string; en: string }> = {
  registered: { zh: '已登记，正在分派承办单位', en: 'Registered; finding the responsible unit' },
  triage: { zh: '正在确定承办单位', en: 'Being assigned by the petition office' },
  assigned: { zh: '已交办，等待承办单位签收', en: 'Assigned; waiting for the unit to acknowledge' },
  acknowledged: { zh: '承办单位正在办理', en: 'Being handled by the unit' },
  replied: { zh: '承办单位已答复', en: 'The unit has replied' },
  closed: { zh: '已办结，请您评价', en: 'Closed; please rate how it was handled' },
  archived: { zh: '已归档', en: 'Archived' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  reviewing: { zh: '复查中（上一级机关办理）', en: 'Under review by the level above' },
  reviewed: { zh: '已出复查意见', en: 'The review opinion has been given' },
  rechecking: { zh: '复核中', en: 'Under recheck by the next level above' },
};

export interface PublicTimelineEntry {
  readonly at: string;
  readonly type: string;
  readonly text: string;
}

export interface PublicCaseView {
  readonly trackingCode: string;
  readonly status: CaseStatus;
  readonly statusText: string;
  readonly categoryCode: string | null;
  readonly unit?: { readonly id: string; readonly name: string };
  readonly deadlines: {
    readonly acknowledgeBy?: string;
    readonly replyBy?: string;
    /** Until when the petitioner may ask for 复查 / 复核, and when the review body must decide. */
    readonly reviewRequestBy?: string;
    readonly reviewBy?: string;
    readonly recheckRequestBy?: string;
    readonly recheckBy?: string;
    readonly provisional: boolean;
  };
  /** What really happens next, in plain words (both languages: the page picks one). */
  readonly nextStep?: { readonly zh: string; readonly en: string };
  readonly timeline: readonly PublicTimelineEntry[];
  readonly reply?: { readonly text: string; readonly at: string };
  /** Confidential petitions show neither title nor text on the tracking page. */
  readonly confidential: boolean;
  /**
   * What the petitioner wrote, so they recognise their petition (rendered as text, never as HTML). Only for
   * the holder of the code and the phone's last four digits, and left out for confidential petitions.
   */
  readonly petition?: { readonly title: string; readonly content: string; readonly photos: number };
  /** The satisfaction survey of the current round (DESIGN §5); the URL ends with its token. */
  readonly survey?: PublicSurvey;
}

export interface PublicSurvey {
  readonly url: string;
  /** `expired` as soon as the window has passed, even before the nightly job archives the case. */
  readonly status: 'pending' | 'answered' | 'expired' | 'withdrawn';
  readonly expiresAt?: string;
}

export interface PublicViewOptions {
  /** Builds the survey link of a round (needs the survey secret, which this pure module never sees). */
  readonly surveyUrl?: (caseId: string, round: number) => string;
  readonly now?: Date;
}

function unitName(catalog: Catalog, unitId: unknown): string {
  return catalog.units.find((unit) => unit.unitId === unitId)?.nameZh ?? '承办单位';
}

const ratingText = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' } as const;
const outcomeText = { upheld: '维持原处理意见', revised: '变更原处理意见' } as const;

const day = formatDay;

function surveyOutcomeText(data: Record<string, unknown>): string {
  switch (data.outcome) {
    case 'reopened':
      return '，已交承办单位重新办理';
    case 'review':
      return `，已申请复查，由${String(data.body ?? '上一级机关')}办理`;
    case 'reviewable':
      return typeof data.until === 'string'
        ? `。如对处理意见不服，可于${day(data.until)}前申请复查`
        : '。如对处理意见不服，可申请上一级机关复查';
    default:
      return '';
  }
}

/** Public wording per event; `null` keeps staff-internal events (notes, reminders, cards) off the public page. */
export function eventText(event: CaseEvent, catalog: Catalog): string | null {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'registered':
      return '您的诉求已登记';
    case 'triaged':
      return `已转${unitName(catalog, event.changes.unitId?.after)}确定承办单位`;
    case 'accepted':
      return `${unitName(catalog, event.changes.unitId?.after ?? null)}已受理`;
    case 'assigned':
    case 'reassigned':
      return `已交办至${unitName(catalog, event.changes.unitId?.after)}`;
    case 'returned':
      return '正在重新确定承办单位';
    case 'rejected':
      return `不予受理：${String(data.reason ?? '')}`;
    case 'acknowledged':
      return '承办单位已签收，正在办理';
    case 'replied':
      return '承办单位已答复';
    case 'extensionDecided': {
      const extension = durationOf(data.days, data.unit);
      return data.approved && extension
        ? `办理期限延长${formatDuration(extension)}，原因：${String(data.reason ?? '')}`
        : null;
    }
    case 'closed':
      return '已办结，请您对办理结果进行评价';
    case 'surveyAnswered':
      return `您的评价：${ratingText[data.rating as keyof typeof ratingText] ?? ''}${surveyOutcomeText(data)}`;
    case 'surveyExpired':
      return '评价期已过，未收到评价';
    case 'reopened':
      return '已交承办单位重新办理';
    case 'archived':
      return '已归档';
    case 'followedUp':
      return '您补充了新的情况';
    case 'reviewRequested':
      return `复查申请已受理，由${String(data.body ?? '上一级机关')}办理`;
    case 'reviewDecided':
      return `复查意见（${String(data.body ?? '')}）：${outcomeText[data.outcome as keyof typeof outcomeText] ?? ''}。${String(data.opinion ?? '')}`;
    case 'recheckRequested':
      return `复核申请已受理，由${String(data.body ?? '上一级机关')}办理`;
    case 'recheckDecided':
      return `复核意见（${String(data.body ?? '')}）：${outcomeText[data.outcome as keyof typeof outcomeText] ?? ''}。${String(data.opinion ?? '')}。此件已终结`;
    case 'concluded':
      return data.stage === 'review'
        ? '复核申请期限已过，复查意见为最终意见，此件已终结'
        : '复查申请期限已过，此件已终结';
    case 'teamReferred':
      return `已请${unitName(catalog, data.teamId)}协助办理`;
    case 'teamAnswered':
    case 'extensionRequested':
    case 'noted':
    case 'duplicateLinked':
    case 'reminded':
    case 'escalated':
    case 'deadlinesRecomputed':
    case 'classified':
      return null;
  }
}

/**
 * What happens next, as the petitioner should understand it: who acts, by when, and what they may do. Every
 * open state says something; concluded ones say that nothing more happens.
 */
export function nextStep(item: Case, catalog: Catalog): { zh: string; en: string } | undefined {
  const d = item.deadlines;
  const unit = unitName(catalog, item.unitId);
  switch (item.status) {
    case 'registered':
    case 'triage':
      return {
        zh: '正在确定承办单位，确定后会短信告知您',
        en: 'The responsible unit is being chosen; you will be told by SMS',
      };
    case 'assigned':
      return d.replyBy
        ? {
            zh: `${unit}将签收并于${day(d.replyBy.at)}前答复您`,
            en: `${unit} will take it on and reply by ${d.replyBy.at.slice(0, 10)}`,
          }
        : undefined;
    case 'acknowledged':
      return d.replyBy
        ? {
            zh: `${unit}正在办理，将于${day(d.replyBy.at)}前答复您`,
            en: `${unit} is handling it and will reply by ${d.replyBy.at.slice(0, 10)}`,
          }
        : undefined;
    case 'replied':
      return { zh: '办结后将请您评价办理结果', en: 'Once closed, you will be asked to rate the handling' };
    case 'closed':
      if (item.survey?.status === 'pending')
        return {
          zh:
            item.reopenCount === 0
              ? '请评价办理结果：不满意的，承办单位将重新办理；也可直接申请上一级机关复查'
              : '请评价办理结果：如仍不满意，可申请上一级机关复查',
          en:
            item.reopenCount === 0
              ? 'Please rate the handling: if dissatisfied the unit handles it again, or you may ask the level above for a review'
              : 'Please rate the handling: if still dissatisfied you may ask the level above for a review',
        };
      return d.reviewRequestBy
        ? {
            zh: `如对处理意见不服，可于${day(d.reviewRequestBy.at)}前向${item.review?.body ?? '上一级机关'}申请复查；逾期此件终结`,
            en: `If you disagree, you may ask for a review by ${d.reviewRequestBy.at.slice(0, 10)}; after that the case concludes`,
          }
        : undefined;
    case 'reviewing':
      return d.reviewBy
        ? {
            zh: `${item.review?.body ?? '上一级机关'}将于${day(d.reviewBy.at)}前作出复查意见并书面答复您`,
            en: `The reviewing body will give its opinion by ${d.reviewBy.at.slice(0, 10)}`,
          }
        : undefined;
    case 'reviewed':
      return d.recheckRequestBy
        ? {
            zh: `如对复查意见不服，可于${day(d.recheckRequestBy.at)}前向上一级机关申请复核；逾期复查意见为最终意见`,
            en: `If you disagree with the review, you may ask for a recheck by ${d.recheckRequestBy.at.slice(0, 10)}`,
          }
        : undefined;
    case 'rechecking':
      return d.recheckBy
        ? {
            zh: `${item.recheck?.body ?? '上一级机关'}将于${day(d.recheckBy.at)}前作出复核意见；复核意见为最终意见`,
            en: `The rechecking body will decide by ${d.recheckBy.at.slice(0, 10)}; its opinion is final`,
          }
        : undefined;
    case 'archived':
      return item.archiveReason === 'concluded'
        ? {
            zh: '此件已终结，以同一事实和理由再次提出的不再受理',
            en: 'The case has concluded; the same matter is not taken up again',
          }
        : undefined;
    case 'rejected':
      return d.reviewRequestBy
        ? {
            zh: `如对不予受理有异议，可于${day(d.reviewRequestBy.at)}前向上一级机关申请复查`,
            en: `If you object, you may ask the level above for a review by ${d.reviewRequestBy.at.slice(0, 10)}`,
          }
        : undefined;
  }
}

function publicSurvey(item: Case, options: PublicViewOptions): PublicSurvey | undefined {
  const survey = item.survey;
  if (!survey || !options.surveyUrl) return undefined;
  const until = item.deadlines.surveyBy?.at;
  const now = options.now ?? new Date();
  const status =
    survey.status === 'pending' && until && now.getTime() > Date.parse(until) ? 'expired' : survey.status;
  return {
    url: options.surveyUrl(item.caseId, survey.round),
    status,
    ...(until && survey.status === 'pending' ? { expiresAt: until } : {}),
  };
}

export function toPublicView(
  item: Case,
  events: readonly CaseEvent[],
  catalog: Catalog,
  options: PublicViewOptions = {},
): PublicCaseView {
  const survey = publicSurvey(item, options);
  const timeline: PublicTimelineEntry[] = [];
  for (const event of events) {
    const text = eventText(event, catalog);
    if (text) timeline.push({ at: event.at, type: event.type, text });
  }
  const { acknowledgeBy, replyBy, reviewRequestBy, reviewBy, recheckRequestBy, recheckBy } = item.deadlines;
  const next = nextStep(item, catalog);
  return {
    trackingCode: item.trackingCode,
    status: item.status,
    statusText: publicStatusText[item.status].zh,
    categoryCode: item.categoryCode ?? null,
    ...(item.unitId && item.status !== 'registered'
      ? { unit: { id: item.unitId, name: unitName(catalog, item.unitId) } }
      : {}),
    deadlines: {
      ...(acknowledgeBy ? { acknowledgeBy: acknowledgeBy.at } : {}),
      ...(replyBy ? { replyBy: replyBy.at } : {}),
      ...(reviewRequestBy ? { reviewRequestBy: reviewRequestBy.at } : {}),
      ...(reviewBy ? { reviewBy: reviewBy.at } : {}),
      ...(recheckRequestBy ? { recheckRequestBy: recheckRequestBy.at } : {}),
      ...(recheckBy ? { recheckBy: recheckBy.at } : {}),
      provisional: [acknowledgeBy, replyBy, reviewRequestBy, reviewBy, recheckRequestBy, recheckBy].some(
        (deadline) => deadline?.provisional,
      ),
    },
    ...(next ? { nextStep: next } : {}),
    timeline,
    ...(item.reply ? { reply: { text: item.reply.text, at: item.reply.at } } : {}),
    confidential: item.confidential,
    ...(item.confidential
      ? {}
      : {
          petition: {
            title: item.title,
            content: item.content,
            photos: item.attachments?.filter((attachment) => attachment.source === 'photo').length ?? 0,
          },
        }),
    ...(survey ? { survey } : {}),
  };
}
