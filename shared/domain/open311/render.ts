import type { XMLBuilder } from 'fast-xml-builder';
import { HuiyinError, PayloadTooLargeError } from '../../errors/index.ts';
import type { HttpResult } from '../../http/types.ts';
import { IdempotencyKeyReusedError } from '../case/errors.ts';
import {
  errorCode,
  Open311Error,
  type Open311Format,
  type Open311Request,
  type Open311Service,
  type Open311ServiceDefinition,
  Open311ValidationError,
} from './model.ts';
import type { RequestUpdate } from './updates.ts';

/**
 * Open311 responses in the two formats the spec defines. JSON is an array at the top level; XML wraps the
 * same records in `services`/`service`, `service_requests`/`request`, `service_request_updates`/
 * `request_update`, `errors`/`error`. Text is escaped by the XML builder (fast-xml-builder), never
 * concatenated. The builder is loaded with the first XML answer: JSON clients never pay for it at cold start.
 */

let builder: Promise<XMLBuilder> | undefined;
function xml(document: unknown): Promise<string> {
  builder ??= import('fast-xml-builder').then(
    ({ default: Builder }) => new Builder({ format: true, suppressEmptyNode: false }),
  );
  return builder.then((loaded) => loaded.build(document));
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

export const open311ContentTypes: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

function respond(
  status: number,
  format: Open311Format,
  body: string,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode: status,
    headers: {
      'content-type': open311ContentTypes[format],
      'x-content-type-options': 'nosniff',
      // Open data for any 311 client, in a browser too; nothing here needs credentials.
      'access-control-allow-origin': '*',
      'cache-control': 'no-store',
      ...headers,
    },
    body,
  };
}

/** An error entry as the spec writes it; `code` says `-permanent` when resending cannot help. */
export interface Open311ErrorEntry {
  readonly code: number | string;
  readonly description: string;
}

/**
 * A list answer: the records, and, when the answer is partial (more ids than one request may carry), one
 * error entry saying what was left out: after the records in JSON, an `errors` element in XML.
 */
async function records(
  format: Open311Format,
  wrapper: string,
  element: string,
  items: readonly object[],
  notice?: Open311ErrorEntry,
): Promise<string> {
  if (format === 'json') return JSON.stringify(notice ? [...items, notice] : items);
  const content: Record<string, unknown> = {};
  if (items.length > 0) content[element] = items;
  if (notice) content.errors = { error: [notice] };
  return `${XML_DECLARATION}${await xml({ [wrapper]: Object.keys(content).length > 0 ? content : '' })}`;
}

export async function servicesResponse(
  format: Open311Format,
  services: readonly Open311Service[],
): Promise<HttpResult> {
  return respond(200, format, await records(format, 'services', 'service', services), {
    'cache-control': 'public, max-age=300',
  });
}

export async function serviceDefinitionResponse(
  format: Open311Format,
  definition: Open311ServiceDefinition,
): Promise<HttpResult> {
  const body =
    format === 'json'
      ? JSON.stringify(definition)
      : `${XML_DECLARATION}${await xml({
          service_definition: {
            service_code: definition.service_code,
            attributes:
              definition.attributes.length > 0
                ? {
                    attribute: definition.attributes.map((attribute) => ({
                      ...attribute,
                      values: attribute.values.length > 0 ? { value: attribute.values } : '',
                    })),
                  }
                : '',
          },
        })}`;
  return respond(200, format, body, { 'cache-control': 'public, max-age=300' });
}

export async function requestsResponse(
  format: Open311Format,
  requests: readonly Open311Request[],
  notice?: Open311ErrorEntry,
): Promise<HttpResult> {
  return respond(200, format, await records(format, 'service_requests', 'request', requests, notice));
}

export async function createdResponse(
  format: Open311Format,
  created: { readonly service_request_id: string; readonly service_notice: string },
  options: { readonly replayed: boolean },
): Promise<HttpResult> {
  // A replay answers like the first time (201), marked as on `POST /api/petitions`.
  return respond(
    201,
    format,
    await records(format, 'service_requests', 'request', [created]),
    options.replayed ? { 'idempotent-replayed': 'true' } : {},
  );
}

export async function updatesResponse(
  format: Open311Format,
  updates: readonly RequestUpdate[],
  notice?: Open311ErrorEntry,
): Promise<HttpResult> {
  return respond(
    200,
    format,
    await records(format, 'service_request_updates', 'request_update', updates, notice),
  );
}

export async function updateCreatedResponse(
  format: Open311Format,
  created: { readonly update_id: string },
  options: { readonly replayed: boolean },
): Promise<HttpResult> {
  return respond(
    201,
    format,
    await records(format, 'service_request_updates', 'request_update', [created]),
    options.replayed ? { 'idempotent-replayed': 'true' } : {},
  );
}

export async function errorResponse(
  format: Open311Format,
  status: number,
  errors: readonly { readonly description: string }[],
  options: { readonly permanent?: boolean; readonly headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const code = errorCode(status, options.permanent ?? false);
  const list = errors.map((error) => ({ code, description: error.description }));
  return respond(status, format, await records(format, 'errors', 'error', list), options.headers);
}

export interface Discovery {
  readonly changeset: string;
  readonly contact: string;
  readonly key_service: string;
  readonly endpoints: readonly {
    readonly specification: string;
    readonly url: string;
    readonly changeset: string;
    readonly type: 'production' | 'test';
    readonly formats: readonly string[];
  }[];
}

export async function discoveryResponse(format: Open311Format, discovery: Discovery): Promise<HttpResult> {
  if (format === 'json') return respond(200, format, JSON.stringify(discovery));
  const document = {
    discovery: {
      changeset: discovery.changeset,
      contact: discovery.contact,
      key_service: discovery.key_service,
      endpoints: {
        endpoint: discovery.endpoints.map((endpoint) => ({
          ...endpoint,
          formats: { format: endpoint.formats },
        })),
      },
    },
  };
  return respond(200, format, `${XML_DECLARATION}${await xml(document)}`);
}

/**
 * Any failure in the spec's error format, in the format the client asked for: field errors and refused
 * input 400 (permanent), unknown ids and codes 404, a body too large 413 (permanent), too many requests 429
 * and a dependency outage 503 (both with Retry-After: send again later). Anything else is a bug: 500 without
 * details (the caller logs it).
 */
export async function errorFromException(
  format: Open311Format,
  error: unknown,
  classify: { readonly isDependencyFailure: (error: unknown) => boolean },
): Promise<{ readonly result: HttpResult; readonly unexpected: boolean }> {
  const answer = async (
    status: number,
    descriptions: readonly string[],
    options: { readonly permanent?: boolean; readonly retryAfterSeconds?: number } = {},
  ) => ({
    result: await errorResponse(
      format,
      status,
      descriptions.map((description) => ({ description })),
      {
        permanent: options.permanent ?? false,
        headers:
          options.retryAfterSeconds === undefined ? {} : { 'retry-after': String(options.retryAfterSeconds) },
      },
    ),
    unexpected: false,
  });
  if (error instanceof Open311ValidationError)
    return answer(
      400,
      error.errors.map((item) => `${item.field}: ${item.message}`),
      { permanent: true },
    );
  if (error instanceof Open311Error)
    return answer(error.status, [error.message], {
      permanent: error.permanent,
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    });
  if (error instanceof HuiyinError && error.status < 500) {
    const details =
      'errors' in error && Array.isArray(error.errors) && error.errors.length > 0
        ? (error.errors as { field: string; message: string }[]).map(
            (item) => `${item.field || 'request'}: ${item.message}`,
          )
        : [error.title.en];
    const retryAfter =
      'retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number'
        ? { retryAfterSeconds: error.retryAfterSeconds }
        : {};
    // Too large, or the same key with other content: the same request will be refused every time.
    const permanent = error instanceof PayloadTooLargeError || error instanceof IdempotencyKeyReusedError;
    return answer(error.status, details, { permanent, ...retryAfter });
  }
  if (classify.isDependencyFailure(error) || (error instanceof HuiyinError && error.status === 503))
    return answer(503, ['service temporarily unavailable; retry later'], { retryAfterSeconds: 5 });
  return { result: await errorResponse(format, 500, [{ description: 'internal error' }]), unexpected: true };
}
