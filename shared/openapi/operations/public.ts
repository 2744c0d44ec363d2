import * as z from 'zod';
import { attachmentContentTypes } from '../../domain/attachments/limits.ts';
import { caseStatuses, surveyRatings } from '../../domain/case/model.ts';
import { durationSchema } from '../../domain/policy/sla-policy.ts';
import { categorySchema, listedJurisdictionSchema } from '../../domain/reference/model.ts';
import {
  submitPetitionSchema,
  trackingCodePathSchema,
  trackPetitionQuerySchema,
} from '../../schemas/petition.ts';
import { photoUploadRequestSchema } from '../../schemas/uploads.ts';
import { phoneVerificationRequestSchema } from '../../use-cases/phone-verification.ts';
import { receptionDaysQuerySchema } from '../../use-cases/public-reception-days.ts';
import { surveyAnswerSchema, surveyTokenPathSchema } from '../../use-cases/surveys.ts';
import { caseIdSchema, instant } from '../shapes.ts';
import type { OperationMap } from '../spec.ts';

/** The public site's routes (no login; rate-limited per address). */

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    dependencies: z.object({ dynamodb: z.enum(['ok', 'down']), sqs: z.enum(['ok', 'down']) }),
  })
  .meta({ id: 'Health' });

/** Towns as the public sees them: no boundary (it is large and only Open311 placement needs it). */
export const publicJurisdictionSchema = listedJurisdictionSchema.meta({ id: 'Jurisdiction' });

const catalogSchema = z
  .object({
    categories: z.array(categorySchema.meta({ id: 'Category' })),
    jurisdictions: z.array(publicJurisdictionSchema),
    studios: z.array(
      z.object({
        studioId: z.string(),
        nameZh: z.string(),
        jurisdictionCode: z.string(),
        address: z.string(),
        triageUnitId: z.string(),
      }),
    ),
    units: z
      .array(z.object({ unitId: z.string(), nameZh: z.string(), nameEn: z.string() }))
      .meta({ description: 'Names only: the form offers them to name the unit a 检举控告 accuses' }),
    intake: z.object({
      phoneVerification: z.enum(['required', 'off']),
      attachments: z.object({
        max: z.number().int(),
        maxBytes: z.number().int(),
        contentTypes: z.array(z.enum(attachmentContentTypes)),
      }),
    }),
  })
  .meta({ id: 'Catalog' });

const createdPetitionSchema = z
  .object({
    caseId: caseIdSchema,
    trackingCode: z.string().meta({ example: 'HY-7K3Q-9MXD' }),
    status: z.enum(caseStatuses),
    expected: z.object({
      unit: z.object({ id: z.string(), name: z.string(), nameEn: z.string() }),
      triage: z.boolean(),
      acknowledgeWithin: durationSchema,
      replyWithin: durationSchema,
    }),
  })
  .meta({ id: 'CreatedPetition' });

const trackingViewSchema = z
  .object({
    trackingCode: z.string(),
    status: z.enum(caseStatuses),
    statusText: z.string(),
    categoryCode: z.string().nullable(),
    unit: z.object({ id: z.string(), name: z.string() }).optional(),
    deadlines: z.object({
      acknowledgeBy: instant.optional(),
      replyBy: instant.optional(),
      reviewRequestBy: instant.optional().meta({ description: '复查 may be asked for until then' }),
      reviewBy: instant.optional(),
      recheckRequestBy: instant.optional().meta({ description: '复核 may be asked for until then' }),
      recheckBy: instant.optional(),
      provisional: z.boolean(),
    }),
    nextStep: z
      .object({ zh: z.string(), en: z.string() })
      .optional()
      .meta({ description: 'What really happens next, in plain words' }),
    hearBack: z.object({ zh: z.string(), en: z.string() }).meta({
      description:
        'How this petitioner hears back: SMS to a mobile, a phone call to a landline, e-mail, or this page',
    }),
    timeline: z.array(z.object({ at: instant, type: z.string(), text: z.string() })),
    reply: z.object({ text: z.string(), at: instant }).optional(),
    confidential: z.boolean(),
    petition: z.object({ title: z.string(), content: z.string(), photos: z.number().int() }).optional(),
    survey: z
      .object({
        url: z.string(),
        status: z.enum(['pending', 'answered', 'expired', 'withdrawn']),
        expiresAt: instant.optional(),
      })
      .optional(),
  })
  .meta({ id: 'TrackingView' });

export const presignedUploadSchema = z
  .object({
    key: z.string(),
    upload: z.object({
      method: z.literal('PUT'),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
      expiresAt: instant,
    }),
    maxBytes: z.number().int(),
  })
  .meta({ id: 'PresignedUpload', description: 'Upload the file with this PUT, then name its key' });

const receptionCalendarSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    studios: z.array(
      z.object({
        studioId: z.string(),
        name: z.string(),
        address: z.string(),
        rule: z
          .object({ zh: z.string(), en: z.string() })
          .meta({ description: 'The studio’s reception rule in words (days, hours, holidays)' }),
      }),
    ),
    days: z.array(
      z.object({
        studioId: z.string(),
        date: z.string(),
        hours: z.string().optional(),
        representatives: z.array(z.object({ name: z.string(), title: z.string() })),
        note: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'ReceptionCalendar' });

const surveyViewSchema = z
  .object({
    trackingCode: z.string(),
    status: z.enum(['pending', 'answered', 'expired', 'withdrawn', 'superseded']),
    canAnswer: z.boolean(),
    round: z.number().int(),
    ifDissatisfied: z.enum(['redo', 'review']).meta({
      description: 'What 不满意 leads to: the unit handles it again, or the petitioner may ask for 复查',
    }),
    reviewBody: z.string().meta({ description: 'The body that decides a 复查' }),
    reviewWindow: z
      .string()
      .meta({ description: 'How long after the reply 复查 may be asked for (e.g. 30日)' }),
    expiresAt: instant.optional(),
    unitName: z.string().optional(),
    answeredAt: instant.optional(),
    rating: z.enum(surveyRatings).optional(),
  })
  .meta({ id: 'SurveyView' });

const json = (schema: z.ZodType) => ({ 'application/json': schema });

export const publicOperations = {
  'GET /api/health': {
    summary: 'Health of the API and its dependencies',
    tag: 'Public',
    responses: {
      200: { description: 'Every dependency answers', content: json(healthSchema) },
      // 503 as well: the same body says which dependency is down (listed with the common 503).
    },
  },
  'GET /api/catalog': {
    summary: 'Categories, towns and streets, studios and the intake settings of the public form',
    tag: 'Public',
    responses: { 200: { description: 'The county’s public reference data', content: json(catalogSchema) } },
  },
  'POST /api/petitions': {
    summary: 'Register a petition',
    description:
      'Registers a petition from the public form. Without `categoryCode` the router classifies the text. A replay with the same `Idempotency-Key` (a day) or the same phone, title and text (ten minutes) returns the same case.',
    tag: 'Public',
    idempotencyKey: true,
    body: { schema: submitPetitionSchema },
    responses: {
      201: {
        description: 'Registered (or replayed): the tracking code and what happens next',
        content: json(createdPetitionSchema),
        headers: ['Idempotent-Replayed'],
      },
    },
    problems: [422],
  },
  'GET /api/petitions/{trackingCode}': {
    summary: 'Track a petition',
    description:
      'Status, public timeline, reply and survey link of one petition. A wrong code or phone is a 404 (no enumeration). Five wrong answers for one code within 24 hours lock it (423, even for the right digits) and send the petitioner a six-digit unlock code (by SMS or e-mail; e-mail and free-text SMS also carry an unlock link, whose token comes back as `unlock`). The code comes back as `unlockCode`, next to `phone`: a right code lifts the lock and the right phone digits then show the petition; a wrong one is a 423 naming `unlockCode`, and after five tries at it per lock only the link or time lifts it. The lock lifts itself 24 hours after the first wrong answer.',
    tag: 'Public',
    path: trackingCodePathSchema,
    query: trackPetitionQuerySchema,
    responses: {
      200: { description: 'The petition as its petitioner sees it', content: json(trackingViewSchema) },
    },
    problems: [404, 423],
  },
  'POST /api/uploads': {
    summary: 'Presign the upload of one photo for a petition',
    tag: 'Public',
    body: { schema: photoUploadRequestSchema },
    responses: { 201: { description: 'A presigned PUT', content: json(presignedUploadSchema) } },
  },
  'POST /api/phone-verifications': {
    summary: 'Send a one-time code by SMS to prove the phone',
    tag: 'Public',
    body: { schema: phoneVerificationRequestSchema },
    responses: {
      201: {
        description: 'The code was sent; name this id and the code in the petition',
        content: json(
          z
            .object({
              id: z.string().meta({ format: 'uuid' }),
              expiresAt: instant,
              codeLength: z.number().int(),
              maxAttempts: z.number().int(),
            })
            .meta({ id: 'PhoneVerification' }),
        ),
      },
    },
  },
  'GET /api/reception-days': {
    summary: 'The published reception calendar',
    tag: 'Public',
    query: receptionDaysQuerySchema,
    responses: {
      200: {
        description: 'Reception days with the representatives on duty',
        content: json(receptionCalendarSchema),
      },
    },
    problems: [404],
  },
  'GET /api/surveys/{token}': {
    summary: 'What the survey page shows for a link',
    tag: 'Public',
    path: surveyTokenPathSchema,
    responses: { 200: { description: 'The survey of one case', content: json(surveyViewSchema) } },
    problems: [404],
  },
  'POST /api/surveys/{token}': {
    summary: 'Answer the satisfaction survey',
    description: 'Records the rating once: a second answer is a 409, an expired link a 410.',
    tag: 'Public',
    path: surveyTokenPathSchema,
    body: { schema: surveyAnswerSchema },
    responses: {
      200: {
        description: 'Recorded',
        content: json(
          z
            .object({
              trackingCode: z.string(),
              status: z.literal('answered'),
              rating: z.enum(surveyRatings),
              outcome: z.enum(['archived', 'reopened', 'review', 'reviewable']),
            })
            .meta({ id: 'SurveyAnswerResult' }),
        ),
      },
    },
    problems: [404, 409, 410],
  },
} satisfies OperationMap;
