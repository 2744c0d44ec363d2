import type { Case, CaseEvent } from '../../domain/case/model.ts';
import { caseKey, duePartition, dueSortKey, eventKey, inboxPartition } from './keys.ts';

/** How long a case may sit in `registered` before the stuck-work sweep re-drives it. */
export const STUCK_AFTER_MS = 2 * 60 * 1000;

const keyAttributes = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entity'] as const;

/** The deadline that orders a unit's inbox: whatever the unit must do next. */
export function nextDeadline(item: Case): string | undefined {
  if (item.status === 'assigned') return item.deadlines.acknowledgeBy?.at;
  return item.deadlines.replyBy?.at;
}

export function toCaseItem(item: Case): Record<string, unknown> {
  const indexes: Record<string, string> = {};
  if (item.unitId) {
    indexes.GSI1PK = inboxPartition(item.unitId, item.status);
    indexes.GSI1SK = `${nextDeadline(item) ?? '9999'}#${item.caseId}`;
  }
  if (item.status === 'registered') {
    const dueAt = new Date(Date.parse(item.updatedAt) + STUCK_AFTER_MS).toISOString();
    indexes.GSI2PK = duePartition('stuck');
    indexes.GSI2SK = dueSortKey(dueAt, item.caseId);
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

export function toEventItem(event: CaseEvent): Record<string, unknown> {
  return { ...eventKey(event.caseId, event.version), entity: 'event', ...event };
}

export function fromEventItem(item: Record<string, unknown>): CaseEvent {
  return stripKeys<CaseEvent>(item);
}
