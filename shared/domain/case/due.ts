// Straight from the modules, not the calendar's index: registering a case (every intake function) needs the
// date helpers only, never chinese-days' tables, which load with the work calendar where one is used.
import { addDays, startOfShanghaiDay, toShanghaiDate } from '../calendar/shanghai-time.ts';
import type { WorkCalendar } from '../calendar/work-calendar.ts';
import { DEFAULT_AUTO_CLOSE_AFTER, type SlaPolicy } from '../policy/sla-policy.ts';
import type { AlertDeadline, Case, CaseDeadline, DueKind } from './model.ts';

/**
 * When a sweep next has to look at a case, and why. Stored on the case and projected into a sparse index,
 * so the deadline sweep reads only cases with something due, whatever the number of open cases.
 */

/** A case still `registered` after this long missed its routing message and is re-driven. */
export const STUCK_AFTER_MS = 2 * 60 * 1000;

/** Reminders go out when offices open. */
const REMINDER_HOUR_MS = 9 * 3_600_000;

/** 09:00 Shanghai on the working day `leadWorkingDays` working days before the deadline's day. */
export function reminderAt(calendar: WorkCalendar, deadlineAt: string, leadWorkingDays: number): string {
  let date = toShanghaiDate(new Date(deadlineAt));
  for (let counted = 0; counted < leadWorkingDays; ) {
    date = addDays(date, -1);
    if (calendar.isWorkday(date)) counted++;
  }
  return new Date(startOfShanghaiDay(date).getTime() + REMINDER_HOUR_MS).toISOString();
}

export interface PendingAlert {
  readonly alert: string;
  readonly deadline: AlertDeadline;
  readonly kind: 'reminder' | 'yellow' | 'red';
  readonly at: string;
}

/** The deadline reminders and cards run against: acknowledge, reply, or a review body's decision. */
function alertingDeadline(item: Case): [AlertDeadline, CaseDeadline | undefined] | null {
  switch (item.status) {
    case 'triage':
    case 'assigned':
      return ['acknowledge', item.deadlines.acknowledgeBy];
    case 'acknowledged':
      return ['reply', item.deadlines.replyBy];
    case 'reviewing':
      return ['decision', item.deadlines.reviewBy];
    case 'rechecking':
      return ['decision', item.deadlines.recheckBy];
    default:
      return null;
  }
}

/** The reminder and both cards of the deadline the case is currently running against, in time order. */
export function alertsFor(item: Case, calendar: WorkCalendar, policy: SlaPolicy): PendingAlert[] {
  const running = alertingDeadline(item);
  if (!running?.[1]) return [];
  const [deadline, due] = running;
  const at = Date.parse(due.at);
  const redAt =
    policy.redCardAfter.unit === 'workingDays'
      ? calendar.addWorkingDays(new Date(at), policy.redCardAfter.amount).at
      : calendar.addCalendarDays(new Date(at), policy.redCardAfter.amount).at;
  const all: PendingAlert[] = [
    {
      alert: `${deadline}:reminder`,
      deadline,
      kind: 'reminder',
      at: reminderAt(calendar, due.at, policy.reminderLeadWorkingDays),
    },
    { alert: `${deadline}:yellow`, deadline, kind: 'yellow', at: due.at },
    { alert: `${deadline}:red`, deadline, kind: 'red', at: redAt },
  ];
  const sent = new Set(item.alertsSent ?? []);
  return all.filter((candidate) => !sent.has(candidate.alert));
}

/**
 * 办结 by the system: a replied case the unit has not closed is closed at 09:00 on the day `autoCloseAfter`
 * after the reply (default 3 working days), so no case waits in `replied` forever and the survey goes out in
 * office hours. Undefined for any other state.
 */
export function autoCloseAt(item: Case, calendar: WorkCalendar, policy: SlaPolicy): string | undefined {
  if (item.status !== 'replied' || !item.repliedAt) return undefined;
  const after = policy.autoCloseAfter ?? DEFAULT_AUTO_CLOSE_AFTER;
  const from = new Date(item.repliedAt);
  const end =
    after.unit === 'workingDays'
      ? calendar.addWorkingDays(from, after.amount)
      : calendar.addCalendarDays(from, after.amount);
  return new Date(
    startOfShanghaiDay(toShanghaiDate(new Date(end.at))).getTime() + REMINDER_HOUR_MS,
  ).toISOString();
}

/**
 * The deadline the case's state runs against, whoever has to act: the unit (acknowledge, reply, close), the
 * petitioner (survey, asking for 复查 or 复核) or a review body (its decision). Undefined only for `registered`
 * (its due entry is the stuck re-drive, minutes away) and for concluded states.
 */
export function runningDeadline(
  item: Case,
  calendar: WorkCalendar,
  policy: SlaPolicy,
): { name: string; at: string } | undefined {
  const named = (name: string, deadline: CaseDeadline | undefined) =>
    deadline ? { name, at: deadline.at } : undefined;
  switch (item.status) {
    case 'triage':
    case 'assigned':
      return named('acknowledgeBy', item.deadlines.acknowledgeBy);
    case 'acknowledged':
      return named('replyBy', item.deadlines.replyBy);
    case 'replied': {
      const at = autoCloseAt(item, calendar, policy);
      return at ? { name: 'closeAt', at } : undefined;
    }
    case 'closed':
      return item.survey?.status === 'pending'
        ? named('surveyBy', item.deadlines.surveyBy)
        : named('reviewRequestBy', item.deadlines.reviewRequestBy);
    case 'reviewing':
      return named('reviewBy', item.deadlines.reviewBy);
    case 'reviewed':
      return named('recheckRequestBy', item.deadlines.recheckRequestBy);
    case 'rechecking':
      return named('recheckBy', item.deadlines.recheckBy);
    default:
      return undefined;
  }
}

export function nextDue(
  item: Case,
  calendar: WorkCalendar,
  policy: SlaPolicy,
): { kind: DueKind; at: string } | undefined {
  if (item.status === 'registered')
    return { kind: 'stuck', at: new Date(Date.parse(item.updatedAt) + STUCK_AFTER_MS).toISOString() };
  if (item.status === 'closed' && item.survey?.status === 'pending' && item.deadlines.surveyBy) {
    return { kind: 'survey', at: item.deadlines.surveyBy.at };
  }
  // The petitioner's window to ask for 复查 (after a final 不满意) or 复核: when it passes, the case concludes.
  const window =
    item.status === 'closed' && item.survey?.status === 'answered'
      ? item.deadlines.reviewRequestBy
      : item.status === 'reviewed'
        ? item.deadlines.recheckRequestBy
        : undefined;
  if (window) return { kind: 'conclude', at: window.at };
  const closeAt = autoCloseAt(item, calendar, policy);
  if (closeAt) return { kind: 'close', at: closeAt };
  const [first] = alertsFor(item, calendar, policy);
  return first ? { kind: 'deadline', at: first.at } : undefined;
}
