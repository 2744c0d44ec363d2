/**
 * Key layout of the single main table (docs/data-model.md). All key attributes are strings so that
 * sort order is lexical and ISO-8601 instants sort in time order.
 */

export const CASE_SK = 'CASE';
export const TRACKING_SK = 'TRACKING';
export const REFERENCE_PK = 'REF';

export const caseKey = (caseId: string) => ({ PK: `CASE#${caseId}`, SK: CASE_SK });

/** Events sort by version under their case; padding keeps lexical order equal to numeric order. */
export const eventSortKey = (version: number) => `EVENT#${String(version).padStart(6, '0')}`;
export const eventKey = (caseId: string, version: number) => ({
  PK: `CASE#${caseId}`,
  SK: eventSortKey(version),
});

export const trackingKey = (trackingCode: string) => ({ PK: `TRACKING#${trackingCode}`, SK: TRACKING_SK });

export const referenceKey = (kind: string, id: string) => ({ PK: REFERENCE_PK, SK: `${kind}#${id}` });

/** GSI1, the unit inbox: one partition per unit and status, sorted by the nearest deadline. */
export const inboxPartition = (unitId: string, status: string) => `INBOX#${unitId}#${status}`;

/** GSI2, the due index: sparse, only items with something due; sorted by when it is due. */
export const duePartition = (kind: 'stuck') => `DUE#${kind}`;
export const dueSortKey = (dueAt: string, caseId: string) => `${dueAt}#${caseId}`;

/** Partition key of the idempotency table. */
export const idempotencyKey = (scope: string, key: string) => ({ id: `${scope}#${key}` });
