import type { StaffCaseView } from '../../../shared/domain/case/staff-view.ts';
import type { CaseSummary } from '../../../shared/ports/case-store.ts';
import { normalizePhone } from '../../../shared/schemas/phone-format.ts';
import { formatTime } from './format.ts';
import { t } from './i18n.ts';

/** Pure rules of the console (unit-tested in test/unit/console/): what a list row and an action show. */

export type Urgency = 'red' | 'yellow' | 'overdue' | 'soon' | 'ok';

type DeadlineFields = Pick<CaseSummary, 'status' | 'deadlines' | 'overdue'>;

/** The deadline that matters next, as the inbox sorts by it: acknowledge, then reply, then the survey. */
export function nextDeadline(
  item: DeadlineFields,
): { name: 'acknowledgeBy' | 'replyBy' | 'surveyBy'; at: string; provisional: boolean } | null {
  const pick = (name: 'acknowledgeBy' | 'replyBy' | 'surveyBy') => {
    const deadline = item.deadlines[name];
    return deadline ? { name, at: deadline.at, provisional: deadline.provisional } : null;
  };
  switch (item.status) {
    case 'triage':
    case 'assigned':
      return pick('acknowledgeBy');
    case 'acknowledged':
      return pick('replyBy');
    case 'closed':
      return pick('surveyBy');
    default:
      return null;
  }
}

/** Red and yellow cards come from the escalation sweep; before it runs, a passed deadline still shows. */
export function urgency(item: DeadlineFields, now = Date.now()): Urgency {
  if (item.overdue?.card === 'red') return 'red';
  if (item.overdue?.card === 'yellow') return 'yellow';
  const next = nextDeadline(item);
  if (!next || item.status === 'closed') return 'ok';
  const left = Date.parse(next.at) - now;
  if (left < 0) return 'overdue';
  if (left < 24 * 3600_000) return 'soon';
  return 'ok';
}

export interface ConflictProblem {
  readonly status: number;
  readonly type?: string;
  readonly title: string;
  readonly changedBy?: string;
  readonly changedAt?: string;
}

/** "已被 X 于 T 修改，请刷新": the message of a 409 version conflict, or null for any other error. */
export function conflictMessage(problem: ConflictProblem): string | null {
  if (problem.status !== 409 || !problem.type?.endsWith(':version-conflict')) return null;
  return problem.changedBy && problem.changedAt
    ? t('conflict', { by: problem.changedBy, at: formatTime(problem.changedAt) })
    : t('conflictUnknown');
}

export type DeadlineName = 'acknowledgeBy' | 'replyBy' | 'objectionUntil' | 'surveyBy';

/** Which deadline an action satisfies, moves or depends on: shown next to the action. */
export const deadlineAffected: Readonly<Record<string, DeadlineName | null>> = {
  accept: 'acknowledgeBy',
  assign: 'acknowledgeBy',
  reassign: 'acknowledgeBy',
  acknowledge: 'acknowledgeBy',
  return: 'objectionUntil',
  reply: 'replyBy',
  requestExtension: 'replyBy',
  decideExtension: 'replyBy',
  close: 'surveyBy',
  reopen: 'replyBy',
  reject: null,
  note: null,
  linkDuplicate: null,
  answerSurvey: 'surveyBy',
  archive: null,
  classify: null,
  requestReview: null,
  decideReview: null,
  requestRecheck: null,
  decideRecheck: null,
};

/** Lifecycle command → the API action segment (`POST /api/staff/cases/{caseId}/{action}`). */
export const actionPath: Readonly<Record<string, string>> = {
  assignOwner: 'assign-owner',
  accept: 'accept',
  reject: 'reject',
  assign: 'assign',
  reassign: 'reassign',
  acknowledge: 'acknowledge',
  return: 'return',
  reply: 'reply',
  requestExtension: 'request-extension',
  decideExtension: 'decide-extension',
  close: 'close',
  reopen: 'reopen',
  archive: 'archive',
  note: 'note',
  linkDuplicate: 'link-duplicate',
  answerSurvey: 'callback',
  classify: 'classify',
  requestReview: 'request-review',
  decideReview: 'decide-review',
  requestRecheck: 'request-recheck',
  decideRecheck: 'decide-recheck',
  referToTeam: 'refer-team',
  answerReferral: 'team-answer',
};

/** The same phone rules as the API (shared, no zod): a mainland mobile or a landline with area code. */
export function looksLikePhone(value: string): boolean {
  return normalizePhone(value) !== null;
}

/**
 * What a deadline on the case page says. Only a deadline that is still running counts down; one that was met
 * says so (on time or late, with the date); one the escalation sweep carded says overdue whatever the browser's
 * clock believes (the server's clock decides); the rest show their date only.
 */
export type DeadlineState =
  | { readonly kind: 'running' }
  | { readonly kind: 'met'; readonly at: string; readonly onTime: boolean }
  | { readonly kind: 'carded'; readonly card: 'yellow' | 'red' }
  | { readonly kind: 'unanswered' }
  | { readonly kind: 'idle' };

type DeadlineCase = Pick<
  StaffCaseView,
  'status' | 'deadlines' | 'overdue' | 'acknowledgedAt' | 'assignedAt' | 'repliedAt' | 'survey'
>;

const handling = new Set(['triage', 'assigned', 'acknowledged']);
const pastReply = new Set(['replied', 'closed', 'archived', 'reviewing', 'reviewed', 'rechecking']);

export function deadlineState(item: DeadlineCase, name: DeadlineName): DeadlineState {
  const deadline = item.deadlines[name];
  if (!deadline) return { kind: 'idle' };
  const met = (at: string | undefined): DeadlineState =>
    at ? { kind: 'met', at, onTime: Date.parse(at) <= Date.parse(deadline.at) } : { kind: 'idle' };
  const carded = (alert: 'acknowledge' | 'reply'): DeadlineState | null =>
    item.overdue?.deadline === alert ? { kind: 'carded', card: item.overdue.card } : null;
  switch (name) {
    case 'acknowledgeBy':
      if (item.status === 'triage' || item.status === 'assigned')
        return carded('acknowledge') ?? { kind: 'running' };
      // Accepting at triage acknowledges too (the unit keeps the case): the assignment is the moment.
      return met(item.acknowledgedAt ?? (item.status === 'rejected' ? undefined : item.assignedAt));
    case 'replyBy':
      if (handling.has(item.status)) return carded('reply') ?? { kind: 'running' };
      return pastReply.has(item.status) ? met(item.repliedAt) : { kind: 'idle' };
    case 'objectionUntil':
      return item.status === 'assigned' || item.status === 'acknowledged'
        ? { kind: 'running' }
        : { kind: 'idle' };
    case 'surveyBy':
      if (item.survey?.status === 'answered') return met(item.survey.answeredAt);
      if (item.survey?.status === 'expired') return { kind: 'unanswered' };
      return item.status === 'closed' && item.survey?.status === 'pending'
        ? { kind: 'running' }
        : { kind: 'idle' };
  }
}
