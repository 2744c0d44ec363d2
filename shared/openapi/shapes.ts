import * as z from 'zod';
import { staffRoles } from '../auth/claims.ts';
import {
  actorRoles,
  caseEventTypes,
  caseStatuses,
  channels,
  placementMethods,
  rejectionGrounds,
  surveyRatings,
} from '../domain/case/model.ts';
import { petitionTypes } from '../domain/case/petition-types.ts';
import { replyRoutes } from '../domain/case/wording.ts';
import { durationSchema } from '../domain/policy/sla-policy.ts';
import { caseSummaryAttributes } from '../topology.ts';

/**
 * Response shapes shared by several operations: the case as staff see it, its events, list entries, pages.
 * They mirror the types in `shared/domain` (the contract test checks real answers against them).
 */

const instant = z.string().meta({ format: 'date-time', description: 'ISO 8601 instant (UTC)' });
export const caseIdSchema = z
  .string()
  .regex(/^[0-9A-Z]{26}$/)
  .meta({ id: 'CaseId', description: 'The case id (a ULID)', example: '01KCQ8Z3V5W7X9Y1A2B3C4D5E6' });

export const actorSchema = z
  .object({
    id: z.string(),
    role: z.enum(actorRoles),
    unitId: z.string().optional(),
    studioId: z.string().optional(),
    username: z.string().optional().meta({ description: 'Staff: the login name the token carried' }),
  })
  .meta({ id: 'Actor' });

const deadlineSchema = z.object({
  at: instant,
  provisional: z.boolean().meta({ description: 'Relies on a year without an official holiday schedule' }),
  basis: z.object({ from: instant, steps: z.array(durationSchema) }),
});

export const deadlinesSchema = z
  .object({
    acknowledgeBy: deadlineSchema.optional(),
    replyBy: deadlineSchema.optional(),
    objectionUntil: deadlineSchema.optional(),
    surveyBy: deadlineSchema.optional(),
    reviewRequestBy: deadlineSchema.optional().meta({ description: '复查 may be asked for until then' }),
    reviewBy: deadlineSchema.optional().meta({ description: 'The reviewing body decides by then' }),
    recheckRequestBy: deadlineSchema.optional().meta({ description: '复核 may be asked for until then' }),
    recheckBy: deadlineSchema.optional().meta({ description: 'The rechecking body decides by then' }),
  })
  .meta({ id: 'CaseDeadlines' });

const text = z.string();

/** 复查 (review) or 复核 (recheck): who asked, which body decides, and its opinion once given. */
const reviewStepSchema = z
  .object({
    requestedAt: instant,
    requestedBy: z.string(),
    via: z.enum(['web', 'staff']),
    reason: z.string().optional(),
    body: z.string().meta({ description: 'The body that decides, as the SLA policy names it' }),
    decidedAt: instant.optional(),
    decidedBy: z.string().optional(),
    outcome: z.enum(['upheld', 'revised']).optional(),
    opinion: z.string().optional(),
  })
  .meta({ id: 'ReviewStep' });

/** Every field of a case but the petition and the petitioner, which the staff view masks (see below). */
const caseFields = {
  caseId: caseIdSchema,
  trackingCode: z.string(),
  version: z.number().int().min(1),
  status: z.enum(caseStatuses),
  channel: z.enum(channels),
  categoryCode: z.string().optional(),
  petitionType: z
    .enum(petitionTypes)
    .optional()
    .meta({ description: '信访事项类型; absent until classified' }),
  accusedUnitId: z.string().optional().meta({ description: '检举控告: the unit accused (never assigned)' }),
  jurisdictionCode: z.string(),
  studioId: z.string().optional(),
  title: text,
  content: text,
  confidential: z.boolean(),
  attachments: z
    .array(
      z.object({
        key: z.string(),
        contentType: z.string(),
        bytes: z.number().int(),
        name: z.string().optional(),
        source: z.enum(['photo', 'email', 'scan']),
        locationShared: z.boolean().optional(),
      }),
    )
    .optional(),
  unitId: z.string().optional(),
  ownerId: z.string().optional().meta({ description: 'Login of the person in the unit who works the case' }),
  routing: z
    .object({ unitId: z.string().nullable(), ruleId: z.string().nullable(), reason: z.string() })
    .optional(),
  policyId: z.string().optional(),
  deadlines: deadlinesSchema,
  transfers: z
    .array(
      z.object({
        kind: z.enum(['assigned', 'returned', 'reassigned', 'accepted']),
        at: instant,
        fromUnitId: z.string().nullable(),
        toUnitId: z.string().nullable(),
        by: z.string(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
  returnedByUnitIds: z.array(z.string()).optional(),
  extensionPending: z
    .object({
      days: z.number().int(),
      unit: z.enum(['workingDays', 'calendarDays']).optional(),
      reason: z.string(),
      requestedAt: instant,
      requestedBy: z.string(),
    })
    .optional(),
  extensionGrantedDays: z.number().int().optional(),
  reply: z.object({ text, at: instant, by: z.string() }).optional(),
  rejection: z
    .object({ reason: z.string(), at: instant, by: z.string(), grounds: z.enum(rejectionGrounds).optional() })
    .optional(),
  closeSummary: z.string().optional(),
  survey: z
    .object({
      tokenHash: z.string(),
      status: z.enum(['pending', 'answered', 'expired', 'withdrawn']),
      round: z.number().int(),
      rating: z.enum(surveyRatings).optional(),
      comment: z.string().optional(),
      answeredAt: instant.optional(),
      via: z.enum(['web', 'callback']).optional(),
    })
    .optional(),
  reopenCount: z.number().int(),
  review: reviewStepSchema.optional().meta({ description: '复查, once requested' }),
  recheck: reviewStepSchema.optional().meta({ description: '复核, once requested' }),
  overdue: z
    .object({
      card: z.enum(['yellow', 'red']),
      deadline: z.enum(['acknowledge', 'reply', 'decision']),
      since: instant,
    })
    .optional(),
  alertsSent: z.array(z.string()).optional(),
  duplicateOf: z.string().optional(),
  teamReferrals: z
    .array(
      z.object({
        teamId: z.string(),
        question: z.string(),
        referredAt: instant,
        referredBy: z.string(),
        answer: z.string().optional(),
        answeredAt: instant.optional(),
        answeredBy: z.string().optional(),
      }),
    )
    .optional(),
  due: z
    .object({ kind: z.enum(['stuck', 'deadline', 'survey', 'close', 'conclude']), at: instant })
    .optional(),
  archiveReason: z.enum(['survey', 'no_response', 'callback', 'supervisor', 'concluded']).optional(),
  assignedAt: instant.optional(),
  acknowledgedAt: instant.optional(),
  repliedAt: instant.optional(),
  closedAt: instant.optional(),
  archivedAt: instant.optional(),
  placedBy: z.enum(placementMethods).optional(),
  open311ClientId: z.string().optional(),
  createdAt: instant,
  updatedAt: instant,
};

export const caseEventSchema = z
  .object({
    caseId: caseIdSchema,
    version: z.number().int().min(1),
    type: z.enum(caseEventTypes),
    at: instant,
    actor: actorSchema,
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CaseEvent', description: 'One change of a case, with who, when, and the before and after' });

/** What lists show (the index projection): never the petition or the petitioner. */
export const caseSummarySchema = z
  .object(
    Object.fromEntries(
      caseSummaryAttributes.map((attribute) => {
        const required = ['caseId', 'trackingCode', 'version', 'status', 'channel', 'jurisdictionCode'];
        const schema = caseFields[attribute];
        return [attribute, required.includes(attribute) ? schema : schema.optional()];
      }),
    ) as unknown as { [K in (typeof caseSummaryAttributes)[number]]: z.ZodType },
  )
  .meta({ id: 'CaseSummary' });

export const staffCaseViewSchema = z
  .object({
    ...caseFields,
    petitioner: z.object({
      name: z.string().meta({ description: 'Masked: the first character, or 匿名' }),
      phone: z.string().meta({ description: 'Masked (138****5678); empty when none was given' }),
      email: z.string().optional(),
      address: z.string().optional().meta({ description: 'Masked: the first six characters' }),
      anonymous: z.boolean(),
      masked: z.literal(true),
      replyRoute: z.enum(replyRoutes).meta({
        description: '答复方式: how the petitioner hears back (post: a letter with only an address)',
      }),
    }),
    timeline: z.array(caseEventSchema),
    allowedActions: z.array(z.string()).meta({ description: 'Commands the caller may issue now' }),
  })
  .meta({ id: 'StaffCaseView', description: 'A case as staff see it: petitioner masked, with its timeline' });

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'Opaque and signed; null on the last page' }),
    })
    .meta({ id });

export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const staffUserViewSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    role: z.enum(staffRoles),
    unitId: z.string().optional(),
    studioId: z.string().optional(),
    email: z.string().optional(),
    clearedForConfidential: z
      .boolean()
      .optional()
      .meta({ description: 'Supervisors cleared for confidential work' }),
    unitLead: z
      .boolean()
      .optional()
      .meta({ description: 'Handlers who share their unit’s cases out to its people' }),
    disabled: z.boolean(),
  })
  .meta({ id: 'StaffUser' });

export { instant };
