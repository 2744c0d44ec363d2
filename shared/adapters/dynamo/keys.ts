import type { DueKind } from '../../domain/case/model.ts';

/**
 * Key layout of the single main table (docs/data-model.md). All key attributes are strings so that
 * sort order is lexical and ISO-8601 instants sort in time order.
 */

export const CASE_SK = 'CASE';
export const TRACKING_SK = 'TRACKING';
export const REFERENCE_PK = 'REF';
export const CALENDAR_PK = 'CALENDAR';
export const USERS_PK = 'USERS';
export const LOCAL_ACCOUNTS_PK = 'LOCAL_ACCOUNTS';

/** Huiyin's staff record, keyed by the identity provider's subject (locally the subject is the username). */
export const staffRecordKey = (subject: string) => ({ PK: USERS_PK, SK: `USER#${subject}` });

/** An account of the local OIDC provider (the local stand-in for Cognito's user pool). */
export const localAccountKey = (username: string) => ({ PK: LOCAL_ACCOUNTS_PK, SK: `ACCOUNT#${username}` });

/**
 * Account changes waiting for a second person, one partition for the county: each request, and per account a
 * guard naming its pending request (at most one at a time). The audit of those changes is its own partition,
 * append-only, sorted by time; the table stream turns each entry into the supervisors' notice.
 */
export const ACCOUNT_REQUESTS_PK = 'ACCOUNT_REQUESTS';
export const accountRequestKey = (requestId: string) => ({
  PK: ACCOUNT_REQUESTS_PK,
  SK: `REQUEST#${requestId}`,
});
export const pendingAccountRequestKey = (username: string) => ({
  PK: ACCOUNT_REQUESTS_PK,
  SK: `PENDING#${username}`,
});
export const ACCOUNT_AUDIT_PK = 'ACCOUNT_AUDIT';
export const accountAuditKey = (at: string, requestId: string, step: string) => ({
  PK: ACCOUNT_AUDIT_PK,
  SK: `${at}#${requestId}#${step}`,
});

export const casePartition = (caseId: string) => `CASE#${caseId}`;
export const caseKey = (caseId: string) => ({ PK: casePartition(caseId), SK: CASE_SK });

/** Events sort by version under their case; padding keeps lexical order equal to numeric order. */
export const eventSortKey = (version: number) => `EVENT#${String(version).padStart(6, '0')}`;
export const eventKey = (caseId: string, version: number) => ({
  PK: casePartition(caseId),
  SK: eventSortKey(version),
});

/** Staff reads of personal data, under the case they concern. */
export const readAuditKey = (caseId: string, at: string, actorId: string) => ({
  PK: casePartition(caseId),
  SK: `READ#${at}#${actorId}`,
});

export const trackingKey = (trackingCode: string) => ({ PK: `TRACKING#${trackingCode}`, SK: TRACKING_SK });

export const referenceKey = (kind: string, id: string) => ({ PK: REFERENCE_PK, SK: `${kind}#${id}` });

export const calendarDayKey = (date: string) => ({ PK: CALENDAR_PK, SK: `DAY#${date}` });
export const calendarYearKey = (year: number) => ({ PK: CALENDAR_PK, SK: `YEAR#${year}` });

export const studioPartition = (studioId: string) => `STUDIO#${studioId}`;
export const receptionDayKey = (studioId: string, date: string) => ({
  PK: studioPartition(studioId),
  SK: `RDAY#${date}`,
});

/**
 * GSI1, the unit inbox: one partition per unit and status, sorted by the nearest deadline. Only a registered
 * case has no unit (not routed yet, or returned); those are the due index's `stuck` partition.
 */
export const inboxPartition = (unitId: string, status: string) => `INBOX#${unitId}#${status}`;

/** GSI2, the due index: sparse, only items with something due; sorted by when it is due. */
export const duePartition = (kind: DueKind) => `DUE#${kind}`;
export const dueSortKey = (dueAt: string, caseId: string) => `${dueAt}#${caseId}`;

/** GSI4, cases waiting for a supervisor (sparse). */
export type SupervisorFlag = 'extension' | 'review';
export const flagPartition = (flag: SupervisorFlag) => `FLAG#${flag}`;

/** GSI6, who works a case the unit holds open: one partition per unit and person (`-`: nobody yet). */
export const ownerPartition = (unitId: string, slot: string) => `OWNER#${unitId}#${slot}`;

/** GSI5, cases registered by a studio, in registration order. */
export const studioCasesPartition = (studioId: string) => `STUDIO#${studioId}`;
/** GSI5 also lists cases that came through Open311 (they have no studio), in registration order. */
export const OPEN311_CASES_PARTITION = 'OPEN311';
/** GSI5 also lists what Open311 clients hear about those cases (`servicerequestupdates`), by event time. */
export const OPEN311_UPDATES_PARTITION = 'OPEN311#UPDATES';
export const open311UpdateSortKey = (at: string, caseId: string, version: number) =>
  `${at}#${caseId}#${String(version).padStart(6, '0')}`;

/** Open311 client systems and their key hashes: one partition, one item per client. */
export const OPEN311_CLIENTS_PK = 'OPEN311CLIENTS';
export const open311ClientKey = (clientId: string) => ({ PK: OPEN311_CLIENTS_PK, SK: `CLIENT#${clientId}` });

/**
 * Notification ledger, in the idempotency table: one item per notification sent (or being sent). Not in the
 * main table: each claim would be a stream record that both stream consumers read and skip.
 */
export const notificationKey = (id: string) => idempotencyKey('NOTIFY', id);

/** Local outbox (stand-in for the SMS gateway and mail server): one partition, newest last. */
export const OUTBOX_PK = 'OUTBOX';
export const outboxKey = (at: string, id: string) => ({ PK: OUTBOX_PK, SK: `${at}#${id}` });

/** Console notices of a unit (or `supervisors`): what the console's bell shows. */
export const noticePartition = (audience: string) => `NOTICES#${audience}`;
export const noticeKey = (audience: string, at: string, id: string) => ({
  PK: noticePartition(audience),
  SK: `${at}#${id}`,
});

/** Delivery of an assignment to a unit's system (webhook) or mailbox, per case version. */
export const deliveryKey = (caseId: string, version: number) => ({
  PK: casePartition(caseId),
  SK: `DELIVERY#${String(version).padStart(6, '0')}`,
});

/** Assignments sent to the delivery queue and not yet delivered, sorted by when they count as lost. */
export const PENDING_DELIVERY_PK = 'PENDING#delivery';
export const pendingDeliveryKey = (dueAt: string, caseId: string, version: number) => ({
  PK: PENDING_DELIVERY_PK,
  SK: `${dueAt}#${caseId}#${String(version).padStart(6, '0')}`,
});

/** Notices handed to the notifications queue and not yet sent, sorted by when they count as lost. */
export const PENDING_NOTICE_PK = 'PENDING#notice';
export const pendingNoticeKey = (
  dueAt: string,
  notice: { caseId: string; version: number; template: string; audience: string },
) => ({
  PK: PENDING_NOTICE_PK,
  SK: `${dueAt}#${notice.caseId}#${String(notice.version).padStart(6, '0')}#${notice.template}#${notice.audience}`,
});

/** Sort key after every instant: `…#~` sorts after `…#<caseId>` because `~` is the last printable ASCII. */
export const UPPER_BOUND = '~';

/** Partition key of the idempotency table. */
export const idempotencyKey = (scope: string, key: string) => ({ id: `${scope}#${key}` });

/** Referrals of cases to a service team, under the team in referral order (the team's list and figures). */
export const teamReferralKey = (teamId: string, referredAt: string, caseId: string) => ({
  PK: `TEAM#${teamId}`,
  SK: `REFERRAL#${referredAt}#${caseId}`,
});
