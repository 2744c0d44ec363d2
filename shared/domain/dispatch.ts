import type { Audience, NotificationTemplate, QueueMessage } from '../schemas/messages.ts';
import type { QueueName } from '../topology.ts';
import type { CaseEvent } from './case/model.ts';

/**
 * What each committed case event sets in motion. Pure: the dispatcher function feeds it events from the
 * table stream and sends what it returns. Message ids derive from (case, version, purpose), so a replayed
 * stream record produces the same ids and every consumer can recognise a duplicate.
 */

export interface Dispatch {
  readonly queue: QueueName;
  readonly id: string;
  readonly body: QueueMessage;
}

/** A notice is owed from the moment its event is committed: a marker says so until it is sent. */
function notify(event: CaseEvent, template: NotificationTemplate, audience: Audience): Dispatch {
  return {
    queue: 'notifications',
    id: `${event.caseId}:${event.version}:${template}:${audience}`,
    body: {
      kind: 'notify',
      template,
      audience,
      caseId: event.caseId,
      version: event.version,
      pendingDueAt: deliveryLostAfter(event.at),
    },
  };
}

function route(event: CaseEvent): Dispatch {
  return {
    queue: 'routing',
    id: `${event.caseId}:${event.version}:route`,
    body: { kind: 'route-case', caseId: event.caseId, version: event.version },
  };
}

/** Similar cases on arrival: every registered case is looked at once (confidential ones are skipped there). */
function indexSimilar(event: CaseEvent): Dispatch {
  return {
    queue: 'similar',
    id: `${event.caseId}:${event.version}:similar`,
    body: { kind: 'index-similar', caseId: event.caseId, version: event.version },
  };
}

/** An assignment not delivered (or a notice not sent) this long after its event is considered lost and sent again. */
export const DELIVERY_LOST_AFTER_MS = 5 * 60 * 1000;

export function deliveryLostAfter(eventAt: string): string {
  return new Date(Date.parse(eventAt) + DELIVERY_LOST_AFTER_MS).toISOString();
}

function deliver(event: CaseEvent): Dispatch[] {
  const unitId = event.changes.unitId?.after;
  if (typeof unitId !== 'string') return [];
  return [
    {
      queue: 'delivery',
      id: `${event.caseId}:${event.version}:deliver`,
      body: {
        kind: 'deliver-assignment',
        caseId: event.caseId,
        version: event.version,
        unitId,
        pendingDueAt: deliveryLostAfter(event.at),
      },
    },
  ];
}

export function dispatchesFor(event: CaseEvent): Dispatch[] {
  switch (event.type) {
    case 'registered':
      return [route(event), notify(event, 'registered', 'petitioner'), indexSimilar(event)];
    case 'returned':
      // "Not ours": route again, never to the units that returned it.
      return [route(event)];
    case 'assigned':
    case 'reassigned':
      // Art. 23: the petitioner hears which unit has the case (and by when it replies), not only the unit.
      return [...deliver(event), notify(event, 'assignedNotice', 'petitioner')];
    case 'accepted':
      return [notify(event, 'acceptedNotice', 'petitioner')];
    case 'triaged':
      return deliver(event);
    case 'replied':
      return [notify(event, 'replied', 'petitioner')];
    case 'closed':
      return [notify(event, 'surveyInvitation', 'petitioner')];
    case 'rejected':
      return [notify(event, 'rejected', 'petitioner')];
    case 'extensionDecided':
      return event.data.approved ? [notify(event, 'extended', 'petitioner')] : [];
    case 'reopened':
      return [notify(event, 'redo', 'petitioner'), notify(event, 'redoAssigned', 'unit')];
    case 'surveyAnswered':
      if (event.data.outcome === 'reopened')
        return [notify(event, 'redo', 'petitioner'), notify(event, 'redoAssigned', 'unit')];
      // Every 不满意 reaches the unit's bell, whatever comes next (重新办理, 复查, or the right to ask for it).
      if (event.data.outcome === 'review')
        return [
          notify(event, 'reviewRequested', 'petitioner'),
          notify(event, 'reviewToDecide', 'supervisors'),
          notify(event, 'dissatisfiedNotice', 'unit'),
        ];
      return event.data.outcome === 'reviewable' ? [notify(event, 'dissatisfiedNotice', 'unit')] : [];
    case 'reviewRequested':
      return [notify(event, 'reviewRequested', 'petitioner'), notify(event, 'reviewToDecide', 'supervisors')];
    case 'reviewDecided':
      return [notify(event, 'reviewDecided', 'petitioner')];
    case 'recheckRequested':
      return [
        notify(event, 'recheckRequested', 'petitioner'),
        notify(event, 'reviewToDecide', 'supervisors'),
      ];
    case 'recheckDecided':
      return [notify(event, 'recheckDecided', 'petitioner')];
    case 'concluded':
      return [notify(event, 'concluded', 'petitioner')];
    // A review body's decision deadline is the supervisors' to keep, not the unit's.
    case 'reminded':
      return [notify(event, 'reminder', event.data.deadline === 'decision' ? 'supervisors' : 'unit')];
    case 'escalated': {
      if (event.data.deadline === 'decision') {
        const card = event.data.card === 'red' ? 'redCard' : 'yellowCard';
        return [notify(event, card, 'supervisors')];
      }
      return event.data.card === 'red'
        ? [notify(event, 'redCard', 'unit'), notify(event, 'redCard', 'supervisors')]
        : [notify(event, 'yellowCard', 'unit')];
    }
    default:
      return [];
  }
}

/**
 * A committed entry of the account audit (separation of duties) asks the notifier to tell the supervisors. Its
 * message id is (request, step), so a replayed stream record is recognised.
 */
export function accountNoticeDispatch(entry: {
  readonly requestId: string;
  readonly step: 'requested' | 'approved' | 'refused' | 'withdrawn';
}): Dispatch {
  return {
    queue: 'notifications',
    id: `account:${entry.requestId}:${entry.step}`,
    body: { kind: 'account-request-notice', requestId: entry.requestId, step: entry.step },
  };
}
