import { type CaseAttachment, publicActor } from '../domain/case/model.ts';
import { defaultJurisdiction, findJurisdiction } from '../domain/mail/find-jurisdiction.ts';
import {
  Open311Error,
  type Open311Request,
  type Open311Service,
  Open311ValidationError,
  open311Request,
  open311Services,
  open311Status,
  serviceFor,
} from '../domain/open311/model.ts';
import {
  parseOpen311Post,
  petitionContent,
  petitionerName,
  petitionTitle,
} from '../domain/open311/post-request.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { ValidationError } from '../errors/index.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Open311Store } from '../ports/open311-store.ts';
import { newTrackingPin } from './mailbox.ts';
import { submitPetition } from './submit-petition.ts';

/**
 * Open311 GeoReport v2 over the case store: services from the categories, `POST requests` registers a case
 * with channel `open311` through `submitPetition`, and the `GET`s show only what `open311Request` makes
 * public, of requests that came in through Open311 and are not confidential (docs/intake-channels.md).
 */

/** Spec: without dates, the last 90 days; at most 1000 requests per answer. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
const MAX_IDS = 50;

export interface Open311Deps {
  readonly store: CaseStore;
  readonly catalog: () => Promise<Catalog>;
  /** Fetches, cleans and keeps the photo behind `media_url` (open311-media.ts); without it the link is text. */
  readonly media?: (mediaUrl: string) => Promise<CaseAttachment>;
}

/** `jurisdiction_id` names a town or street of the county (the catalog's codes); anything else is unknown. */
function checkJurisdiction(catalog: Catalog, jurisdictionId: string | undefined): string | undefined {
  if (jurisdictionId === undefined || jurisdictionId === '') return undefined;
  if (!catalog.jurisdictions.some((jurisdiction) => jurisdiction.code === jurisdictionId))
    throw new Open311Error(404, 'jurisdiction_id not found');
  return jurisdictionId;
}

export async function listServices(
  deps: Pick<Open311Deps, 'catalog'>,
  jurisdictionId?: string,
): Promise<Open311Service[]> {
  const catalog = await deps.catalog();
  checkJurisdiction(catalog, jurisdictionId);
  return open311Services(catalog);
}

export interface CreatedRequest {
  readonly service_request_id: string;
  readonly service_notice: string;
}

export async function createRequest(
  deps: Open311Deps,
  fields: Record<string, string>,
  options: { readonly now: Date; readonly idempotencyKey?: string; readonly newTrackingPin?: () => string },
): Promise<CreatedRequest> {
  const parsed = parseOpen311Post(fields);
  if (!parsed.ok) throw new Open311ValidationError(parsed.errors);
  const post = parsed.value;
  const catalog = await deps.catalog();
  const explicit = checkJurisdiction(catalog, post.jurisdiction_id);
  const service = serviceFor(catalog, post.service_code);
  if (!service) throw new Open311Error(404, 'service_code not found');
  const jurisdictionCode =
    explicit ??
    findJurisdiction(`${post.address_string ?? ''}\n${post.description ?? ''}`, catalog.jurisdictions) ??
    defaultJurisdiction(catalog.jurisdictions);
  if (!jurisdictionCode) throw new Error('the catalog has no jurisdictions');
  const name = petitionerName(post);
  try {
    const media = post.media_url && deps.media ? [await deps.media(post.media_url)] : [];
    const result = await submitPetition(
      { store: deps.store, catalog: async () => catalog },
      {
        categoryCode: service.code,
        jurisdictionCode,
        title: petitionTitle(service.nameZh, post.description ?? ''),
        content: petitionContent(post),
        petitioner: {
          ...(name ? { name } : {}),
          ...(post.phone ? { phone: post.phone } : {}),
          ...(post.email ? { email: post.email.toLowerCase() } : {}),
          anonymous: !name,
        },
        confidential: false,
      },
      {
        channel: 'open311',
        actor: publicActor,
        now: options.now,
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        ...(post.phone ? {} : { trackingPin: (options.newTrackingPin ?? newTrackingPin)() }),
        ...(media.length > 0 ? { attachments: media } : {}),
      },
    );
    const contact = post.phone
      ? '跟踪码已通过短信发送'
      : post.email
        ? '跟踪码已通过电子邮件发送'
        : '请用本编号查询办理进度';
    return {
      service_request_id: result.case.caseId,
      service_notice: `已登记，将由责任单位在规定时限内办理。${contact}。`,
    };
  } catch (error) {
    if (error instanceof ValidationError)
      throw new Open311ValidationError(
        error.errors.map((item) => ({ field: item.field, message: item.message })),
      );
    throw error;
  }
}

/** A request by id: only one that came in through Open311 and is not confidential; anything else is a 404. */
export async function getRequest(deps: Open311Deps, requestId: string): Promise<Open311Request> {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(requestId))
    throw new Open311Error(404, 'service_request_id not found');
  const [found, catalog] = await Promise.all([deps.store.get(requestId), deps.catalog()]);
  if (found?.channel !== 'open311' || found.confidential)
    throw new Open311Error(404, 'service_request_id not found');
  return open311Request(found, catalog);
}

export interface RequestsQuery {
  readonly service_request_id?: string;
  readonly service_code?: string;
  readonly start_date?: string;
  readonly end_date?: string;
  readonly status?: string;
  readonly jurisdiction_id?: string;
}

const w3c = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDate(name: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = w3c.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()))
    throw new Open311Error(400, `${name} must be a W3C date-time, e.g. 2026-12-01T00:00:00+08:00`);
  return date;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export async function listRequests(
  deps: Open311Deps & { readonly requests: Open311Store },
  query: RequestsQuery,
  now: Date,
): Promise<Open311Request[]> {
  const catalog = await deps.catalog();
  checkJurisdiction(catalog, query.jurisdiction_id);
  const ids = list(query.service_request_id);
  if (ids.length > MAX_IDS) throw new Open311Error(400, `at most ${MAX_IDS} service_request_id values`);
  if (ids.length > 0) {
    // Ids given: the other parameters are ignored, as the spec says.
    const found = await Promise.allSettled(ids.map((id) => getRequest(deps, id)));
    return found.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  }
  const statuses = list(query.status);
  if (statuses.some((status) => status !== 'open' && status !== 'closed'))
    throw new Open311Error(400, 'status must be open or closed');
  const codes = list(query.service_code);
  const end = parseDate('end_date', query.end_date) ?? now;
  const start =
    parseDate('start_date', query.start_date) ?? new Date(end.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
  if (start > end) throw new Open311Error(400, 'start_date is after end_date');
  if (end.getTime() - start.getTime() > 366 * 86_400_000)
    throw new Open311Error(400, 'at most one year between start_date and end_date');
  const summaries = await deps.requests.requests({ from: start, to: end }, MAX_REQUESTS);
  return summaries
    .filter((summary) => !summary.confidential)
    .filter((summary) => codes.length === 0 || codes.includes(summary.categoryCode ?? ''))
    .filter((summary) => statuses.length === 0 || statuses.includes(open311Status(summary.status)))
    .map((summary) => open311Request(summary, catalog));
}
