import type { CaseStatus } from '../case/model.ts';
import { publicStatusText } from '../case/public-view.ts';
import type { Catalog, Category } from '../reference/model.ts';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/) over Huiyin's cases: the public, machine
 * readable face of the petitions that came in through it. Pure.
 *
 * What is public, deliberately little (docs/intake-channels.md): the service (category), open/closed, a
 * plain-language status note, the responsible unit, and times. Never the petitioner (name, phone, e-mail),
 * never the petition's text (`description` is omitted: it is free text that may name people and places),
 * never the address or coordinates given, never a tracking code. Confidential categories are not offered and
 * confidential cases are not shown.
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
  readonly metadata: false;
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
      metadata: false,
      type: 'realtime',
      keywords: category.nameEn,
      group: '',
    }));
}

export function serviceFor(catalog: Pick<Catalog, 'categories'>, code: string): Category | null {
  return catalog.categories.find((category) => category.code === code && !category.confidential) ?? null;
}

const closedStatuses = new Set<CaseStatus>(['closed', 'archived', 'rejected']);

export function open311Status(status: CaseStatus): 'open' | 'closed' {
  return closedStatuses.has(status) ? 'closed' : 'open';
}

/** W3C date-time in Shanghai time, as the spec's examples carry an offset: `2026-12-10T09:30:00+08:00`. */
export function w3cDateTime(iso: string): string {
  const shanghai = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shanghai.slice(0, 19)}+08:00`;
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
}

export interface RequestFacts {
  readonly caseId: string;
  readonly status: CaseStatus;
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
    status_notes: publicStatusText[item.status].zh,
    service_name: category?.nameZh ?? '',
    service_code: category?.code ?? '',
    agency_responsible: unit?.nameZh ?? '',
    service_notice: '',
    requested_datetime: w3cDateTime(item.createdAt),
    updated_datetime: w3cDateTime(item.updatedAt),
    expected_datetime: item.deadlines?.replyBy ? w3cDateTime(item.deadlines.replyBy.at) : '',
  };
}

/** Spec errors: `[{ code, description }]`, `code` repeating the HTTP status. */
export class Open311Error extends Error {
  override readonly name = 'Open311Error';
  readonly status: number;

  constructor(status: number, description: string) {
    super(description);
    this.status = status;
  }
}

/** Field errors of a `POST requests`: one spec error per field, all answered 400. */
export class Open311ValidationError extends Error {
  override readonly name = 'Open311ValidationError';
  readonly errors: readonly { readonly field: string; readonly message: string }[];

  constructor(errors: readonly { readonly field: string; readonly message: string }[]) {
    super('invalid Open311 request');
    this.errors = errors;
  }
}
