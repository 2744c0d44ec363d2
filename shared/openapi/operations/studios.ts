import * as z from 'zod';
import { staffRoles } from '../../auth/claims.ts';
import {
  helpMailboxCountsQuerySchema,
  idempotencyKeySchema,
  letterIdPathSchema,
  readLetterSchema,
  replyLetterSchema,
  writeLetterSchema,
} from '../../domain/help-mailbox/model.ts';
import { studioReportQuerySchema } from '../../domain/reception/requests.ts';
import { teamPathSchema } from '../../use-cases/team-work.ts';
import { caseIdSchema, instant, itemsOf } from '../shapes.ts';
import type { OperationMap } from '../spec.ts';

/**
 * The studios' own records beyond cases and reception days (studio figures, service teams' work), the
 * confidential help mailbox on both sides, and who the signed-in caller is.
 */

const json = (schema: z.ZodType) => ({ 'application/json': schema });
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A Shanghai date (no time of day)' });
const month = z.string().regex(/^\d{4}-\d{2}$/);

const writtenLetterSchema = z
  .object({
    code: z.string().meta({
      description: 'The letter code: with the passphrase, the only way to read the letter and its reply',
      example: 'XL-7K3Q-9MXD-2HPA-WQ4N',
    }),
    receivedOn: day,
    replyBy: day,
  })
  .meta({ id: 'WrittenLetter' });

const letterForWriterSchema = z
  .object({
    receivedOn: day,
    subject: z.string().optional(),
    content: z.string(),
    status: z.enum(['received', 'replied']),
    replyBy: day,
    reply: z.object({ text: z.string(), repliedOn: day }).optional(),
  })
  .meta({ id: 'LetterForWriter', description: 'The letter and its reply; nothing about who handled it' });

const letterSummarySchema = z
  .object({
    letterId: letterIdPathSchema.shape.letterId,
    receivedOn: day,
    replyBy: day,
    subject: z.string().optional(),
    status: z.enum(['received', 'replied']),
    overdue: z.boolean(),
  })
  .meta({ id: 'LetterSummary' });

const letterForStaffSchema = z
  .object({
    letterId: letterIdPathSchema.shape.letterId,
    receivedOn: day,
    replyBy: day,
    subject: z.string().optional(),
    content: z.string(),
    status: z.enum(['received', 'replied']),
    reply: z.object({ text: z.string(), repliedOn: day, by: z.string() }).optional(),
    reads: z
      .array(z.object({ actorId: z.string(), at: instant }))
      .meta({ description: 'Every opening of the letter, this one included' }),
  })
  .meta({ id: 'LetterForStaff', description: 'No passphrase hash, no code: the letter id is a hash of it' });

const figures = {
  peopleReceived: z.number().int(),
  suggestionsCollected: z.number().int(),
  itemsClosed: z.number().int(),
};

const studioReportSchema = z
  .object({
    studio: z.object({ studioId: z.string(), name: z.string() }),
    months: z.array(z.object({ month, ...figures })),
    sinceStart: z.object({ from: month.nullable(), ...figures }),
  })
  .meta({ id: 'StudioReport' });

const teamWorkSchema = z
  .object({
    team: z.object({ unitId: z.string(), name: z.string() }),
    items: z.array(
      z.object({
        teamId: z.string(),
        caseId: caseIdSchema,
        trackingCode: z.string(),
        unitId: z
          .string()
          .nullable()
          .meta({ description: 'The unit holding the case at referral or answer' }),
        referredAt: instant,
        answeredAt: instant.optional(),
      }),
    ),
    months: z.array(z.object({ month, referred: z.number().int(), answered: z.number().int() })),
    total: z.object({ referred: z.number().int(), answered: z.number().int(), open: z.number().int() }),
  })
  .meta({ id: 'TeamWork' });

const noStore = ['Cache-Control'] as const;

export const studioOperations = {
  'GET /api/staff/me': {
    summary: 'Who the signed-in caller is: name, role, unit, studio',
    description:
      'From the caller’s staff record (keyed by the token’s subject). The console and the dashboard ask this after sign-in.',
    tag: 'Session',
    roles: ['liaison', 'handler', 'supervisor', 'admin'],
    responses: {
      200: {
        description: 'The caller',
        content: json(
          z
            .object({
              username: z.string(),
              displayName: z.string(),
              role: z.enum(staffRoles),
              unitId: z.string().optional(),
              studioId: z.string().optional(),
              unitLead: z.boolean().optional().meta({ description: 'Handlers who lead their unit' }),
            })
            .meta({ id: 'StaffProfile' }),
        ),
      },
    },
  },
  'GET /api/staff/studio-report': {
    summary: 'A studio’s figures by month and since the start',
    description:
      'People received (a group counts all its members), suggestions collected and items closed (docs/metrics.md, "Studio figures").',
    tag: 'Reception',
    roles: ['liaison', 'supervisor'],
    query: studioReportQuerySchema,
    responses: {
      200: { description: 'The figures', content: json(studioReportSchema), headers: noStore },
    },
    problems: [404],
  },
  'GET /api/staff/teams/{teamId}/referrals': {
    summary: 'A service team’s referred cases and its figures',
    description: 'For the team’s own handlers and the county’s supervisors.',
    tag: 'Cases',
    roles: ['handler', 'supervisor'],
    path: teamPathSchema,
    responses: { 200: { description: 'The team’s work', content: json(teamWorkSchema), headers: noStore } },
    problems: [404],
  },
  'POST /api/help-mailbox/letters': {
    summary: 'Write a letter to the help mailbox (no name, no phone)',
    description:
      'Answers the letter code. With an `Idempotency-Key` the code is derived from the key, so a retry after a lost answer finds the same letter (200 with `Idempotent-Replayed`). Letters are also capped county-wide, counted without any address.',
    tag: 'HelpMailbox',
    idempotencyKey: idempotencyKeySchema,
    body: { schema: writeLetterSchema },
    responses: {
      200: {
        description: 'Replayed: the letter this key wrote before',
        content: json(writtenLetterSchema),
        headers: ['Cache-Control', 'Idempotent-Replayed'],
      },
      201: { description: 'Written', content: json(writtenLetterSchema), headers: noStore },
    },
    problems: [409],
  },
  'POST /api/help-mailbox/read': {
    summary: 'Read a letter and its reply with the letter code and the passphrase',
    description:
      'Both secrets travel in the body, never in a URL. A wrong code or passphrase is a 404 either way; after five failures in 24 hours the code is locked for reading (429).',
    tag: 'HelpMailbox',
    body: { schema: readLetterSchema },
    responses: {
      200: { description: 'The letter', content: json(letterForWriterSchema), headers: noStore },
    },
    problems: [404],
  },
  'GET /api/staff/help-mailbox/letters': {
    summary: 'The help mailbox’s letters (designated officers only)',
    description: 'Unanswered first, by reply day. Only the organisation department’s designated officers.',
    tag: 'HelpMailbox',
    roles: ['liaison', 'handler', 'supervisor', 'admin'],
    responses: {
      200: { description: 'The letters', content: json(itemsOf(letterSummarySchema)), headers: noStore },
    },
  },
  'GET /api/staff/help-mailbox/counts': {
    summary: 'Help mailbox figures of a month: numbers only',
    description: 'For the designated officers and the county’s supervisors: never a letter, subject or id.',
    tag: 'HelpMailbox',
    roles: ['liaison', 'handler', 'supervisor', 'admin'],
    query: helpMailboxCountsQuerySchema,
    responses: {
      200: {
        description: 'The counts',
        content: json(
          z
            .object({
              month,
              received: z.number().int(),
              replied: z.number().int(),
              open: z.number().int(),
              overdue: z.number().int(),
            })
            .meta({ id: 'HelpMailboxCounts' }),
        ),
        headers: noStore,
      },
    },
  },
  'GET /api/staff/help-mailbox/letters/{letterId}': {
    summary: 'Open one letter (every opening is recorded)',
    tag: 'HelpMailbox',
    roles: ['liaison', 'handler', 'supervisor', 'admin'],
    path: letterIdPathSchema,
    responses: {
      200: { description: 'The letter', content: json(letterForStaffSchema), headers: noStore },
    },
    problems: [404],
  },
  'POST /api/staff/help-mailbox/letters/{letterId}/reply': {
    summary: 'Answer a letter (once)',
    tag: 'HelpMailbox',
    roles: ['liaison', 'handler', 'supervisor', 'admin'],
    path: letterIdPathSchema,
    body: { schema: replyLetterSchema },
    responses: {
      200: { description: 'Answered', content: json(letterSummarySchema), headers: noStore },
    },
    problems: [404, 409],
  },
} satisfies OperationMap;
