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
    readonly provisional: boolean;
  };
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

/** Public wording per event; `null` keeps staff-internal events (notes, reminders, cards) off the public page. */
function eventText(event: CaseEvent, catalog: Catalog): string | null {
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
    case 'extensionDecided':
      return data.approved
        ? `办理期限延长 ${String(data.days)} 日，原因：${String(data.reason ?? '')}`
        : null;
    case 'closed':
      return '已办结，请您对办理结果进行评价';
    case 'surveyAnswered':
      return `您的评价：${ratingText[data.rating as keyof typeof ratingText] ?? ''}`;
    case 'surveyExpired':
      return '评价期已过，未收到评价';
    case 'reopened':
      return '已启动复查';
    case 'archived':
      return '已归档';
    case 'teamReferred':
      return `已请${unitName(catalog, data.teamId)}协助办理`;
    case 'teamAnswered':
    case 'extensionRequested':
    case 'noted':
    case 'duplicateLinked':
    case 'reminded':
    case 'escalated':
    case 'deadlinesRecomputed':
      return null;
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
  const { acknowledgeBy, replyBy } = item.deadlines;
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
      provisional: Boolean(acknowledgeBy?.provisional || replyBy?.provisional),
    },
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
