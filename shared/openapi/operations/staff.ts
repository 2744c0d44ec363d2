import * as z from 'zod';
import { caseStatuses } from '../../domain/case/model.ts';
import { receptionDaySchema } from '../../domain/reception/model.ts';
import {
  generateDaysSchema,
  ledgerQuerySchema,
  receptionDayPathSchema,
  registerVisitSchema,
  studioMonthQuerySchema,
  updateDaySchema,
} from '../../domain/reception/requests.ts';
import { categorySchema } from '../../domain/reference/model.ts';
import { attachmentPathSchema, attachmentQuerySchema, caseIdPathSchema } from '../../schemas/case-path.ts';
import { pageQuerySchema } from '../../schemas/page-query.ts';
import { staffRegistrationSchema } from '../../schemas/petition.ts';
import { staffActionPathSchema, staffActionSchemas } from '../../schemas/staff-actions.ts';
import { scanUploadRequestSchema } from '../../schemas/uploads.ts';
import { monthlyReportQuerySchema } from '../../use-cases/reports.ts';
import { ATTACHMENT_URL_TTL_SECONDS } from '../../use-cases/staff/case-attachments.ts';
import { exportQuerySchema, listCasesPageQuerySchema } from '../../use-cases/staff/list-query.ts';
import { noticesQuerySchema } from '../../use-cases/staff/notices.ts';
import {
  templateBodySchema,
  templatePathSchema,
  templateScopeQuerySchema,
} from '../../use-cases/staff/reply-templates.ts';
import { unitLoadQuerySchema } from '../../use-cases/staff/unit-load.ts';
import {
  actorSchema,
  caseEventSchema,
  caseIdSchema,
  caseSummarySchema,
  instant,
  itemsOf,
  pageOf,
  staffCaseViewSchema,
} from '../shapes.ts';
import type { OperationMap } from '../spec.ts';
import { presignedUploadSchema, publicJurisdictionSchema } from './public.ts';
import {
  generatedMonthSchema,
  registeredVisitSchema,
  reportCardSchema,
  serviceLedgerSchema,
  visitListItemSchema,
} from './staff-shapes.ts';

/** Staff routes (Bearer JWT): cases, reception days, reports and records. */

const attachmentLinkSchema = z.object({
  index: z.number().int().min(0),
  name: z.string().meta({ description: 'The original file name, or the kind and number (照片 1)' }),
  contentType: z.string(),
  bytes: z.number().int(),
  source: z.enum(['photo', 'email', 'scan', 'open311']),
  image: z.boolean().meta({ description: 'A picture the browser shows; other files (PDF) are downloaded' }),
  url: z.url().optional(),
  expiresAt: instant.optional(),
});

const json = (schema: z.ZodType) => ({ 'application/json': schema });
const csv = { 'text/csv': z.string().meta({ description: 'UTF-8 with a byte order mark, CRLF line ends' }) };
const xlsx = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': z
    .string()
    .meta({ format: 'binary', description: 'An Excel workbook' }),
};

const registeredCaseSchema = z
  .object({
    caseId: caseIdSchema,
    trackingCode: z.string(),
    status: z.enum(caseStatuses),
    version: z.number().int(),
    trackingPin: z
      .string()
      .optional()
      .meta({ description: '查询码 of a letter without a phone: written into the acknowledgement letter' }),
  })
  .meta({ id: 'RegisteredCase' });

/** One named component per action (several take the same fields), so the union lists each by name. */
const pascal = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
const actionBodySchema = z
  .union(
    Object.entries(staffActionSchemas).map(([name, schema]) =>
      schema.meta({ id: `${pascal(name)}Action`, title: `${name}` }),
    ),
  )
  .meta({
    description:
      '`expectedVersion` plus the fields of the action named in the path: reply `{text}`, reject `{reason, grounds?}`, return `{reason}`, assign `{unitId, reason?}`, reassign `{unitId, reason}`, request-extension `{days, reason}`, decide-extension `{approve, note?}`, close `{summary?}`, reopen `{reason}`, archive `{note?}`, note `{text}`, link-duplicate `{duplicateOf}`, refer-team `{teamId, question}`, team-answer `{answer}`, callback `{rating, comment?, requestReview?}`, classify `{petitionType?, accusedUnitId?}`, request-review and request-recheck `{reason}`, decide-review and decide-recheck `{outcome, opinion}`; accept and acknowledge take nothing else',
  });

const templateSchema = z
  .object({
    templateId: z.string(),
    unitId: z.string().nullable(),
    title: z.string(),
    text: z.string(),
    updatedBy: z.string(),
    updatedAt: instant,
  })
  .meta({ id: 'ReplyTemplate' });

export const staffOperations = {
  'GET /api/staff/cases': {
    summary: 'The inbox and the supervisors’ lists',
    description:
      'A page of cases, nearest deadline first, scoped to the caller: handlers their unit, liaison officers their unit or their studio’s cases, supervisors any unit or the county. `q` finds a tracking code or searches titles.',
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor'],
    query: listCasesPageQuerySchema,
    responses: {
      200: { description: 'A page of cases', content: json(pageOf(caseSummarySchema, 'CasePage')) },
    },
  },
  'POST /api/staff/cases': {
    summary: 'Register a letter, an e-mail or a reception-day visit',
    tag: 'Cases',
    roles: ['liaison', 'supervisor'],
    idempotencyKey: true,
    body: { schema: staffRegistrationSchema },
    responses: {
      201: {
        description: 'Registered (or replayed)',
        content: json(registeredCaseSchema),
        headers: ['Idempotent-Replayed'],
      },
    },
    problems: [422],
  },
  'GET /api/staff/cases/{caseId}': {
    summary: 'One case with its timeline (petitioner masked; the read is audited)',
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor'],
    path: caseIdPathSchema,
    responses: { 200: { description: 'The case', content: json(staffCaseViewSchema) } },
    problems: [404],
  },
  'GET /api/staff/cases/{caseId}/petitioner': {
    summary: 'Unmask the petitioner for a call-back (audited)',
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor'],
    path: caseIdPathSchema,
    responses: {
      200: {
        description: 'Name and phone in full',
        content: json(
          z
            .object({
              caseId: caseIdSchema,
              petitioner: z.object({
                name: z.string().optional(),
                phone: z.string().optional(),
                address: z.string().optional(),
                anonymous: z.boolean(),
              }),
            })
            .meta({ id: 'Petitioner' }),
        ),
      },
    },
    problems: [404],
  },
  'POST /api/staff/cases/{caseId}/{action}': {
    summary: 'One action on one case',
    description:
      'accept, reject, assign, reassign, acknowledge, return, reply, request-extension, decide-extension, close, reopen (重新办理), archive, note, link-duplicate, refer-team and team-answer (服务团队), callback, classify (信访事项类型), request-review and decide-review (复查), request-recheck and decide-recheck (复核). `expectedVersion` must be the version the caller saw: another one is a 409 naming who changed the case.',
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor'],
    path: staffActionPathSchema,
    body: { schema: actionBodySchema },
    responses: { 200: { description: 'The case after the action', content: json(staffCaseViewSchema) } },
    problems: [404, 409, 422],
  },
  'GET /api/staff/reports/monthly': {
    summary: 'Monthly report card (JSON, CSV or XLSX)',
    description: 'Frozen once the monthly job ran, live before; scoped to the caller.',
    tag: 'Reports',
    roles: ['supervisor', 'handler', 'liaison'],
    query: monthlyReportQuerySchema,
    responses: {
      200: {
        description: 'The report card',
        content: { ...json(reportCardSchema), ...csv, ...xlsx },
        headers: ['Cache-Control'],
      },
    },
  },
  'GET /api/staff/cases/export': {
    summary: 'Case lists as CSV or XLSX',
    tag: 'Reports',
    roles: ['liaison', 'handler', 'supervisor'],
    query: exportQuerySchema,
    responses: {
      200: {
        description: 'The export',
        content: { ...csv, ...xlsx },
        headers: ['Content-Disposition', 'X-Export-Rows', 'X-Export-Truncated'],
      },
    },
  },
  'GET /api/staff/cases/{caseId}/audit': {
    summary: 'Audit trail of one case: every change and every staff read',
    tag: 'Reports',
    roles: ['supervisor'],
    path: caseIdPathSchema,
    responses: {
      200: {
        description: 'The audit trail',
        content: json(
          z
            .object({
              caseId: caseIdSchema,
              trackingCode: z.string(),
              events: z.array(caseEventSchema.omit({ caseId: true })),
              reads: z.array(
                z.object({
                  at: instant,
                  actor: actorSchema,
                  what: z.string(),
                  detail: z.string().optional(),
                }),
              ),
            })
            .meta({ id: 'CaseAudit' }),
        ),
      },
    },
    problems: [404],
  },
  'GET /api/staff/cases/{caseId}/attachments': {
    summary: 'A case’s files, with short-lived links for the images (thumbnails; audited)',
    description: `Each image has an inline presigned GET that works for ${ATTACHMENT_URL_TTL_SECONDS / 60} minutes. Files without a name kept (older cases) are named by kind and number (照片 1). A confidential case’s files only for those who may read its content (403).`,
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor'],
    path: caseIdPathSchema,
    responses: {
      200: {
        description: 'The files',
        content: json(
          z
            .object({ caseId: caseIdSchema, attachments: z.array(attachmentLinkSchema) })
            .meta({ id: 'CaseAttachments' }),
        ),
      },
    },
    problems: [403, 404],
  },
  'GET /api/staff/cases/{caseId}/attachments/{index}': {
    summary: 'One file for the viewer, or to save under its name (`download=true`); audited',
    description: `A presigned GET that works for ${ATTACHMENT_URL_TTL_SECONDS / 60} minutes; with \`download=true\` the file is served as an attachment under its original name.`,
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor'],
    path: attachmentPathSchema,
    query: attachmentQuerySchema,
    responses: {
      200: {
        description: 'The link',
        content: json(
          attachmentLinkSchema.required({ url: true, expiresAt: true }).meta({ id: 'AttachmentLink' }),
        ),
      },
    },
    problems: [403, 404],
  },
  'GET /api/staff/cases/{caseId}/deliveries': {
    summary: 'How each assignment of a case reached its unit',
    tag: 'Reports',
    roles: ['supervisor'],
    path: caseIdPathSchema,
    responses: {
      200: {
        description: 'Deliveries by version',
        content: json(
          z
            .object({
              caseId: caseIdSchema,
              deliveries: z.array(
                z.object({
                  caseId: caseIdSchema,
                  version: z.number().int(),
                  unitId: z.string(),
                  method: z.enum(['console', 'email', 'webhook']),
                  status: z.enum(['delivered', 'retrying', 'failed']),
                  attempts: z.number().int(),
                  lastError: z.string().optional(),
                  updatedAt: instant,
                }),
              ),
            })
            .meta({ id: 'CaseDeliveries' }),
        ),
      },
    },
    problems: [404],
  },
  'GET /api/staff/unit-load': {
    summary: 'How many open cases each person of a unit works, and how many nobody does yet',
    description:
      'Handlers see their own unit (the lead uses it to share the work out); supervisors name a unit. Counts come from the owner index, one counting query per person.',
    tag: 'Cases',
    roles: ['handler', 'supervisor'],
    query: unitLoadQuerySchema,
    responses: {
      200: {
        description: 'The unit’s people, the lead first',
        content: json(
          z
            .object({
              unitId: z.string(),
              people: z.array(
                z.object({
                  username: z.string(),
                  displayName: z.string(),
                  unitLead: z.boolean(),
                  open: z.number().int().min(0),
                }),
              ),
              unassigned: z.number().int().min(0),
            })
            .meta({ id: 'UnitLoad' }),
        ),
      },
    },
    problems: [403, 422],
  },
  'GET /api/staff/notices': {
    summary: 'The console’s notices of the caller’s unit (or the supervisors)',
    tag: 'Reports',
    roles: ['liaison', 'handler', 'supervisor'],
    query: noticesQuerySchema,
    responses: {
      200: {
        description: 'Newest first',
        content: json(
          z
            .object({
              audience: z.string(),
              items: z.array(
                z.object({
                  at: instant,
                  caseId: caseIdSchema,
                  trackingCode: z.string(),
                  template: z.string(),
                  text: z.string(),
                }),
              ),
            })
            .meta({ id: 'Notices' }),
        ),
      },
    },
  },
  'GET /api/staff/reference': {
    summary: 'Unit, category, town, studio and staff names for the console',
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor', 'admin'],
    responses: {
      200: {
        description: 'Names (no routing rules, no contact details)',
        content: json(
          z
            .object({
              units: z.array(
                z.object({
                  unitId: z.string(),
                  nameZh: z.string(),
                  nameEn: z.string(),
                  kind: z.enum(['department', 'serviceTeam', 'petitionOffice', 'studio']),
                }),
              ),
              categories: z.array(categorySchema),
              jurisdictions: z.array(publicJurisdictionSchema),
              studios: z.array(
                z.object({
                  studioId: z.string(),
                  nameZh: z.string(),
                  jurisdictionCode: z.string(),
                  triageUnitId: z.string(),
                }),
              ),
              staff: z
                .array(z.object({ username: z.string(), name: z.string(), unitId: z.string().optional() }))
                .meta({
                  description: 'Staff names by login: the case record stores logins, people read names',
                }),
            })
            .meta({ id: 'StaffReference' }),
        ),
      },
    },
  },
  'GET /api/staff/reply-templates': {
    summary: 'Reply templates of a unit and the county-wide ones',
    tag: 'Cases',
    roles: ['handler', 'supervisor', 'admin'],
    query: templateScopeQuerySchema,
    responses: { 200: { description: 'The templates', content: json(itemsOf(templateSchema)) } },
  },
  'PUT /api/staff/reply-templates/{templateId}': {
    summary: 'Save a reply template',
    tag: 'Cases',
    roles: ['handler', 'supervisor', 'admin'],
    path: templatePathSchema,
    query: templateScopeQuerySchema,
    body: { schema: templateBodySchema },
    responses: { 200: { description: 'Saved', content: json(templateSchema) } },
  },
  'DELETE /api/staff/reply-templates/{templateId}': {
    summary: 'Delete a reply template',
    tag: 'Cases',
    roles: ['handler', 'supervisor', 'admin'],
    path: templatePathSchema,
    query: templateScopeQuerySchema,
    responses: { 204: { description: 'Deleted (or there was none)' } },
    problems: [404],
  },
  'GET /api/staff/mail/quarantine': {
    summary: 'Mail the mailbox could not turn into a case',
    tag: 'Reports',
    roles: ['supervisor'],
    query: pageQuerySchema,
    responses: {
      200: {
        description: 'Newest first',
        content: json(
          pageOf(
            z.object({
              quarantineId: z.string(),
              receivedAt: instant,
              reason: z.string(),
              rawKey: z.string(),
              bytes: z.number().int(),
              deliveryId: z.string(),
              sender: z.string().optional(),
              subject: z.string().optional(),
              status: z.enum(['pending', 'resolved']),
            }),
            'QuarantinePage',
          ),
        ),
      },
    },
  },
  'POST /api/staff/uploads': {
    summary: 'Presign the upload of one scanned page of a letter',
    tag: 'Cases',
    roles: ['liaison', 'supervisor'],
    body: { schema: scanUploadRequestSchema },
    responses: { 201: { description: 'A presigned PUT', content: json(presignedUploadSchema) } },
  },
  'GET /api/staff/reception-days': {
    summary: 'A studio’s reception days of a month, with its representatives',
    tag: 'Reception',
    roles: ['liaison', 'supervisor', 'admin'],
    query: studioMonthQuerySchema,
    responses: {
      200: {
        description: 'The roster',
        content: json(
          z
            .object({
              studioId: z.string(),
              month: z.string(),
              representatives: z.array(
                z.object({
                  representativeId: z.string(),
                  name: z.string(),
                  title: z.string(),
                  active: z.boolean(),
                }),
              ),
              days: z.array(receptionDaySchema.meta({ id: 'ReceptionDay' })),
            })
            .meta({ id: 'StudioRoster' }),
        ),
      },
    },
    problems: [404],
  },
  'POST /api/staff/reception-days/generate': {
    summary: 'Generate (and optionally publish) a month of reception days',
    tag: 'Reception',
    roles: ['liaison', 'supervisor', 'admin'],
    body: { schema: generateDaysSchema },
    responses: { 200: { description: 'The month’s days', content: json(generatedMonthSchema) } },
    problems: [404],
  },
  'PUT /api/staff/reception-days/{studioId}/{date}': {
    summary: 'Edit one reception day: roster, note, hours, publication',
    tag: 'Reception',
    roles: ['liaison', 'supervisor', 'admin'],
    path: receptionDayPathSchema,
    body: { schema: updateDaySchema },
    responses: { 200: { description: 'The day', content: json(receptionDaySchema) } },
    problems: [404, 409],
  },
  'GET /api/staff/reception-days/{studioId}/{date}/visits': {
    summary: 'The walk-in visits of one reception day (visitors masked)',
    tag: 'Reception',
    roles: ['liaison', 'supervisor'],
    path: receptionDayPathSchema,
    responses: {
      200: {
        description: 'The visits',
        content: json(
          z
            .object({ studioId: z.string(), date: z.string(), items: z.array(visitListItemSchema) })
            .meta({ id: 'Visits' }),
        ),
      },
    },
    problems: [404],
  },
  'POST /api/staff/reception-days/{studioId}/{date}/visits': {
    summary: 'Register a walk-in visit: answered on the spot, or a linked case',
    tag: 'Reception',
    roles: ['liaison', 'supervisor'],
    path: receptionDayPathSchema,
    idempotencyKey: true,
    body: { schema: registerVisitSchema },
    responses: {
      200: {
        description: 'Replayed',
        content: json(registeredVisitSchema),
        headers: ['Idempotent-Replayed'],
      },
      201: { description: 'Registered', content: json(registeredVisitSchema) },
    },
    problems: [404, 422],
  },
  'GET /api/staff/ledger': {
    summary: 'A studio’s service record book (服务群众记录簿) of one month',
    description: 'CSV (default) or XLSX to download, JSON for the print view; people masked.',
    tag: 'Reception',
    roles: ['liaison', 'supervisor'],
    query: ledgerQuerySchema,
    responses: {
      200: {
        description: 'The book',
        content: { ...json(serviceLedgerSchema), ...csv, ...xlsx },
        headers: ['Cache-Control'],
      },
    },
    problems: [404],
  },
} satisfies OperationMap;
