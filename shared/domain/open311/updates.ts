import type { Case, CaseEvent, CaseEventType, RejectionGrounds } from '../case/model.ts';
import { eventText } from '../case/public-view.ts';
import { publicStatusText } from '../case/wording.ts';
import type { Catalog } from '../reference/model.ts';
import { w3cDateTime } from './time.ts';

/**
 * What Open311 clients learn about a request after it was filed: `servicerequestupdates` (mySociety's GeoReport
 * extension, which FixMyStreet prefers) and the status notes of `requests`. Pure.
 *
 * `status` uses the extended values FixMyStreet maps onto its own states (`OPEN`, `IN_PROGRESS`, `FIXED`,
 * `DUPLICATE`, `NOT_COUNCILS_RESPONSIBILITY`, `NO_FURTHER_ACTION`, `CLOSED`); `external_status_code` names the
 * case's own, finer state. The `description` of a reply is the unit's reply itself: for a request filed through
 * Open311 the reply is published by the client (docs/intake-channels.md, "Replies are public").
 */

export const updateStatuses = [
  'OPEN',
  'IN_PROGRESS',
  'FIXED',
  'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY',
  'NO_FURTHER_ACTION',
  'CLOSED',
] as const;
export type UpdateStatus = (typeof updateStatuses)[number];

/** The finer state behind a status (`external_status_code`). */
export const externalStatusCodes = [
  'registered',
  'triage',
  'assigned',
  'returned',
  'acknowledged',
  'extended',
  'replied',
  'closed',
  'reopened',
  'archived',
  'reviewing',
  'reviewed',
  'rechecking',
  'duplicate',
  'rejected_not_responsible',
  'rejected_no_further_action',
] as const;
export type ExternalStatusCode = (typeof externalStatusCodes)[number];

/**
 * The case events an Open311 client hears about; notes, reminders, cards and the client's own follow-ups are not.
 * A 复查 or 复核 of a closed request is news for its requester too: without it the client would go on showing
 * the report as fixed while the level above reconsiders it.
 */
export const updateEventTypes = [
  'triaged',
  'accepted',
  'assigned',
  'reassigned',
  'returned',
  'acknowledged',
  'extensionDecided',
  'replied',
  'closed',
  'reopened',
  'archived',
  'rejected',
  'duplicateLinked',
  'reviewRequested',
  'reviewDecided',
  'recheckRequested',
  'recheckDecided',
  'concluded',
] as const satisfies readonly CaseEventType[];

export function isUpdateEvent(event: Pick<CaseEvent, 'type' | 'data'>): boolean {
  if (event.type === 'extensionDecided') return event.data.approved === true;
  return (updateEventTypes as readonly string[]).includes(event.type);
}

const groundsCode: Record<RejectionGrounds, ExternalStatusCode> = {
  'not-responsible': 'rejected_not_responsible',
  'no-further-action': 'rejected_no_further_action',
};
const groundsStatus: Record<RejectionGrounds, UpdateStatus> = {
  'not-responsible': 'NOT_COUNCILS_RESPONSIBILITY',
  'no-further-action': 'NO_FURTHER_ACTION',
};
const groundsText: Record<RejectionGrounds, string> = {
  'not-responsible': '不予受理（不属于受理范围）',
  'no-further-action': '不予受理（无需进一步处理）',
};
const DUPLICATE_TEXT = '重复件：已与其他诉求合并办理';

function grounds(value: unknown): RejectionGrounds {
  return value === 'no-further-action' ? 'no-further-action' : 'not-responsible';
}

export interface RequestUpdate {
  /** `<case id>-<version>`: stable, the same every time the update is listed. */
  readonly update_id: string;
  readonly service_request_id: string;
  readonly status: UpdateStatus;
  readonly updated_datetime: string;
  readonly description: string;
  /** Updates carry no media (photos stay with the case). */
  readonly media_url: string;
  readonly external_status_code: ExternalStatusCode;
}

export function updateId(caseId: string, version: number): string {
  return `${caseId}-${version}`;
}

function statusOf(event: CaseEvent): { status: UpdateStatus; code: ExternalStatusCode } {
  switch (event.type) {
    case 'triaged':
      return { status: 'OPEN', code: 'triage' };
    case 'returned':
      return { status: 'OPEN', code: 'returned' };
    case 'reopened':
      return { status: 'OPEN', code: 'reopened' };
    case 'acknowledged':
      return { status: 'IN_PROGRESS', code: 'acknowledged' };
    case 'extensionDecided':
      return { status: 'IN_PROGRESS', code: 'extended' };
    case 'replied':
      return { status: 'FIXED', code: 'replied' };
    case 'closed':
      return { status: 'FIXED', code: 'closed' };
    case 'archived':
      return { status: 'FIXED', code: 'archived' };
    case 'duplicateLinked':
      return { status: 'DUPLICATE', code: 'duplicate' };
    // Being reconsidered by the level above: in progress again, as FixMyStreet shows a report reopened.
    case 'reviewRequested':
      return { status: 'IN_PROGRESS', code: 'reviewing' };
    case 'recheckRequested':
      return { status: 'IN_PROGRESS', code: 'rechecking' };
    case 'reviewDecided':
      return { status: 'FIXED', code: 'reviewed' };
    // The 复核 opinion, or the end of the time to ask for one, concludes the case: it is archived.
    case 'recheckDecided':
    case 'concluded':
      return { status: 'FIXED', code: 'archived' };
    case 'rejected': {
      const why = grounds(event.data.grounds);
      return { status: groundsStatus[why], code: groundsCode[why] };
    }
    default:
      return { status: 'OPEN', code: 'assigned' };
  }
}

function descriptionOf(event: CaseEvent, catalog: Catalog): string {
  switch (event.type) {
    case 'replied': {
      const reply = event.changes.reply?.after as { text?: unknown } | null | undefined;
      return typeof reply?.text === 'string' ? reply.text : publicStatusText.replied.zh;
    }
    case 'rejected':
      return `${groundsText[grounds(event.data.grounds)]}：${String(event.data.reason ?? '')}`;
    case 'closed': {
      const summary = event.changes.closeSummary?.after;
      return typeof summary === 'string' ? `已办结：${summary}` : '已办结';
    }
    case 'duplicateLinked':
      return DUPLICATE_TEXT;
    default:
      return eventText(event, catalog) ?? publicStatusText.registered.zh;
  }
}

/** One case event as an Open311 update (call only for `isUpdateEvent` events). */
export function requestUpdate(event: CaseEvent, catalog: Catalog): RequestUpdate {
  const { status, code } = statusOf(event);
  return {
    update_id: updateId(event.caseId, event.version),
    service_request_id: event.caseId,
    status,
    updated_datetime: w3cDateTime(event.at),
    description: descriptionOf(event, catalog),
    media_url: '',
    external_status_code: code,
  };
}

export type RequestState = Pick<Case, 'status' | 'reply' | 'rejection' | 'duplicateOf'>;

/** The finer state of a request now (`external_status_code` of `requests`). */
export function currentStatusCode(item: RequestState): ExternalStatusCode {
  if (item.status === 'rejected') return groundsCode[grounds(item.rejection?.grounds)];
  if (item.duplicateOf && item.status !== 'closed' && item.status !== 'archived') return 'duplicate';
  switch (item.status) {
    case 'triage':
      return 'triage';
    case 'assigned':
      return 'assigned';
    case 'acknowledged':
      return 'acknowledged';
    case 'replied':
      return 'replied';
    case 'closed':
      return 'closed';
    case 'archived':
      return 'archived';
    case 'reviewing':
      return 'reviewing';
    case 'reviewed':
      return 'reviewed';
    case 'rechecking':
      return 'rechecking';
    case 'registered':
      return 'registered';
  }
}

/**
 * `status_notes` of `requests`: the unit's reply once there is one, the reason of a rejection with its grounds,
 * that it is a duplicate, else the tracking page's plain-language status. FixMyStreet shows it as the update
 * text when it polls `requests` instead of `servicerequestupdates`.
 */
export function statusNotes(item: RequestState): string {
  if (item.status === 'rejected')
    return `${groundsText[grounds(item.rejection?.grounds)]}：${item.rejection?.reason ?? ''}`;
  if (item.reply && ['replied', 'closed', 'archived'].includes(item.status)) return item.reply.text;
  if (item.duplicateOf) return DUPLICATE_TEXT;
  return publicStatusText[item.status].zh;
}
