import { CaseVersionConflictError, IllegalTransitionError } from '../domain/case/errors.ts';
import { type CaseAttachment, publicActor } from '../domain/case/model.ts';
import { checkKey, clientIdOfKey, mayFileFor, type Open311Client } from '../domain/open311/clients.ts';
import {
  Open311Error,
  type Open311Request,
  type Open311Service,
  type Open311ServiceDefinition,
  Open311ValidationError,
  open311Request,
  open311Services,
  open311Status,
  serviceDefinition,
  serviceFor,
} from '../domain/open311/model.ts';
import {
  attributeAnswers,
  type FormFields,
  normaliseText,
  oneLine,
  parseOpen311Post,
  petitionContent,
  petitionerName,
  petitionTitle,
} from '../domain/open311/post-request.ts';
import type { Open311ErrorEntry } from '../domain/open311/render.ts';
import { parseW3cDateTime } from '../domain/open311/time.ts';
import { type RequestUpdate, requestUpdate, updateId } from '../domain/open311/updates.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { ValidationError } from '../errors/index.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Open311ClientStore } from '../ports/open311-client-store.ts';
import type { Open311CaseFacts, Open311Store } from '../ports/open311-store.ts';
import { type ActOnCaseDeps, applyCommand } from './act-on-case.ts';
import { newTrackingPin } from './mailbox.ts';
import { IDEMPOTENCY_KEY_TTL_MS, submitPetition } from './submit-petition.ts';

/**
 * Open311 GeoReport v2 over the case store (docs/intake-channels.md): services from the categories and their
 * questions, `POST requests` registers a case with channel `open311` through `submitPetition`, the `GET`s show
 * only what `open311Request` makes public of requests that came in through Open311, and
 * `servicerequestupdates` carries the cases' public events out and the petitioners' follow-ups in. Writes need
 * a client's key; reads are open, like the spec's.
 */

/** Spec: without dates, the last 90 days; at most 1000 requests per answer. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
/** Updates without dates: the last day (FixMyStreet asks for the last two hours). */
export const DEFAULT_UPDATES_WINDOW_HOURS = 24;
export const MAX_UPDATES = 1000;
/**
 * `requests?service_request_id=a,b,…` ids served in one answer: every id API Gateway can let through. An HTTP
 * API refuses requests whose request line and header values exceed 10,240 bytes together; a case id is 26
 * characters plus a comma, so no request that reaches the function holds more than 10,240 / 27 ≈ 379 ids.
 */
export const MAX_IDS = 380;
/** An Open311 client resends a report whose answer it lost for days; the same report makes one case a day. */
export const OPEN311_REPLAY_WINDOW_MS = IDEMPOTENCY_KEY_TTL_MS;

export interface Open311ReadDeps {
  readonly catalog: () => Promise<Catalog>;
  readonly requests: Open311Store;
  readonly clients: Open311ClientStore;
  /** The county-wide `jurisdiction_id`. */
  readonly countyId: () => string;
  /** Counts one request against the client's own limit (throws `TooManyRequestsError` when it is spent). */
  readonly limitClient: (client: Open311Client) => Promise<void>;
}

export interface Open311WriteDeps extends Open311ReadDeps, ActOnCaseDeps {
  readonly store: CaseStore;
  readonly newTrackingPin?: () => string;
  /**
   * Fetches the photo behind `media_url`, rebuilt from its pixels, and keeps it (open311-media.ts); throws a
   * `ValidationError` on `media_url` saying why it cannot be used. Without it the link stays text only.
   */
  readonly media?: (mediaUrl: string) => Promise<CaseAttachment>;
}

/**
 * The photo behind `media_url`, or why it was left out. Lenient like the rest of the intake: a link that
 * cannot be fetched or decoded does not refuse the report (its client would resend it for ever); the case
 * is filed without the photo and the answer's notice says why. Only a rebuilt photo is ever kept.
 */
async function mediaOf(
  media: NonNullable<Open311WriteDeps['media']>,
  mediaUrl: string,
): Promise<{ readonly attachments: CaseAttachment[]; readonly leftOut?: string }> {
  try {
    return { attachments: [await media(mediaUrl)] };
  } catch (error) {
    if (error instanceof ValidationError)
      return { attachments: [], leftOut: error.errors[0]?.message ?? '图片无法使用' };
    throw error;
  }
}

const notFound = (what: string) => new Open311Error(404, `${what} not found`);

/**
 * `jurisdiction_id`: a town of the county (its code), or the county-wide id (→ no town named); anything else
 * is unknown. Returns the town named, if any.
 */
function townNamed(
  catalog: Catalog,
  countyId: string,
  jurisdictionId: string | undefined,
): string | undefined {
  if (jurisdictionId === undefined || jurisdictionId === '' || jurisdictionId === countyId) return undefined;
  if (!catalog.jurisdictions.some((jurisdiction) => jurisdiction.code === jurisdictionId))
    throw notFound('jurisdiction_id');
  return jurisdictionId;
}

const keyRefusals = {
  missing: 'api_key is required: ask the county for a key for your system',
  invalid: 'api_key is not valid',
  revoked: 'api_key has been revoked: ask the county for a new key',
} as const;

/**
 * The client a key belongs to, checked against its stored hash, counted against its own limit. A wrong,
 * missing or revoked key is a 403: the report is fine and goes through once the key is mended.
 */
export async function authenticate(deps: Open311ReadDeps, key: string | undefined): Promise<Open311Client> {
  const clientId = key ? clientIdOfKey(key) : null;
  const checked = checkKey(key, clientId ? await deps.clients.get(clientId) : null);
  if (!checked.ok) throw new Open311Error(403, keyRefusals[checked.reason]);
  await deps.limitClient(checked.client);
  return checked.client;
}

export async function listServices(
  deps: Open311ReadDeps,
  jurisdictionId?: string,
): Promise<Open311Service[]> {
  const catalog = await deps.catalog();
  townNamed(catalog, deps.countyId(), jurisdictionId);
  return open311Services(catalog);
}

export async function getServiceDefinition(
  deps: Open311ReadDeps,
  code: string,
  jurisdictionId?: string,
): Promise<Open311ServiceDefinition> {
  const catalog = await deps.catalog();
  townNamed(catalog, deps.countyId(), jurisdictionId);
  const service = serviceFor(catalog, code);
  if (!service) throw notFound('service_code');
  return serviceDefinition(service);
}

export interface CreatedRequest {
  readonly service_request_id: string;
  readonly service_notice: string;
  readonly replayed: boolean;
}

const droppedNames = { phone: '电话号码', email: '电子邮件地址', media_url: '图片链接' } as const;

export async function createRequest(
  deps: Open311WriteDeps,
  form: FormFields,
  options: { readonly now: Date; readonly idempotencyKey?: string },
): Promise<CreatedRequest> {
  const client = await authenticate(deps, form.fields.api_key);
  const parsed = parseOpen311Post(form.fields);
  if (!parsed.ok) throw new Open311ValidationError(parsed.errors);
  const post = parsed.value;
  const catalog = await deps.catalog();
  const countyId = deps.countyId();
  const town = townNamed(catalog, countyId, post.jurisdiction_id);
  const service = serviceFor(catalog, post.service_code);
  if (!service) throw new Open311Error(404, 'service_code not found', { permanent: true });
  const answers = attributeAnswers(service, form.attributes);
  if (!answers.ok) throw new Open311ValidationError(answers.errors);
  // Loaded on the first filing (point in polygon and its geometry predicates), which keeps open311Create's
  // cold-start bundle within its 500 KB budget (scripts/build.ts).
  const { placeRequest } = await import('../domain/open311/place.ts');
  const placement = placeRequest(
    {
      ...(town ? { town } : {}),
      ...(post.lat !== undefined && post.long !== undefined ? { lat: post.lat, long: post.long } : {}),
      ...(post.address_string ? { address: post.address_string } : {}),
      description: post.description,
    },
    catalog.jurisdictions,
  );
  if (!mayFileFor(client, placement.jurisdictionCode, countyId))
    throw new Open311Error(403, `this api_key may not file reports for ${placement.jurisdictionCode}`);
  const name = petitionerName(post);
  const media =
    post.media_url && deps.media ? await mediaOf(deps.media, post.media_url) : { attachments: [] };
  try {
    const result = await submitPetition(
      { store: deps.store, catalog: async () => catalog },
      {
        categoryCode: service.code,
        jurisdictionCode: placement.jurisdictionCode,
        title: petitionTitle(service.nameZh, post.description),
        content: petitionContent(post, answers.answers),
        petitioner: {
          ...(name ? { name } : {}),
          ...(post.phone ? { phone: post.phone } : {}),
          ...(post.email ? { email: post.email } : {}),
          anonymous: !name,
        },
        confidential: false,
      },
      {
        channel: 'open311',
        actor: publicActor,
        now: options.now,
        placedBy: placement.placedBy,
        open311ClientId: client.clientId,
        // The client's own id of the report (Idempotency-Key), scoped to the client, for a day…
        ...(options.idempotencyKey
          ? { idempotencyKey: `open311:${client.clientId}:${options.idempotencyKey}` }
          : {}),
        // …and without one, the same report from the same client is the same case for a day too.
        sameSubmission: { scope: `open311:${client.clientId}`, windowMs: OPEN311_REPLAY_WINDOW_MS },
        ...(post.phone ? {} : { trackingPin: (deps.newTrackingPin ?? newTrackingPin)() }),
        ...(media.attachments.length > 0 ? { attachments: media.attachments } : {}),
      },
    );
    const contact = post.phone
      ? '跟踪码已通过短信发送'
      : post.email
        ? '跟踪码已通过电子邮件发送'
        : '请用本编号查询办理进度';
    const left = post.dropped.map((field) => droppedNames[field]);
    return {
      service_request_id: result.case.caseId,
      service_notice: `已登记，将由责任单位在规定时限内办理。${contact}。${
        left.length > 0 ? `${left.join('、')}无法识别，未予记录。` : ''
      }${media.leftOut ? `图片未予记录：${media.leftOut}。` : ''}`,
      replayed: result.replayed,
    };
  } catch (error) {
    if (error instanceof ValidationError)
      throw new Open311ValidationError(
        error.errors.map((item) => ({ field: item.field, message: item.message })),
      );
    throw error;
  }
}

const caseIdPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Only requests that came in through Open311 and are not confidential exist for GeoReport. */
function isPublished(item: Open311CaseFacts | undefined): item is Open311CaseFacts {
  return item?.channel === 'open311' && !item.confidential;
}

/** A request by id; anything else (another channel, confidential, unknown) is a 404. */
export async function getRequest(deps: Open311ReadDeps, requestId: string): Promise<Open311Request> {
  if (!caseIdPattern.test(requestId)) throw notFound('service_request_id');
  const [[found], catalog] = await Promise.all([deps.requests.cases([requestId]), deps.catalog()]);
  if (!isPublished(found)) throw notFound('service_request_id');
  return open311Request(found, catalog);
}

export interface RequestsQuery {
  readonly service_request_id?: string;
  readonly service_code?: string;
  readonly start_date?: string;
  readonly end_date?: string;
  readonly status?: string;
  readonly jurisdiction_id?: string;
  readonly api_key?: string;
}

function dateParameter(name: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = parseW3cDateTime(value);
  if (!date) throw new Open311Error(400, `${name} must be a W3C date-time, e.g. 2026-12-01T00:00:00+08:00`);
  return date;
}

function window(
  query: Pick<RequestsQuery, 'start_date' | 'end_date'>,
  now: Date,
  defaultMs: number,
  maxMs: number,
): { from: Date; to: Date } {
  const to = dateParameter('end_date', query.end_date) ?? now;
  const from = dateParameter('start_date', query.start_date) ?? new Date(to.getTime() - defaultMs);
  if (from > to) throw new Open311Error(400, 'start_date is after end_date');
  if (to.getTime() - from.getTime() > maxMs)
    throw new Open311Error(
      400,
      `at most ${Math.round(maxMs / 86_400_000)} days between start_date and end_date`,
    );
  return { from, to };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A read that carries a key is counted against the client's limit; a wrong key is refused, never ignored. */
async function optionalClient(deps: Open311ReadDeps, key: string | undefined): Promise<void> {
  if (key) await authenticate(deps, key);
}

export interface PartialAnswer<T> {
  readonly items: T[];
  /** Present when the answer leaves something out: says what, and how to get the rest. */
  readonly notice?: Open311ErrorEntry;
}

export async function listRequests(
  deps: Open311ReadDeps,
  query: RequestsQuery,
  now: Date,
): Promise<PartialAnswer<Open311Request>> {
  await optionalClient(deps, query.api_key);
  const catalog = await deps.catalog();
  townNamed(catalog, deps.countyId(), query.jurisdiction_id);
  const ids = [...new Set(list(query.service_request_id))];
  if (ids.length > 0) {
    // Ids given: the other parameters are ignored, as the spec says; unknown ids are left out.
    const served = ids.slice(0, MAX_IDS).filter((id) => caseIdPattern.test(id));
    const found = new Map((await deps.requests.cases(served)).map((item) => [item.caseId, item]));
    const items = served
      .map((id) => found.get(id))
      .filter(isPublished)
      .map((item) => open311Request(item, catalog));
    return ids.length <= MAX_IDS
      ? { items }
      : {
          items,
          notice: {
            code: 413,
            description: `only the first ${MAX_IDS} of ${ids.length} service_request_id values were answered; ask for the others in another request`,
          },
        };
  }
  const statuses = list(query.status);
  if (statuses.some((status) => status !== 'open' && status !== 'closed'))
    throw new Open311Error(400, 'status must be open or closed');
  const codes = list(query.service_code);
  const range = window(query, now, DEFAULT_WINDOW_DAYS * 86_400_000, 366 * 86_400_000);
  const summaries = (await deps.requests.requests(range, MAX_REQUESTS))
    .filter((summary) => !summary.confidential)
    .filter((summary) => codes.length === 0 || codes.includes(summary.categoryCode ?? ''))
    .filter((summary) => statuses.length === 0 || statuses.includes(open311Status(summary.status)));
  // The index holds summaries; the status notes need the reply and the rejection.
  const facts = new Map(
    (await deps.requests.cases(summaries.map((summary) => summary.caseId))).map((item) => [
      item.caseId,
      item,
    ]),
  );
  return {
    items: summaries
      .map((summary) => facts.get(summary.caseId))
      .filter(isPublished)
      .map((item) => open311Request(item, catalog)),
  };
}

export type UpdatesQuery = Pick<RequestsQuery, 'start_date' | 'end_date' | 'jurisdiction_id' | 'api_key'>;

/** `GET servicerequestupdates`: the public events of Open311 requests in a window, oldest first. */
export async function listUpdates(
  deps: Open311ReadDeps,
  query: UpdatesQuery,
  now: Date,
): Promise<PartialAnswer<RequestUpdate>> {
  await optionalClient(deps, query.api_key);
  const catalog = await deps.catalog();
  townNamed(catalog, deps.countyId(), query.jurisdiction_id);
  const range = window(query, now, DEFAULT_UPDATES_WINDOW_HOURS * 3_600_000, 90 * 86_400_000);
  const events = await deps.requests.updates(range, MAX_UPDATES);
  const items = events.map((event) => requestUpdate(event, catalog));
  const last = items.at(-1);
  return events.length < MAX_UPDATES || !last
    ? { items }
    : {
        items,
        notice: {
          code: 413,
          description: `more than ${MAX_UPDATES} updates in this window; ask again with start_date=${last.updated_datetime}`,
        },
      };
}

/** The fields of `POST servicerequestupdates` that Huiyin reads (FixMyStreet sends more). */
export interface UpdatePost {
  readonly api_key?: string;
  readonly jurisdiction_id?: string;
  readonly service_request_id?: string;
  readonly update_id?: string;
  readonly status?: string;
  readonly description?: string;
}

export interface CreatedUpdate {
  readonly update_id: string;
  readonly replayed: boolean;
}

function followUpFields(fields: UpdatePost): {
  requestId: string;
  text: string;
  reference?: string;
  reportedStatus?: string;
} {
  const errors: { field: string; message: string }[] = [];
  const requestId = fields.service_request_id?.trim() ?? '';
  if (!requestId) errors.push({ field: 'service_request_id', message: 'service_request_id is required' });
  const text = normaliseText(fields.description ?? '');
  if (!text) errors.push({ field: 'description', message: 'description is required' });
  else if ([...text].length > 4000)
    errors.push({ field: 'description', message: 'at most 4,000 characters (a line break counts once)' });
  if (errors.length > 0) throw new Open311ValidationError(errors);
  const reference = fields.update_id ? oneLine(fields.update_id, 100) : '';
  const reportedStatus = fields.status ? oneLine(fields.status, 40) : '';
  return {
    requestId,
    text,
    ...(reference ? { reference } : {}),
    ...(reportedStatus ? { reportedStatus } : {}),
  };
}

/**
 * `POST servicerequestupdates`: the petitioner's follow-up becomes an event on the case (the unit sees it on
 * the case page). Only the client that filed the request may add to it. The client's `update_id` makes a
 * resend answer with the same update instead of adding it twice.
 */
export async function postUpdate(
  deps: Open311WriteDeps,
  fields: UpdatePost,
  now: Date,
): Promise<CreatedUpdate> {
  const client = await authenticate(deps, fields.api_key);
  const post = followUpFields(fields);
  const catalog = await deps.catalog();
  townNamed(catalog, deps.countyId(), fields.jurisdiction_id);
  const reference = post.reference ? `${client.clientId}:${post.reference}` : undefined;
  for (let attempt = 0; ; attempt++) {
    const current = caseIdPattern.test(post.requestId) ? await deps.store.get(post.requestId) : null;
    if (current?.channel !== 'open311' || current.confidential)
      throw new Open311Error(404, 'service_request_id not found', { permanent: true });
    if (current.open311ClientId && current.open311ClientId !== client.clientId)
      throw new Open311Error(403, 'this request was filed by another client system', { permanent: true });
    if (reference) {
      const earlier = (await deps.store.timeline(current.caseId)).find(
        (event) => event.type === 'followedUp' && event.data.reference === reference,
      );
      if (earlier) return { update_id: updateId(earlier.caseId, earlier.version), replayed: true };
    }
    try {
      const decision = await applyCommand(deps, current, {
        command: {
          type: 'followUp',
          text: post.text,
          via: 'open311',
          ...(post.reportedStatus ? { reportedStatus: post.reportedStatus } : {}),
          ...(reference ? { reference } : {}),
        },
        actor: publicActor,
        now,
      });
      return { update_id: updateId(decision.event.caseId, decision.event.version), replayed: false };
    } catch (error) {
      // Someone changed the case meanwhile (perhaps this very update, resent): look again.
      if (error instanceof CaseVersionConflictError && attempt < 3) continue;
      if (error instanceof IllegalTransitionError)
        throw new Open311Error(409, 'the request is archived and takes no more updates', { permanent: true });
      throw error;
    }
  }
}
