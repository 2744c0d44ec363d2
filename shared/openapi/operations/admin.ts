import * as z from 'zod';
import {
  newOpen311ClientSchema,
  open311ClientInputSchema,
  open311ClientPatchSchema,
  open311ClientPathSchema,
} from '../../domain/open311/clients.ts';
import { slaPolicySchema } from '../../domain/policy/sla-policy.ts';
import {
  categorySchema,
  jurisdictionSchema,
  routingRuleSchema,
  studioSchema,
  unitSchema,
} from '../../domain/reference/model.ts';
import { accountRequestSchema, accountRequestStatuses } from '../../domain/users/separation-of-duties.ts';
import { accountRequestsQuerySchema, requestIdPathSchema } from '../../use-cases/admin/account-requests.ts';
import {
  calendarDatePathSchema,
  officialScheduleSchema,
  overrideBodySchema,
} from '../../use-cases/admin/calendar.ts';
import { policyBodySchema, policyPathSchema } from '../../use-cases/admin/policies.ts';
import {
  referenceBodySchemas,
  referencePathSchema,
  referenceSaveQuerySchema,
} from '../../use-cases/admin/reference-data.ts';
import { dryRunSchema } from '../../use-cases/admin/routing-dry-run.ts';
import {
  createUserSchema,
  resetPasswordSchema,
  updateUserSchema,
  usernamePathSchema,
} from '../../use-cases/admin/users.ts';
import { instant, itemsOf, staffUserViewSchema } from '../shapes.ts';
import type { OperationMap } from '../spec.ts';

/** Administrators' routes: reference data, routing, SLA policies, users, the calendar, Open311 clients. */

const json = (schema: z.ZodType) => ({ 'application/json': schema });
const admin = ['admin'] as const;

const catalogSchema = z
  .object({
    categories: z.array(categorySchema),
    jurisdictions: z.array(jurisdictionSchema),
    studios: z.array(studioSchema),
    units: z.array(unitSchema),
    routingRules: z.array(routingRuleSchema),
  })
  .meta({ id: 'AdminCatalog', description: 'All reference data, routing rules included' });

const entrySchema = z
  .union([unitSchema, categorySchema, jurisdictionSchema, studioSchema, routingRuleSchema])
  .meta({ id: 'ReferenceEntry' });

const overrideSchema = z
  .object({ date: z.string(), kind: z.enum(['workday', 'holiday']), name: z.string().optional() })
  .meta({ id: 'CalendarOverride' });

const clientViewSchema = open311ClientInputSchema
  .extend({
    clientId: z.string(),
    keyPrefix: z.string().meta({ description: 'The key’s first characters, to tell keys apart' }),
    createdAt: instant,
    updatedAt: instant,
    keyIssuedAt: instant,
    revokedAt: instant.optional(),
  })
  .meta({ id: 'Open311Client' });

const issuedKeySchema = z
  .object({
    client: clientViewSchema,
    apiKey: z.string().meta({ description: 'Shown this once; only its SHA-256 is kept' }),
  })
  .meta({ id: 'Open311IssuedKey' });

const temporaryPassword = z
  .string()
  .meta({ description: 'Shown this once; never stored in clear or logged' });

const accountRequestViewSchema = accountRequestSchema
  .omit({ change: true, status: true })
  .extend({
    status: z.enum(accountRequestStatuses).meta({
      description:
        '`expired`: pending past `expiresAt`, no longer approvable; `withdrawn`: refused by its requester',
    }),
  })
  .meta({
    id: 'AccountRequest',
    description:
      'An account change that needs a second person (separation of duties): who asked, for which account, its role and scope before and after, and who decided',
  });

const pendingRequest = {
  description:
    'Waits for a second person: the change gives, keeps or reaches an account that reads personal data or approves account changes. Another administrator or a supervisor approves it under /api/admin/account-requests.',
  content: json(z.object({ request: accountRequestViewSchema }).meta({ id: 'PendingAccountRequest' })),
};

const approvers = ['admin', 'supervisor'] as const;

export const adminOperations = {
  'GET /api/admin/reference': {
    summary: 'All reference data, routing rules included',
    tag: 'Admin',
    roles: admin,
    responses: { 200: { description: 'The catalog', content: json(catalogSchema) } },
  },
  'PUT /api/admin/reference/{kind}/{id}': {
    summary: 'Create or replace one reference entry (with create=true: create only)',
    description:
      'One unit, category, town, studio or routing rule (unknown fields are refused), checked against the rest of the catalog.',
    tag: 'Admin',
    roles: admin,
    path: referencePathSchema,
    query: referenceSaveQuerySchema,
    body: { schema: z.union(Object.values(referenceBodySchemas)) },
    responses: { 200: { description: 'The entry as stored', content: json(entrySchema) } },
    // With create=true, an entry that has the id already is left as it is.
    problems: [409],
  },
  'DELETE /api/admin/reference/{kind}/{id}': {
    summary: 'Delete one reference entry nothing points at any more',
    tag: 'Admin',
    roles: admin,
    path: referencePathSchema,
    responses: { 204: { description: 'Deleted (or there was none)' } },
    problems: [409],
  },
  'POST /api/admin/routing-rules/dry-run': {
    summary: 'Which unit the routing rules would pick for a petition, and why',
    tag: 'Admin',
    roles: admin,
    body: { schema: dryRunSchema },
    responses: {
      200: {
        description:
          'The decision for the petition given (title and town), and for a draft `rule` the share of the last 30 days’ cases it would take; nothing is stored',
        content: json(
          z
            .object({
              unitId: z.string().nullable().optional(),
              ruleId: z.string().nullable().optional(),
              reason: z.string().optional(),
              unitName: z.string().nullable().optional(),
              outcome: z.enum(['assigned', 'triage']).optional(),
              share: z
                .object({
                  ruleId: z.string(),
                  windowDays: z.number().int(),
                  cases: z.number().int().meta({ description: 'Cases of the window replayed (the newest)' }),
                  taken: z.number().int().meta({ description: 'Of them, the cases this rule would win' }),
                  share: z.number().min(0).max(1),
                  tooBroad: z.boolean().meta({ description: 'More than a fifth of the cases' }),
                  warning: z.string().optional(),
                })
                .optional()
                .meta({ id: 'RoutingRuleShare' }),
            })
            .meta({ id: 'RoutingDryRun' }),
        ),
      },
    },
  },
  'GET /api/admin/policies': {
    summary: 'SLA policies',
    tag: 'Admin',
    roles: admin,
    responses: {
      200: {
        description: 'The policies; `defaults` while nothing was edited',
        content: json(
          z.object({ policies: z.array(slaPolicySchema), defaults: z.boolean() }).meta({ id: 'Policies' }),
        ),
      },
    },
  },
  'PUT /api/admin/policies/{policyId}': {
    summary: 'Create or replace an SLA policy',
    tag: 'Admin',
    roles: admin,
    path: policyPathSchema,
    body: { schema: policyBodySchema },
    responses: {
      200: { description: 'The policy', content: json(slaPolicySchema.meta({ id: 'SlaPolicy' })) },
    },
  },
  'DELETE /api/admin/policies/{policyId}': {
    summary: 'Delete an SLA policy (not the catch-all)',
    tag: 'Admin',
    roles: admin,
    path: policyPathSchema,
    responses: { 204: { description: 'Deleted (or there was none)' } },
    problems: [409, 422],
  },
  'GET /api/admin/users': {
    summary: 'Staff accounts',
    description:
      'Huiyin’s staff records (role, unit, studio), whose sign-in accounts live in the stage’s user directory: Cognito in the cloud, the local OpenID Connect provider on one machine, the county’s own provider in AWS China (records only: the provider keeps accounts and passwords).',
    tag: 'Admin',
    roles: admin,
    responses: {
      200: {
        description: 'Every account, and what the directory manages',
        content: json(
          itemsOf(staffUserViewSchema)
            .extend({
              directory: z.enum(['accounts', 'recordsOnly']).meta({
                description:
                  '`accounts`: Huiyin creates accounts and sets passwords; `recordsOnly`: it keeps staff records keyed by the subject an administrator enters, and resets no password',
              }),
            })
            .meta({ id: 'StaffUserList' }),
        ),
      },
    },
  },
  'POST /api/admin/users': {
    summary: 'Create a staff account',
    tag: 'Admin',
    roles: admin,
    body: { schema: createUserSchema },
    responses: {
      201: {
        description: 'Created, with its first password (none where the identity provider keeps passwords)',
        content: json(
          z.object({ user: staffUserViewSchema, temporaryPassword: temporaryPassword.optional() }).meta({
            id: 'CreatedUser',
          }),
        ),
      },
      202: pendingRequest,
    },
    problems: [409],
  },
  'PATCH /api/admin/users/{username}': {
    summary: 'Change a staff account (role, scope, name, e-mail, disabled)',
    tag: 'Admin',
    roles: admin,
    path: usernamePathSchema,
    body: { schema: updateUserSchema },
    responses: {
      200: { description: 'The account', content: json(staffUserViewSchema) },
      202: pendingRequest,
    },
    problems: [404, 409],
  },
  'POST /api/admin/users/{username}/reset-password': {
    summary: 'Reset a staff password',
    tag: 'Admin',
    roles: admin,
    path: usernamePathSchema,
    body: { schema: resetPasswordSchema, optional: true },
    responses: {
      200: {
        description: 'The new password',
        content: json(z.object({ username: z.string(), temporaryPassword }).meta({ id: 'PasswordReset' })),
      },
      202: pendingRequest,
    },
    // 409 where the identity provider keeps the passwords (records-only directory, AWS China).
    problems: [404, 409],
  },
  'GET /api/admin/account-requests': {
    summary: 'Account changes waiting for a second person, and recent decisions',
    description:
      'Newest first. Administrators and supervisors see them; each decides only requests they neither made nor are the subject of.',
    tag: 'Admin',
    roles: approvers,
    query: accountRequestsQuerySchema,
    responses: { 200: { description: 'The requests', content: json(itemsOf(accountRequestViewSchema)) } },
  },
  'POST /api/admin/account-requests/{requestId}/approve': {
    summary: 'Approve an account change and apply it',
    description:
      'By an administrator or a supervisor other than the requester and the account concerned. The change is applied to the user directory; a new or reset account’s temporary password is in this answer, once. A retry by the same approver after a failure finishes the same approval; a decided or expired request is a 409.',
    tag: 'Admin',
    roles: approvers,
    path: requestIdPathSchema,
    responses: {
      200: {
        description: 'Approved and applied',
        content: json(
          z
            .object({
              request: accountRequestViewSchema,
              user: staffUserViewSchema.optional(),
              temporaryPassword: temporaryPassword.optional(),
            })
            .meta({ id: 'ApprovedAccountRequest' }),
        ),
      },
    },
    problems: [404, 409],
  },
  'POST /api/admin/account-requests/{requestId}/refuse': {
    summary: 'Refuse an account change (its requester withdraws it)',
    tag: 'Admin',
    roles: approvers,
    path: requestIdPathSchema,
    responses: {
      200: {
        description: 'Refused or withdrawn; nothing changed',
        content: json(z.object({ request: accountRequestViewSchema }).meta({ id: 'RefusedAccountRequest' })),
      },
    },
    problems: [404, 409],
  },
  'GET /api/admin/calendar': {
    summary: 'Calendar overrides, official years and the provisional-year warning',
    tag: 'Admin',
    roles: admin,
    responses: {
      200: {
        description: 'The calendar settings',
        content: json(
          z
            .object({
              overrides: z.array(overrideSchema),
              officialYears: z.array(z.number().int()),
              provisionalYears: z.array(z.number().int()),
            })
            .meta({ id: 'CalendarOverview' }),
        ),
      },
    },
  },
  'PUT /api/admin/calendar/overrides/{date}': {
    summary: 'Mark one day as a working day or a holiday',
    tag: 'Admin',
    roles: admin,
    path: calendarDatePathSchema,
    body: { schema: overrideBodySchema },
    responses: {
      200: {
        description: 'The override, and how many open deadlines spanning the day were recomputed',
        content: json(
          overrideSchema.extend({ recomputed: z.number().int() }).meta({ id: 'CalendarOverrideSaved' }),
        ),
      },
    },
  },
  'DELETE /api/admin/calendar/overrides/{date}': {
    summary: 'Remove a day’s override',
    tag: 'Admin',
    roles: admin,
    path: calendarDatePathSchema,
    responses: { 204: { description: 'Removed (or there was none)' } },
  },
  'POST /api/admin/calendar/official-years': {
    summary: 'Enter a year’s official holiday schedule (recomputes provisional deadlines)',
    tag: 'Admin',
    roles: admin,
    body: { schema: officialScheduleSchema },
    responses: {
      200: {
        description: 'How many open deadlines were recomputed',
        content: json(
          z
            .object({ year: z.number().int(), examined: z.number().int(), recomputed: z.number().int() })
            .meta({ id: 'OfficialYearEntered' }),
        ),
      },
    },
  },
  'GET /api/admin/open311-clients': {
    summary: 'Open311 client systems',
    tag: 'Admin',
    roles: admin,
    responses: {
      200: { description: 'Every client (never a key)', content: json(itemsOf(clientViewSchema)) },
    },
  },
  'POST /api/admin/open311-clients': {
    summary: 'Register an Open311 client system and issue its key',
    tag: 'Admin',
    roles: admin,
    body: { schema: newOpen311ClientSchema },
    responses: {
      201: { description: 'Registered; the key is in this answer only', content: json(issuedKeySchema) },
    },
    problems: [409],
  },
  'PATCH /api/admin/open311-clients/{clientId}': {
    summary: 'Change an Open311 client: name, contact, towns, rate limit',
    tag: 'Admin',
    roles: admin,
    path: open311ClientPathSchema,
    body: { schema: open311ClientPatchSchema },
    responses: { 200: { description: 'The client', content: json(clientViewSchema) } },
    problems: [404, 409],
  },
  'POST /api/admin/open311-clients/{clientId}/key': {
    summary: 'Issue a new key for an Open311 client (the old one stops working)',
    tag: 'Admin',
    roles: admin,
    path: open311ClientPathSchema,
    responses: { 200: { description: 'The new key, in this answer only', content: json(issuedKeySchema) } },
    problems: [404, 409],
  },
  'POST /api/admin/open311-clients/{clientId}/revoke': {
    summary: 'Revoke an Open311 client’s key',
    tag: 'Admin',
    roles: admin,
    path: open311ClientPathSchema,
    responses: { 200: { description: 'The client, revoked', content: json(clientViewSchema) } },
    problems: [404, 409],
  },
} satisfies OperationMap;
