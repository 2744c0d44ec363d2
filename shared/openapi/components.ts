import * as z from 'zod';

/**
 * Shapes every operation shares: RFC 9457 problem details (with field errors), API Gateway's own error body,
 * Open311's error list, and the response headers of rate limits, retries and idempotent replays. Registered as
 * OpenAPI components through their `id`.
 */

export const fieldErrorSchema = z
  .object({
    field: z.string().meta({ description: 'Dotted path of the offending field, e.g. `petitioner.phone`' }),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });

/** What `problemFromError` writes: a stable `type`, a title in the caller's language, extensions by type. */
export const problemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'Stable for clients: `urn:huiyin:problem:<type>`' }),
    title: z.string().meta({ description: 'Simplified Chinese, or English with `Accept-Language: en`' }),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional().meta({ description: 'Field errors of a refused input' }),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details (`application/problem+json`); extensions depend on `type`',
  });

/** API Gateway answers some failures itself, before or instead of the function, with this body. */
export const apiGatewayErrorSchema = z
  .strictObject({ message: z.string().meta({ example: 'Not Found' }) })
  .meta({
    id: 'ApiGatewayError',
    description:
      "API Gateway's own answer (no route, authorizer refusal, throttling, payload too large, integration failure or timeout); HTTP APIs cannot change this body",
  });

/** `code`: the HTTP status, or `<status>-permanent` when resending the same request can never succeed. */
export const open311ErrorSchema = z
  .strictObject({
    code: z.union([z.number().int(), z.string().regex(/^[45]\d\d-permanent$/)]),
    description: z.string(),
  })
  .meta({
    id: 'Open311Error',
    description:
      'One GeoReport error; `code` is the HTTP status, or `<status>-permanent` when no resend of the same request can succeed',
  });

export const open311ErrorListSchema = z.array(open311ErrorSchema).min(1).meta({ id: 'Open311ErrorList' });

/** XML bodies are described, not validated: OpenAPI schemas describe JSON. */
export const xmlDocumentSchema = z
  .string()
  .meta({ id: 'XmlDocument', description: 'An XML document (`<?xml version="1.0" encoding="utf-8"?>`)' });

const seconds = z.string().regex(/^\d+$/);

/** Response headers by name, as the document lists them. */
export const responseHeaders = {
  'Retry-After': seconds.meta({ description: 'Seconds to wait before sending the request again' }),
  'RateLimit-Limit': seconds.meta({ description: "Requests allowed in the caller's window" }),
  'RateLimit-Remaining': seconds.meta({ description: 'Requests left in the window' }),
  'RateLimit-Reset': seconds.meta({ description: 'Seconds until the window ends' }),
  'RateLimit-Policy': z
    .string()
    .regex(/^\d+;w=\d+$/)
    .meta({ description: 'The limit and its window in seconds, e.g. `300;w=60`' }),
  'Idempotent-Replayed': z
    .literal('true')
    .meta({ description: 'This answer replays an earlier request with the same Idempotency-Key or content' }),
  'Content-Disposition': z.string().meta({ description: 'attachment; filename=…' }),
  'X-Export-Rows': seconds.meta({ description: 'Data rows in the export' }),
  'X-Export-Truncated': z
    .enum(['true', 'false'])
    .meta({ description: 'Whether the export hit its row limit' }),
  'Cache-Control': z.string(),
  ETag: z.string().meta({ description: 'Names this version; send it back as If-None-Match to revalidate' }),
} as const;
export type ResponseHeaderName = keyof typeof responseHeaders;

/** Headers that may be absent (rate limits are off in some deployments; replays are rare). */
export const optionalHeaders: ReadonlySet<ResponseHeaderName> = new Set([
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Idempotent-Replayed',
  'Cache-Control',
]);
