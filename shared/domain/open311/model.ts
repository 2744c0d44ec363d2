import type { CaseStatus } from '../case/model.ts';
import type { Catalog, Category, CategoryAttribute } from '../reference/model.ts';
import { w3cDateTime } from './time.ts';
import { currentStatusCode, type ExternalStatusCode, type RequestState, statusNotes } from './updates.ts';

export { w3cDateTime };

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/) over Huiyin's cases: the public, machine
 * readable face of the petitions that came in through it. Pure.
 *
 * What is public, deliberately little (docs/intake-channels.md): the service (category), open/closed, the
 * status notes (the unit's reply once there is one), the responsible unit, and times. Never the petitioner
 * (name, phone, e-mail), never the petition's text (`description` is omitted: it is free text that may name
 * people and places), never the address or coordinates given, never a tracking code. Confidential categories
 * are not offered and confidential cases are not shown.
 */

export const open311Formats = ['json', 'xml'] as const;
export type Open311Format = (typeof open311Formats)[number];

/** `services.json` → `{ name: 'services', format: 'json' }`; anything else → null. */
export function parseResource(segment: string): { name: string; format: Open311Format } | null {
  const match = /^([A-Za-z0-9_-]{1,60})\.(json|xml)$/.exec(segment);
  if (!match) return null;
  return { name: match[1]!, format: match[2] as Open311Format };
}

/** The format a failed request is answered in: its extension, else JSON. */
export function formatOf(segment: string | undefined): Open311Format {
  return segment?.toLowerCase().endsWith('.xml') ? 'xml' : 'json';
}

export interface Open311Service {
  readonly service_code: string;
  readonly service_name: string;
  readonly description: string;
  /** True when the service asks extra questions: its definition lists them (`services/{code}`). */
  readonly metadata: boolean;
  readonly type: 'realtime';
  readonly keywords: string;
  readonly group: string;
}

/** Services are the county's non-confidential categories (the mental-health mailbox is not one). */
export function open311Services(catalog: Pick<Catalog, 'categories'>): Open311Service[] {
  return catalog.categories
    .filter((category) => !category.confidential)
    .map((category) => ({
      service_code: category.code,
      service_name: category.nameZh,
      description: category.descriptionZh,
      metadata: (category.attributes?.length ?? 0) > 0,
      type: 'realtime',
      keywords: category.nameEn,
      group: '',
    }));
}

export function serviceFor(catalog: Pick<Catalog, 'categories'>, code: string): Category | null {
  return catalog.categories.find((category) => category.code === code && !category.confidential) ?? null;
}

/** One question of a service definition, as GeoReport spells it. */
export interface Open311Attribute {
  readonly variable: true;
  readonly code: string;
  readonly datatype: CategoryAttribute['datatype'];
  readonly required: boolean;
  readonly datatype_description: string;
  readonly order: number;
  readonly description: string;
  readonly values: readonly { readonly key: string; readonly name: string }[];
}

export interface Open311ServiceDefinition {
  readonly service_code: string;
  readonly attributes: readonly Open311Attribute[];
}

const datatypeDescriptions: Record<CategoryAttribute['datatype'], string> = {
  string: '一行文字',
  text: '多行文字',
  number: '数字',
  datetime: 'W3C 日期时间',
  singlevaluelist: '从列表中选一项（填 key）',
  multivaluelist: '从列表中选多项（每项一个 key）',
};

/** `GET services/{code}`: the category's extra questions in the order residents see them. */
export function serviceDefinition(category: Category): Open311ServiceDefinition {
  return {
    service_code: category.code,
    attributes: [...(category.attributes ?? [])]
      .sort((a, b) => a.order - b.order)
      .map((attribute) => ({
        variable: true,
        code: attribute.code,
        datatype: attribute.datatype,
        required: attribute.required,
        datatype_description: datatypeDescriptions[attribute.datatype],
        order: attribute.order,
        description: attribute.descriptionZh,
        values: (attribute.values ?? []).map((value) => ({ key: value.key, name: value.nameZh })),
      })),
  };
}

const closedStatuses = new Set<CaseStatus>(['closed', 'archived', 'rejected']);

export function open311Status(status: CaseStatus): 'open' | 'closed' {
  return closedStatuses.has(status) ? 'closed' : 'open';
}

/** What `GET requests` and `GET requests/{id}` show of one case. */
export interface Open311Request {
  readonly service_request_id: string;
  readonly status: 'open' | 'closed';
  readonly status_notes: string;
  readonly service_name: string;
  readonly service_code: string;
  readonly agency_responsible: string;
  readonly service_notice: string;
  readonly requested_datetime: string;
  readonly updated_datetime: string;
  readonly expected_datetime: string;
  /** Extension FixMyStreet reads: rejected, duplicate and fixed all look `closed` without it. */
  readonly external_status_code: ExternalStatusCode;
}

export interface RequestFacts extends RequestState {
  readonly caseId: string;
  readonly categoryCode?: string;
  readonly unitId?: string;
  readonly deadlines?: { readonly replyBy?: { readonly at: string } };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function open311Request(
  item: RequestFacts,
  catalog: Pick<Catalog, 'categories' | 'units'>,
): Open311Request {
  const category = catalog.categories.find((candidate) => candidate.code === item.categoryCode);
  const unit =
    item.unitId && item.status !== 'registered'
      ? catalog.units.find((candidate) => candidate.unitId === item.unitId)
      : undefined;
  return {
    service_request_id: item.caseId,
    status: open311Status(item.status),
    status_notes: statusNotes(item),
    service_name: category?.nameZh ?? '',
    service_code: category?.code ?? '',
    agency_responsible: unit?.nameZh ?? '',
    service_notice: '',
    requested_datetime: w3cDateTime(item.createdAt),
    updated_datetime: w3cDateTime(item.updatedAt),
    expected_datetime: item.deadlines?.replyBy ? w3cDateTime(item.deadlines.replyBy.at) : '',
    external_status_code: currentStatusCode(item),
  };
}

/**
 * Spec errors: `[{ code, description }]`, `code` repeating the HTTP status. A refusal that no resend of the same
 * request can ever cure is `permanent`: its code says so (`400-permanent`), so a client that resends failed
 * reports forever (FixMyStreet does, every 30 minutes) and the people who watch it can tell it from a hiccup.
 */
export class Open311Error extends Error {
  override readonly name = 'Open311Error';
  readonly status: number;
  readonly permanent: boolean;
  readonly retryAfterSeconds?: number;

  constructor(
    status: number,
    description: string,
    options: { readonly permanent?: boolean; readonly retryAfterSeconds?: number } = {},
  ) {
    super(description);
    this.status = status;
    this.permanent = options.permanent ?? false;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Field errors of a `POST`: one spec error per field, all answered 400, all permanent (the input is wrong). */
export class Open311ValidationError extends Error {
  override readonly name = 'Open311ValidationError';
  readonly errors: readonly { readonly field: string; readonly message: string }[];

  constructor(errors: readonly { readonly field: string; readonly message: string }[]) {
    super('invalid Open311 request');
    this.errors = errors;
  }
}

/** The `code` of an error entry: the HTTP status, with `-permanent` when resending cannot help. */
export function errorCode(status: number, permanent: boolean): number | string {
  return permanent ? `${status}-permanent` : status;
}
