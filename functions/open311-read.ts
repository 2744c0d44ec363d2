import { publicBaseUrl } from '../shared/config/env.ts';
import { Open311Error, parseResource } from '../shared/domain/open311/model.ts';
import {
  discoveryResponse,
  requestsResponse,
  serviceDefinitionResponse,
  servicesResponse,
  updatesResponse,
} from '../shared/domain/open311/render.ts';
import { open311Handler, parseOpen311 } from '../shared/http/open311-handler.ts';
import { open311ReadDeps } from '../shared/runtime/deps/open311.ts';
import {
  open311RequestFilePathSchema,
  open311RequestsQuerySchema,
  open311ServiceFilePathSchema,
  open311ServicesQuerySchema,
  open311UpdatesQuerySchema,
} from '../shared/schemas/open311.ts';
import {
  getRequest,
  getServiceDefinition,
  listRequests,
  listServices,
  listUpdates,
} from '../shared/use-cases/open311.ts';

const notFound = () => new Open311Error(404, 'not found');

/**
 * Open311 GeoReport v2, reading: discovery, services and one service's questions, requests and one request,
 * and `servicerequestupdates`, each as `.json` or `.xml` (one route per resource and format). Any other name
 * under `/open311/v2/` is a 404 in the spec's format.
 */
export const handler = open311Handler('read', async (event) => {
  const format = event.routeKey.endsWith('.xml') ? 'xml' : 'json';
  const deps = open311ReadDeps();
  const now = new Date();
  switch (event.routeKey) {
    case 'GET /open311/v2/services.json':
    case 'GET /open311/v2/services.xml': {
      const { jurisdiction_id } = parseOpen311(open311ServicesQuerySchema, event.queryStringParameters ?? {});
      return servicesResponse(format, await listServices(deps, jurisdiction_id));
    }
    case 'GET /open311/v2/services/{serviceFile}': {
      const file = parseResource(
        parseOpen311(open311ServiceFilePathSchema, event.pathParameters ?? {}).serviceFile,
      );
      if (!file) throw notFound();
      const { jurisdiction_id } = parseOpen311(open311ServicesQuerySchema, event.queryStringParameters ?? {});
      return serviceDefinitionResponse(
        file.format,
        await getServiceDefinition(deps, file.name, jurisdiction_id),
      );
    }
    case 'GET /open311/v2/requests.json':
    case 'GET /open311/v2/requests.xml': {
      const answer = await listRequests(
        deps,
        parseOpen311(open311RequestsQuerySchema, event.queryStringParameters ?? {}),
        now,
      );
      return requestsResponse(format, answer.items, answer.notice);
    }
    case 'GET /open311/v2/requests/{requestFile}': {
      const file = parseResource(
        parseOpen311(open311RequestFilePathSchema, event.pathParameters ?? {}).requestFile,
      );
      if (!file) throw notFound();
      return requestsResponse(file.format, [await getRequest(deps, file.name)]);
    }
    case 'GET /open311/v2/servicerequestupdates.json':
    case 'GET /open311/v2/servicerequestupdates.xml': {
      const answer = await listUpdates(
        deps,
        parseOpen311(open311UpdatesQuerySchema, event.queryStringParameters ?? {}),
        now,
      );
      return updatesResponse(format, answer.items, answer.notice);
    }
    case 'GET /open311/v2/discovery.json':
    case 'GET /open311/v2/discovery.xml': {
      const base = `${publicBaseUrl().replace(/\/$/, '')}/open311/v2/`;
      return discoveryResponse(format, {
        changeset: '2026-12-01T00:00:00+08:00',
        contact: '回音（县信访局）',
        key_service: '',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: '2026-12-01T00:00:00+08:00',
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
      });
    }
    default:
      throw notFound();
  }
});
