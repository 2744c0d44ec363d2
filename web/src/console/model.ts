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
