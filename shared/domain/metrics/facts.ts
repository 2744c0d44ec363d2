import type { WorkCalendar } from '../calendar/index.ts';
import { endOfShanghaiDay, type LocalDate, toShanghaiDate } from '../calendar/shanghai-time.ts';
import type { Case, CaseStatus, Channel, SurveyRating } from '../case/model.ts';

/**
 * One case's facts for the monthly report card (docs/metrics.md), derived from the case item alone, so the
 * stream consumer can write them from a record's NewImage. The fact is keyed by the month the case was
 * registered and its id: replaying a record (streams deliver at least once) overwrites it with the same
 * values, and an older image never overwrites a newer one (the store writes only when `version` rises).
 * No personal data: ids, states and instants only.
 */

/** Report months are Shanghai calendar months: `2026-03`. */
export type ReportMonth = string & { readonly __brand: 'ReportMonth' };

export const REPORT_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isReportMonth(value: string): value is ReportMonth {
  return REPORT_MONTH_PATTERN.test(value);
}

/** The Shanghai month an instant falls in. */
export function monthOf(instant: Date | string): ReportMonth {
  const date: LocalDate = toShanghaiDate(new Date(instant));
  return date.slice(0, 7) as ReportMonth;
}

/** The month before `month` (`2026-01` → `2025-12`). */
export function previousMonth(month: ReportMonth): ReportMonth {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return (number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`) as ReportMonth;
}

/** `count` months ending with `month`, oldest first. */
export function monthsEndingWith(month: ReportMonth, count: number): ReportMonth[] {
  const months = [month];
  while (months.length < count) months.unshift(previousMonth(months[0]!));
  return months;
}

export interface CaseFact {
  readonly caseId: string;
  /** Month of registration (Shanghai): the cohort the case counts in. */
  readonly month: ReportMonth;
  /** The case version the fact was derived from; a fact is only ever replaced by a newer one. */
  readonly version: number;
  readonly status: CaseStatus;
  readonly channel: Channel;
  /** The unit holding the case (the last one, after re-routing or reassignment). */
  readonly unitId?: string;
  readonly studioId?: string;
  readonly categoryCode?: string;
  readonly registeredAt: string;
  readonly assignedAt?: string;
  readonly acknowledgeBy?: string;
  /** 签收 or, for a case not accepted (不予受理), the rejection: either way the unit responded. */
  readonly respondedAt?: string;
  readonly replyBy?: string;
  readonly repliedAt?: string;
  readonly closedAt?: string;
  readonly archivedAt?: string;
  readonly archiveReason?: NonNullable<Case['archiveReason']>;
  /** The latest survey round's state and, when answered, its rating and when. */
  readonly surveyStatus?: NonNullable<Case['survey']>['status'];
  readonly rating?: SurveyRating;
  readonly answeredAt?: string;
  readonly reopenCount: number;
  /** Shown a 督办 card (yellow or red) on this image. Sticky in the store: once carded, always counted. */
  readonly carded: boolean;
  /**
   * Working days from the latest assignment to the day of the first reply (`WorkCalendar.workingDaysBetween`
   * up to the end of the reply's day: replied the next working day is 1), set
   * only on images before any review: a review's second reply does not replace it (sticky in the store).
   */
  readonly workingDaysToReply?: number;
}

/** The fact a case image yields. */
export function caseFactFor(item: Case, calendar: WorkCalendar): CaseFact {
  const respondedAt = item.acknowledgedAt ?? item.rejection?.at;
  const survey = item.survey;
  const carded =
    item.overdue !== undefined ||
    (item.alertsSent ?? []).some((alert) => alert.endsWith(':yellow') || alert.endsWith(':red'));
  const firstReply = item.reopenCount === 0 && item.repliedAt && item.assignedAt;
  return {
    caseId: item.caseId,
    month: monthOf(item.createdAt),
    version: item.version,
    status: item.status,
    channel: item.channel,
    ...(item.unitId ? { unitId: item.unitId } : {}),
    ...(item.studioId ? { studioId: item.studioId } : {}),
    ...(item.categoryCode ? { categoryCode: item.categoryCode } : {}),
    registeredAt: item.createdAt,
    ...(item.assignedAt ? { assignedAt: item.assignedAt } : {}),
    ...(item.deadlines.acknowledgeBy ? { acknowledgeBy: item.deadlines.acknowledgeBy.at } : {}),
    ...(respondedAt ? { respondedAt } : {}),
    ...(item.deadlines.replyBy ? { replyBy: item.deadlines.replyBy.at } : {}),
    ...(item.repliedAt ? { repliedAt: item.repliedAt } : {}),
    ...(item.closedAt ? { closedAt: item.closedAt } : {}),
    ...(item.archivedAt ? { archivedAt: item.archivedAt } : {}),
    ...(item.archiveReason ? { archiveReason: item.archiveReason } : {}),
    ...(survey ? { surveyStatus: survey.status } : {}),
    ...(survey?.status === 'answered' && survey.rating ? { rating: survey.rating } : {}),
    ...(survey?.status === 'answered' && survey.answeredAt ? { answeredAt: survey.answeredAt } : {}),
    reopenCount: item.reopenCount,
    carded,
    ...(firstReply
      ? {
          workingDaysToReply: calendar.workingDaysBetween(
            new Date(item.assignedAt!),
            // The reply's whole day counts: replied on the next working day is 1, the same day 0.
            endOfShanghaiDay(toShanghaiDate(new Date(item.repliedAt!))),
          ),
        }
      : {}),
  };
}
