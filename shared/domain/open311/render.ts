import type { XMLBuilder } from 'fast-xml-builder';
import { HuiyinError } from '../../errors/index.ts';
import type { HttpResult } from '../../http/types.ts';
import {
  Open311Error,
  type Open311Format,
  type Open311Request,
  type Open311Service,
  Open311ValidationError,
} from './model.ts';

/**
 * Open311 responses in the two formats the spec defines. JSON is an array at the top level; XML wraps the
 * same records in `services`/`service`, `service_requests`/`request`, `errors`/`error`. Text is escaped by
 * the XML builder (fast-xml-builder), never concatenated. The builder is loaded with the first XML answer:
 * JSON clients never pay its 22 KB at cold start.
 */

let builder: Promise<XMLBuilder> | undefined;
function xml(document: unknown): Promise<string> {
  builder ??= import('fast-xml-builder').then(
    ({ default: Builder }) => new Builder({ format: true, suppressEmptyNode: false }),
  );
  return builder.then((loaded) => loaded.build(document));
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

const contentTypes: Record<Open311Format, string> = {
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
      'content-type': contentTypes[format],
      'x-content-type-options': 'nosniff',
      // Open data for any 311 client, in a browser too; nothing here needs credentials.
      'access-control-allow-origin': '*',
      'cache-control': 'no-store',
      ...headers,
    },
    body,
  };
}

async function records(
  format: Open311Format,
  wrapper: string,
  element: string,
  items: readonly object[],
): Promise<string> {
  if (format === 'json') return JSON.stringify(items);
  return `${XML_DECLARATION}${await xml({ [wrapper]: items.length > 0 ? { [element]: items } : '' })}`;
}

export async function servicesResponse(
  format: Open311Format,
  services: readonly Open311Service[],
): Promise<HttpResult> {
  return respond(200, format, await records(format, 'services', 'service', services), {
    'cache-control': 'public, max-age=300',
  });
}

export async function requestsResponse(
  format: Open311Format,
  requests: readonly Open311Request[],
): Promise<HttpResult> {
  return respond(200, format, await records(format, 'service_requests', 'request', requests));
}

export async function createdResponse(
  format: Open311Format,
  created: { readonly service_request_id: string; readonly service_notice: string },
): Promise<HttpResult> {
  return respond(201, format, await records(format, 'service_requests', 'request', [created]));
}

export async function errorResponse(
  format: Open311Format,
  status: number,
  errors: readonly { readonly description: string }[],
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const list = errors.map((error) => ({ code: status, description: error.description }));
  return respond(status, format, await records(format, 'errors', 'error', list), headers);
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
 * input 400, unknown ids and codes 404, a body too large 413, a dependency outage 503 (retry later).
 * Anything else is a bug: 500 without details (the caller logs it).
 */
export async function errorFromException(
  format: Open311Format,
  error: unknown,
  classify: { readonly isDependencyFailure: (error: unknown) => boolean },
): Promise<{ readonly result: HttpResult; readonly unexpected: boolean }> {
  if (error instanceof Open311ValidationError)
    return {
      result: await errorResponse(
        format,
        400,
        error.errors.map((item) => ({ description: `${item.field}: ${item.message}` })),
      ),
      unexpected: false,
    };
  if (error instanceof Open311Error)
    return {
      result: await errorResponse(format, error.status, [{ description: error.message }]),
      unexpected: false,
    };
  if (error instanceof HuiyinError && error.status < 500) {
    const details =
      'errors' in error && Array.isArray(error.errors) && error.errors.length > 0
        ? (error.errors as { field: string; message: string }[]).map((item) => ({
            description: `${item.field || 'request'}: ${item.message}`,
          }))
        : [{ description: error.title.en }];
    return { result: await errorResponse(format, error.status, details), unexpected: false };
  }
  if (classify.isDependencyFailure(error) || (error instanceof HuiyinError && error.status === 503))
    return {
      result: await errorResponse(
        format,
        503,
        [{ description: 'service temporarily unavailable; retry later' }],
        {
          'retry-after': '5',
        },
      ),
      unexpected: false,
    };
  return { result: await errorResponse(format, 500, [{ description: 'internal error' }]), unexpected: true };
}
