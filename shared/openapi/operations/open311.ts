import * as z from 'zod';
import { open311PostSchema } from '../../domain/open311/post-request.ts';
import { externalStatusCodes, updateStatuses } from '../../domain/open311/updates.ts';
import {
  open311RequestFilePathSchema,
  open311RequestsQuerySchema,
  open311ResourcePathSchema,
  open311ServiceFilePathSchema,
  open311ServicesQuerySchema,
  open311UpdatePostSchema,
  open311UpdatesQuerySchema,
} from '../../schemas/open311.ts';
import { open311ErrorSchema, xmlDocumentSchema } from '../components.ts';
import type { OperationMap, OperationSpec } from '../spec.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) and mySociety's `servicerequestupdates`, one route
 * per resource and format. JSON bodies are described by schema; XML bodies carry the same records (`services`/
 * `service`, `service_requests`/`request`, `service_request_updates`/`request_update`, `errors`/`error`).
 */

const w3c = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
  .meta({ description: 'W3C date-time in Shanghai time' });

const serviceSchema = z
  .object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean().meta({ description: 'True: `services/{service_code}` lists extra questions' }),
    type: z.literal('realtime'),
    keywords: z.string(),
    group: z.string(),
  })
  .meta({ id: 'Open311Service' });

const serviceDefinitionSchema = z
  .object({
    service_code: z.string(),
    attributes: z.array(
      z.object({
        variable: z.literal(true),
        code: z.string(),
        datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
        required: z.boolean(),
        datatype_description: z.string(),
        order: z.number().int(),
        description: z.string(),
        values: z.array(z.object({ key: z.string(), name: z.string() })),
      }),
    ),
  })
  .meta({ id: 'Open311ServiceDefinition' });

const requestSchema = z
  .object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z
      .string()
      .meta({ description: 'The unit’s reply once there is one, or why it was not accepted' }),
    service_name: z.string(),
    service_code: z.string(),
    agency_responsible: z.string(),
    service_notice: z.string(),
    requested_datetime: w3c,
    updated_datetime: w3c,
    expected_datetime: z.union([w3c, z.literal('')]),
    external_status_code: z.enum(externalStatusCodes),
  })
  .meta({ id: 'Open311Request' });

const updateSchema = z
  .object({
    update_id: z.string().meta({ description: '`<service_request_id>-<version>`: stable' }),
    service_request_id: z.string(),
    status: z.enum(updateStatuses),
    updated_datetime: w3c,
    description: z.string(),
    media_url: z.literal(''),
    external_status_code: z.enum(externalStatusCodes),
  })
  .meta({ id: 'Open311Update' });

const discoverySchema = z
  .object({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(
      z.object({
        specification: z.string(),
        url: z.string(),
        changeset: z.string(),
        type: z.enum(['production', 'test']),
        formats: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'Open311Discovery' });

/** A partial list ends with one error entry saying what was left out (see `MAX_IDS`, `MAX_UPDATES`). */
const listOf = (item: z.ZodType) => z.array(z.union([item, open311ErrorSchema]));

type Format = 'json' | 'xml';
const body = (format: Format, json: z.ZodType) =>
  format === 'json' ? { 'application/json': json } : { 'text/xml': xmlDocumentSchema };

/** The `.json` and `.xml` routes of one resource, documented once. */
function both<M extends 'GET' | 'POST', P extends string>(
  path: P,
  method: M,
  spec: (format: Format) => OperationSpec,
): Record<`${M} ${P}.json` | `${M} ${P}.xml`, OperationSpec> {
  return { [`${method} ${path}.json`]: spec('json'), [`${method} ${path}.xml`]: spec('xml') } as Record<
    `${M} ${P}.json` | `${M} ${P}.xml`,
    OperationSpec
  >;
}

const jurisdiction =
  'A town’s code, or the county-wide id (`OPEN311_JURISDICTION_ID`, `county` by default); other ids are a 404.';

/** Names this endpoint does not serve: refused in the spec's format rather than API Gateway's. */
const unknownResource = (method: 'GET' | 'POST'): OperationSpec => ({
  summary: `Any other name under /open311/v2/ (${method})`,
  description:
    'Catches the names this endpoint does not serve, so that they are refused in the spec’s error format (XML for `.xml` names, JSON otherwise) rather than API Gateway’s.',
  tag: 'Open311',
  path: open311ResourcePathSchema,
  responses: {},
  problems: [404],
});

export const open311Operations = {
  ...both('/open311/v2/discovery', 'GET', (format) => ({
    summary: `Discovery (${format.toUpperCase()})`,
    tag: 'Open311',
    responses: {
      200: {
        description: 'Where this endpoint is and what it speaks',
        content: body(format, discoverySchema),
      },
    },
  })),
  ...both('/open311/v2/services', 'GET', (format) => ({
    summary: `Service list (${format.toUpperCase()})`,
    description: `The county’s non-confidential categories. ${jurisdiction}`,
    tag: 'Open311',
    query: open311ServicesQuerySchema,
    responses: {
      200: {
        description: 'The services',
        content: body(format, z.array(serviceSchema)),
        headers: ['Cache-Control'],
      },
    },
    problems: [404],
  })),
  'GET /open311/v2/services/{serviceFile}': {
    summary: 'Service definition: the extra questions of one service',
    description: '`services/<service_code>.json` or `.xml`; unknown codes are a 404 in the spec’s format.',
    tag: 'Open311',
    path: open311ServiceFilePathSchema,
    query: open311ServicesQuerySchema,
    responses: {
      200: {
        description: 'The questions, in order',
        content: { 'application/json': serviceDefinitionSchema, 'text/xml': xmlDocumentSchema },
        headers: ['Cache-Control'],
      },
    },
    problems: [404],
  },
  ...both('/open311/v2/requests', 'GET', (format) => ({
    summary: `Service requests (${format.toUpperCase()})`,
    description:
      'By `service_request_id` (a comma list: every id an API Gateway request line can carry, about 379; more are answered in part, with a closing error entry saying so), or by `service_code`, `status` and a `start_date`/`end_date` window (default the last 90 days, at most 1,000). Only requests that came in through Open311; never personal data.',
    tag: 'Open311',
    query: open311RequestsQuerySchema,
    responses: { 200: { description: 'The requests', content: body(format, listOf(requestSchema)) } },
    problems: [403, 404],
  })),
  'GET /open311/v2/requests/{requestFile}': {
    summary: 'One service request',
    description: '`requests/<service_request_id>.json` or `.xml`.',
    tag: 'Open311',
    path: open311RequestFilePathSchema,
    responses: {
      200: {
        description: 'The request (a list of one)',
        content: { 'application/json': z.array(requestSchema), 'text/xml': xmlDocumentSchema },
      },
    },
    problems: [404],
  },
  ...both('/open311/v2/servicerequestupdates', 'GET', (format) => ({
    summary: `Updates of service requests (${format.toUpperCase()})`,
    description:
      'The public events of Open311 requests between `start_date` and `end_date` (default the last day, at most 90 days, oldest first, at most 1,000): status, the finer `external_status_code`, and the unit’s reply as the description. A key, when given, must be valid and counts against its client’s limit.',
    tag: 'Open311',
    query: open311UpdatesQuerySchema,
    responses: { 200: { description: 'The updates', content: body(format, listOf(updateSchema)) } },
    problems: [403, 404],
  })),
  ...both('/open311/v2/requests', 'POST', (format) => ({
    summary: `File a service request (${format.toUpperCase()})`,
    description:
      'Form-encoded, with the client’s `api_key` (403 without a valid one), `attribute[<code>]` answers to the service’s questions, and an optional `Idempotency-Key` header. The same report from the same client within a day is the same request. Refusals that no resend can mend have the code `<status>-permanent`.',
    tag: 'Open311',
    idempotencyKey: true,
    body: {
      form: true,
      schema: open311PostSchema.meta({
        description: 'GeoReport fields; answers to the service’s questions as `attribute[<code>]`',
      }),
    },
    responses: {
      201: {
        description: 'Filed (or replayed): the new id',
        content: body(
          format,
          z.array(z.object({ service_request_id: z.string(), service_notice: z.string() })).length(1),
        ),
        headers: ['Idempotent-Replayed'],
      },
    },
    problems: [403, 404, 422],
  })),
  ...both('/open311/v2/servicerequestupdates', 'POST', (format) => ({
    summary: `Add a resident’s follow-up to a request (${format.toUpperCase()})`,
    description:
      'Form-encoded, with the `api_key` of the client that filed the request. The follow-up becomes an event on the case for the unit to read; the same `update_id` from the same client is answered with the same update.',
    tag: 'Open311',
    body: { form: true, schema: open311UpdatePostSchema },
    responses: {
      201: {
        description: 'Added (or replayed): the update’s id',
        content: body(format, z.array(z.object({ update_id: z.string() })).length(1)),
        headers: ['Idempotent-Replayed'],
      },
    },
    problems: [403, 404, 409],
  })),
  'GET /open311/v2/{resource}': unknownResource('GET'),
  'POST /open311/v2/{resource}': unknownResource('POST'),
} satisfies OperationMap;
