import * as z from 'zod';

/**
 * Queue messages carry ids and versions, never personal data: a consumer reads what it needs from the
 * table, so a message sitting in a DLQ leaks nothing.
 */

export const routeCaseMessageSchema = z.object({
  kind: z.literal('route-case'),
  caseId: z.string().min(1),
  /** The case version that asked for routing; a stale message is recognised and dropped. */
  version: z.number().int().positive(),
});
export type RouteCaseMessage = z.infer<typeof routeCaseMessageSchema>;

export const notificationTemplates = [
  'registered',
  'replied',
  'surveyInvitation',
  'extended',
  'rejected',
  'newAssignment',
  'reminder',
  'yellowCard',
  'redCard',
  /** A one-time code for the public form; sent directly by the function, never through a queue. */
  'phoneVerification',
  /** The day before a reception day, to the representatives on duty and the studio's liaison officers. */
  'receptionReminder',
  /** To the petitioner (信访工作条例 Art. 23): the case went to a unit, which unit, and by when it replies. */
  'assignedNotice',
  /** To the petitioner: the triage owner accepted (受理) the case and handles it itself. */
  'acceptedNotice',
  /** To the petitioner: after 不满意 the unit handles the case again (重新办理), with the new deadline. */
  'redo',
  /** To the unit: a case of theirs must be handled again (重新办理). */
  'redoAssigned',
  /** To the unit: the petitioner is still dissatisfied with its answer (复查 asked, or it may be asked). */
  'dissatisfiedNotice',
  /** To the petitioner: the 复查 request was taken up, by which body, decided by when. */
  'reviewRequested',
  /** To the petitioner: the 复查 opinion and the route to 复核. */
  'reviewDecided',
  /** To the petitioner: the 复核 request was taken up. */
  'recheckRequested',
  /** To the petitioner: the 复核 opinion; the case has concluded (终结). */
  'recheckDecided',
  /** To the petitioner: the window to ask for 复查 or 复核 passed; the case has concluded (终结). */
  'concluded',
  /** To supervisors: a staff account change was requested, approved, refused or withdrawn (separation of duties). */
  'accountRequest',
  /** To supervisors: a 复查 or 复核 waits for the opinion they record. */
  'reviewToDecide',
  /** Tracking locked after wrong phone digits; sent directly by the tracking function, with an unlock link. */
  'trackingLocked',
] as const;
export type NotificationTemplate = (typeof notificationTemplates)[number];

/** Who a notification is for; the notifier looks up the contact details itself. */
export const audiences = ['petitioner', 'unit', 'supervisors'] as const;
export type Audience = (typeof audiences)[number];

export const notifyMessageSchema = z.object({
  kind: z.literal('notify'),
  template: z.enum(notificationTemplates),
  audience: z.enum(audiences),
  caseId: z.string().min(1),
  /** The event version that asked for it: with template and audience, the notification's identity. */
  version: z.number().int().positive(),
  /** Due time of the pending-notice marker the notifier clears once the notice is sent. */
  pendingDueAt: z.iso.datetime().optional(),
});
export type NotifyMessage = z.infer<typeof notifyMessageSchema>;

export const deliverAssignmentMessageSchema = z.object({
  kind: z.literal('deliver-assignment'),
  caseId: z.string().min(1),
  version: z.number().int().positive(),
  unitId: z.string().min(1),
  /** Due time of the pending-delivery marker the consumer clears once the assignment is delivered. */
  pendingDueAt: z.iso.datetime().optional(),
});
export type DeliverAssignmentMessage = z.infer<typeof deliverAssignmentMessageSchema>;

/**
 * A reminder about a reception day rather than a case, sent by the `reception-roster` job through the
 * notifications queue. Its identity is (studio, date): queue message id `reception:<studioId>:<date>:remind`,
 * ledger ids `reception:<studioId>:<date>:receptionReminder:<channel>:<recipient digest>`, so every person is
 * reminded once per reception day however often the job runs or SQS delivers.
 */
export const receptionReminderMessageSchema = z.object({
  kind: z.literal('remind-reception'),
  studioId: z.string().min(1).max(40),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type ReceptionReminderMessage = z.infer<typeof receptionReminderMessageSchema>;

/**
 * A step of an account change that needs a second person (requested, approved, refused, withdrawn), for the
 * county's supervisors: sent by the stream dispatcher from the committed audit entry. Its identity is (request,
 * step): ledger ids `account:<requestId>:<step>:accountRequest:<channel>:<recipient digest>`.
 */
export const accountNoticeMessageSchema = z.object({
  kind: z.literal('account-request-notice'),
  requestId: z.string().min(1).max(40),
  step: z.enum(['requested', 'approved', 'refused', 'withdrawn']),
});
export type AccountNoticeMessage = z.infer<typeof accountNoticeMessageSchema>;

/** What the notifications queue carries. */
export const notifierMessageSchema = z.discriminatedUnion('kind', [
  notifyMessageSchema,
  receptionReminderMessageSchema,
  accountNoticeMessageSchema,
]);

/** A new case to index for similar cases (docs/metrics.md); the consumer reads the case itself. */
export const indexSimilarMessageSchema = z.object({
  kind: z.literal('index-similar'),
  caseId: z.string().min(1),
  version: z.number().int().positive(),
});
export type IndexSimilarMessage = z.infer<typeof indexSimilarMessageSchema>;

export const queueMessageSchema = z.discriminatedUnion('kind', [
  routeCaseMessageSchema,
  indexSimilarMessageSchema,
  notifyMessageSchema,
  deliverAssignmentMessageSchema,
  receptionReminderMessageSchema,
  accountNoticeMessageSchema,
]);
export type QueueMessage = z.infer<typeof queueMessageSchema>;
