import type { Decision } from '../../domain/case/lifecycle.ts';
import type { Case, CaseEvent } from '../../domain/case/model.ts';
import { ownerSlot } from '../../domain/case/ownership.ts';
import { isUpdateEvent } from '../../domain/open311/updates.ts';
import {
  caseKey,
  duePartition,
  dueSortKey,
  eventKey,
  flagPartition,
  inboxPartition,
  OPEN311_CASES_PARTITION,
  OPEN311_UPDATES_PARTITION,
  open311UpdateSortKey,
  ownerPartition,
  studioCasesPartition,
  teamReferralKey,
} from './keys.ts';

const keyAttributes = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  // Written by tables made before county-wide lists read the unit inboxes; still stripped when read.
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'GSI5PK',
  'GSI5SK',
  'GSI6PK',
  'GSI6SK',
  'entity',
] as const;

/**
 * Stored beside an event, not part of it: the `due` its change derived (with the calendar and policy of the
 * moment), so the change can be completed from the event alone (`replayEvent`, docs/data-model.md).
 */
const EVENT_DUE_ATTRIBUTE = 'caseDue';

/** The deadline that orders inboxes: whatever has to happen next. */
export function nextDeadline(item: Case): string | undefined {
  switch (item.status) {
    case 'assigned':
    case 'triage':
      return item.deadlines.acknowledgeBy?.at;
    case 'acknowledged':
      return item.deadlines.replyBy?.at;
    case 'closed':
      return item.survey?.status === 'pending'
        ? item.deadlines.surveyBy?.at
        : item.deadlines.reviewRequestBy?.at;
    case 'reviewing':
      return item.deadlines.reviewBy?.at;
    case 'reviewed':
      return item.deadlines.recheckRequestBy?.at;
    case 'rechecking':
      return item.deadlines.recheckBy?.at;
    default:
      return undefined;
  }
}

export function toCaseItem(item: Case): Record<string, unknown> {
  const indexes: Record<string, string> = {};
  const ordering = `${nextDeadline(item) ?? '9999'}#${item.caseId}`;
  if (item.unitId) {
    indexes.GSI1PK = inboxPartition(item.unitId, item.status);
    indexes.GSI1SK = ordering;
  }
  const slot = ownerSlot(item);
  if (slot !== null && item.unitId) {
    indexes.GSI6PK = ownerPartition(item.unitId, slot);
    indexes.GSI6SK = ordering;
  }
  if (item.extensionPending) {
    indexes.GSI4PK = flagPartition('extension');
    indexes.GSI4SK = `${item.extensionPending.requestedAt}#${item.caseId}`;
  } else if (item.status === 'reviewing' || item.status === 'rechecking') {
    // 复查 and 复核 wait for a decision recorded by a supervisor: their list, oldest request first.
    const step = item.status === 'reviewing' ? item.review : item.recheck;
    indexes.GSI4PK = flagPartition('review');
    indexes.GSI4SK = `${step?.requestedAt ?? item.updatedAt}#${item.caseId}`;
  }
  if (item.studioId) {
    indexes.GSI5PK = studioCasesPartition(item.studioId);
    indexes.GSI5SK = `${item.createdAt}#${item.caseId}`;
  } else if (item.channel === 'open311') {
    // Open311 requests have no studio; the same sparse index lists them by time for `GET requests`.
    indexes.GSI5PK = OPEN311_CASES_PARTITION;
    indexes.GSI5SK = `${item.createdAt}#${item.caseId}`;
  }
  if (item.due) {
    indexes.GSI2PK = duePartition(item.due.kind);
    indexes.GSI2SK = dueSortKey(item.due.at, item.caseId);
  }
  return { ...caseKey(item.caseId), entity: 'case', ...indexes, ...item };
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const attribute of keyAttributes) delete copy[attribute];
  return copy as T;
}

export function fromCaseItem(item: Record<string, unknown>): Case {
  return stripKeys<Case>(item);
}

/**
 * An event item. The events an Open311 client hears about, of non-confidential cases that came in through
 * Open311, are also put in the sparse GSI5 under `OPEN311#UPDATES` by time: `servicerequestupdates` is one
 * Query for any window, whatever the number of cases.
 */
export function toEventItem(
  event: CaseEvent,
  owner?: Pick<Case, 'channel' | 'confidential' | 'due'>,
): Record<string, unknown> {
  const indexes =
    owner?.channel === 'open311' && !owner.confidential && isUpdateEvent(event)
      ? {
          GSI5PK: OPEN311_UPDATES_PARTITION,
          GSI5SK: open311UpdateSortKey(event.at, event.caseId, event.version),
        }
      : {};
  return {
    ...eventKey(event.caseId, event.version),
    entity: 'event',
    ...indexes,
    ...event,
    [EVENT_DUE_ATTRIBUTE]: owner?.due ?? null,
  };
}

export function fromEventItem(item: Record<string, unknown>): CaseEvent {
  const { [EVENT_DUE_ATTRIBUTE]: _due, ...event } = stripKeys<Record<string, unknown>>(item);
  return event as unknown as CaseEvent;
}

/** The case's `due` after the event's change, as stored beside the event. */
export function dueAfterEvent(item: Record<string, unknown>): Case['due'] | undefined {
  return (item[EVENT_DUE_ATTRIBUTE] as Case['due'] | null | undefined) ?? undefined;
}

/**
 * The team's copy of a referral, written in the same transaction as the change that made or answered it, so
 * a team's list and figures never miss one. Only ids, times and the holding unit: no petition text.
 */
export function referralItems(decision: Decision): Record<string, unknown>[] {
  const { event, case: item } = decision;
  if (event.type !== 'teamReferred' && event.type !== 'teamAnswered') return [];
  const teamId = String(event.data.teamId);
  return (item.teamReferrals ?? [])
    .filter((referral) => referral.teamId === teamId)
    .map((referral) => ({
      ...teamReferralKey(teamId, referral.referredAt, item.caseId),
      entity: 'teamReferral',
      teamId,
      caseId: item.caseId,
      trackingCode: item.trackingCode,
      unitId: item.unitId ?? null,
      referredAt: referral.referredAt,
      ...(referral.answeredAt ? { answeredAt: referral.answeredAt } : {}),
    }));
}
