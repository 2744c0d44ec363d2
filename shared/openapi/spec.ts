import type * as z from 'zod';
import type { StaffRole } from '../auth/claims.ts';
import type { RouteKey } from '../topology.ts';
import type { ResponseHeaderName } from './components.ts';

/**
 * How one route is documented: one `OperationSpec` per topology route key, next to the schemas it names.
 * Everything the handlers parse (path, query, body) is the very zod schema the handler parses with; responses
 * name the zod schema of their body. The builder (`document.ts`) adds what every route of a kind shares: the
 * bearer scheme and 401/403 for staff routes, rate-limit headers and 429 for public ones, problem+json for
 * refused input, and API Gateway's own errors.
 */

export const tags = {
  Public:
    'The public site: petitions, tracking, surveys, the reception calendar (no login; rate-limited per address)',
  Cases: 'Staff: the inbox, case pages, actions on cases, registration of letters and visits',
  Reception: 'Staff: reception days (接待日), duty roster, walk-in visits and the service ledger',
  Reports: 'Staff: report cards, exports, notices, audit and delivery records',
  Admin:
    'Administrators: reference data, routing rules, SLA policies, users, the work calendar, Open311 clients',
  Open311:
    'Open311 GeoReport v2 and mySociety’s servicerequestupdates for 311 clients such as FixMyStreet (JSON or XML; errors in the spec’s format)',
  HelpMailbox:
    'The confidential help mailbox (心理帮助信箱): letters without a name, read back with their code and passphrase; designated officers answer',
  Session: 'Staff: who the signed-in caller is to Huiyin (the token only proves identity)',
  Contract: 'This document and its rendering',
} as const;
export type Tag = keyof typeof tags;

export type MediaType =
  | 'application/json'
  | 'text/xml'
  | 'text/csv'
  | 'text/html'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ResponseSpec {
  readonly description: string;
  /** Body schema per media type (strings for CSV, XML, HTML, XLSX). */
  readonly content?: Readonly<Partial<Record<MediaType, z.ZodType>>>;
  readonly headers?: readonly ResponseHeaderName[];
}

export interface OperationSpec {
  readonly summary: string;
  readonly description?: string;
  readonly tag: Tag;
  /** Staff routes: the roles the function admits (others get 403). */
  readonly roles?: readonly StaffRole[];
  readonly path?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** Takes an `Idempotency-Key` header: `true` for the common one, or the handler's own stricter schema. */
  readonly idempotencyKey?: true | z.ZodType<string | undefined>;
  readonly body?: {
    readonly schema: z.ZodType;
    /** `application/x-www-form-urlencoded` instead of JSON (Open311). */
    readonly form?: boolean;
    /** The body may be left out. */
    readonly optional?: boolean;
  };
  /** Successful answers by status. */
  readonly responses: Readonly<Partial<Record<number, ResponseSpec>>>;
  /** Refusals of this operation beyond the common ones (e.g. 404, 409, 422), answered as problem+json. */
  readonly problems?: readonly number[];
}

/** One module's share of the registry; keys must be route keys of the topology. */
export type OperationMap = Partial<Record<RouteKey, OperationSpec>>;
