import * as z from 'zod';

/**
 * Parameters and form bodies of the Open311 routes (GeoReport v2 and mySociety's `servicerequestupdates`),
 * shared by the functions that parse them and the OpenAPI document that describes them. Limits are generous:
 * what a client sends is mended where it can be (docs/intake-channels.md), so these only stop abuse.
 */

const optional = (max: number) => z.string().max(max).optional();

export const open311ServicesQuerySchema = z.object({ jurisdiction_id: optional(60) });

export const open311RequestsQuerySchema = z.object({
  jurisdiction_id: optional(60),
  /** Comma list; FixMyStreet sends every open report's id in one request (up to what API Gateway lets in). */
  service_request_id: optional(12_000),
  service_code: optional(500),
  start_date: optional(40),
  end_date: optional(40),
  status: optional(20),
  api_key: optional(200),
});

export const open311UpdatesQuerySchema = z.object({
  jurisdiction_id: optional(60),
  start_date: optional(40),
  end_date: optional(40),
  api_key: optional(200),
});

const file = z.string().regex(/^[A-Za-z0-9_-]{1,60}\.(json|xml)$/, '<id>.json or <id>.xml');
export const open311ServiceFilePathSchema = z.object({ serviceFile: file });
export const open311RequestFilePathSchema = z.object({ requestFile: file });
export const open311ResourcePathSchema = z.object({ resource: z.string().max(200) });

/** `POST servicerequestupdates` (form-encoded), as FixMyStreet sends it; what Huiyin reads is checked inside. */
export const open311UpdatePostSchema = z.object({
  api_key: optional(200),
  jurisdiction_id: optional(60),
  service_request_id: optional(60),
  update_id: optional(200),
  updated_datetime: optional(40),
  status: optional(60),
  description: optional(20_000),
  first_name: optional(200),
  last_name: optional(200),
  email: optional(400),
  phone: optional(60),
  media_url: optional(2000),
});
